package io.hypha.bench;

import com.sun.net.httpserver.HttpServer;
import io.hypha.block.Block;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.gateway.GatewayServer;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import io.hypha.node.unixfs.ImportListener;
import io.hypha.transport.tcp.TcpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The gateway's throughput next to a reference in the same run, on the same machine:
 * <ul>
 *   <li>a 1 GiB UnixFS file read with {@code curl -o /dev/null} from the gateway, against curl reading 1 GiB from
 *       the JDK's own {@code HttpServer} streaming it from memory (a 1 MiB buffer written 1,024 times);</li>
 *   <li>raw blocks ({@code ?format=raw}, 1 KiB each) requested by many concurrent keep-alive clients (the JDK's
 *       {@code HttpClient}), against the same clients asking the JDK server for the same bytes from a map.</li>
 * </ul>
 * Run it (the {@code bench-gateway} profile starts it in a fresh JVM):
 *
 * <pre>./mvnw -B -q -Pbench-gateway -pl node -am verify -DskipTests</pre>
 *
 * <p>System properties: {@code hypha.bench.size} (bytes of the file, default 1 GiB), {@code hypha.bench.clients}
 * (concurrent clients, default 32), {@code hypha.bench.seconds} (seconds per request-rate run, default 10),
 * {@code hypha.bench.dir} (scratch directory, default the system temp directory).
 */
public final class GatewayBenchmark {
    private static final long GIB = 1L << 30;
    private static final int MIB = 1 << 20;
    private static final int BLOCKS = 2_000;
    private static final int BLOCK_BYTES = 1024;
    private static final int RUNS = 3;

    public static void main(String[] args) throws Exception {
        long size = Long.getLong("hypha.bench.size", GIB);
        int clients = Integer.getInteger("hypha.bench.clients", 32);
        int seconds = Integer.getInteger("hypha.bench.seconds", 10);
        Path scratch = Files.createTempDirectory(Path.of(System.getProperty("hypha.bench.dir",
                System.getProperty("java.io.tmpdir"))), "hypha-gateway-bench");
        System.out.println(machine());
        try (Repo repo = Repo.init(scratch.resolve("repo"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
                Node node = Node.builder().repo(repo).start().get(60, TimeUnit.SECONDS)) {
            Cid file = node.content().add("bench.bin", new Generated(size), Content.AddOptions.defaults(),
                    ImportListener.NONE).get(30, TimeUnit.MINUTES).root();
            List<Cid> blocks = new ArrayList<>();
            Map<String, byte[]> byPath = new HashMap<>();
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < BLOCKS; i++) {
                byte[] data = new byte[BLOCK_BYTES];
                random.nextBytes(data);
                Block b = Block.raw(data);
                node.content().blockPut(b, false).get(60, TimeUnit.SECONDS);
                blocks.add(b.cid());
                byPath.put("/ipfs/" + b.cid(), data);
            }
            byte[] chunk = new byte[MIB];
            new SplittableRandom(7).nextBytes(chunk);
            HttpServer reference = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
            ExecutorService referenceThreads = Executors.newVirtualThreadPerTaskExecutor();
            reference.setExecutor(referenceThreads);
            reference.createContext("/file", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, size);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (long left = size; left > 0; left -= chunk.length) {
                        out.write(chunk, 0, (int) Math.min(chunk.length, left));
                    }
                }
            });
            reference.createContext("/ipfs/", exchange -> {
                byte[] data = byPath.get(exchange.getRequestURI().getPath());
                exchange.getResponseHeaders().set("Content-Type", "application/vnd.ipld.raw");
                exchange.sendResponseHeaders(data == null ? 404 : 200, data == null ? -1 : data.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    if (data != null) {
                        out.write(data);
                    }
                }
            });
            reference.start();
            String ref = "http://127.0.0.1:" + reference.getAddress().getPort();
            try (GatewayServer gateway = GatewayServer.start(node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                    .get(60, TimeUnit.SECONDS)) {
                String gw = "http://127.0.0.1:" + TcpTransport.toSocketAddress(gateway.address()).getPort();
                double gwMib = curl(gw + "/ipfs/" + file, size);
                double refMib = curl(ref + "/file", size);
                double catMib = cat(node, file, size);
                System.out.printf(Locale.ROOT, "%n%-60s %10s%n", (size / MIB) + " MiB file, curl -o /dev/null (median of "
                        + RUNS + ")", "MiB/s");
                System.out.printf(Locale.ROOT, "%-60s %10.0f%n", "gateway /ipfs/{file}", gwMib);
                System.out.printf(Locale.ROOT, "%-60s %10.0f%n", "reference: JDK HttpServer from memory", refMib);
                System.out.printf(Locale.ROOT, "%-60s %10.2f%n", "ratio gateway / reference", gwMib / refMib);
                System.out.printf(Locale.ROOT, "%-60s %10.0f%n", "for scale: node.content().cat to a null stream", catMib);

                double gwRate = requests(gw, blocks, clients, seconds, "?format=raw");
                double refRate = requests(ref, blocks, clients, seconds, "");
                System.out.printf(Locale.ROOT, "%n%-60s %10s%n", "1 KiB raw blocks, " + clients
                        + " keep-alive JDK HttpClient clients, " + seconds + " s", "req/s");
                System.out.printf(Locale.ROOT, "%-60s %10.0f%n", "gateway /ipfs/{cid}?format=raw", gwRate);
                System.out.printf(Locale.ROOT, "%-60s %10.0f%n", "reference: JDK HttpServer from a map", refRate);
                System.out.printf(Locale.ROOT, "%-60s %10.2f%n", "ratio gateway / reference", gwRate / refRate);
                System.out.printf(Locale.ROOT, "%-60s %10.0f%n", "for scale: node.content().blockGet, same threads",
                        blockGets(node, blocks, clients, seconds));
            } finally {
                reference.stop(0);
                referenceThreads.shutdownNow();
            }
        } finally {
            try (Stream<Path> walk = Files.walk(scratch)) {
                walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Median MiB/s of {@link #RUNS} downloads after one warm-up, each checked for the full size. */
    private static double curl(String url, long size) throws Exception {
        double[] rates = new double[RUNS];
        for (int i = -1; i < RUNS; i++) {
            Process p = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{size_download} %{time_total}", url)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException("curl " + url + " failed: " + out);
            }
            String[] parts = out.split(" ");
            if (Long.parseLong(parts[0]) != size) {
                throw new IOException("curl read " + parts[0] + " bytes of " + size + " from " + url);
            }
            if (i >= 0) {
                rates[i] = size / (double) MIB / Double.parseDouble(parts[1]);
            }
        }
        Arrays.sort(rates);
        return rates[RUNS / 2];
    }

    /** Median MiB/s of reading the file in process, no HTTP: what the gateway reads at most. */
    private static double cat(Node node, Cid file, long size) throws Exception {
        double[] rates = new double[RUNS];
        for (int i = -1; i < RUNS; i++) {
            long start = System.nanoTime();
            long n = node.content().cat(file, 0, -1, OutputStream.nullOutputStream()).get(10, TimeUnit.MINUTES);
            if (n != size) {
                throw new IOException("cat read " + n + " bytes of " + size);
            }
            if (i >= 0) {
                rates[i] = size / (double) MIB / ((System.nanoTime() - start) / 1e9);
            }
        }
        Arrays.sort(rates);
        return rates[RUNS / 2];
    }

    /** Blocks per second read in process by {@code clients} threads: what the gateway serves at most. */
    private static double blockGets(Node node, List<Cid> blocks, int clients, int seconds) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                threads.submit(() -> {
                    int i = client * 997;
                    while (System.nanoTime() < end) {
                        node.content().blockGet(blocks.get(i++ % blocks.size())).get(60, TimeUnit.SECONDS);
                        done.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        return done.get() / (double) seconds;
    }

    /** Requests per second over {@code seconds}, after a warm-up of a quarter as long. */
    private static double requests(String base, List<Cid> blocks, int clients, int seconds, String query)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        run(http, base, blocks, clients, Math.max(1, seconds / 4), query);
        return run(http, base, blocks, clients, seconds, query) / (double) seconds;
    }

    private static long run(HttpClient http, String base, List<Cid> blocks, int clients, int seconds, String query)
            throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                threads.submit(() -> {
                    int i = client * 997;
                    while (System.nanoTime() < end) {
                        Cid cid = blocks.get(i++ % blocks.size());
                        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/ipfs/" + cid
                                + query)).build(), HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200 || r.body().length != BLOCK_BYTES) {
                            throw new IOException("bad answer " + r.statusCode() + " from " + base);
                        }
                        done.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        return done.get();
    }

    private static String machine() throws IOException {
        String cpu = "unknown CPU";
        Path info = Path.of("/proc/cpuinfo");
        if (Files.exists(info)) {
            cpu = Files.readAllLines(info).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        }
        Path loadavg = Path.of("/proc/loadavg");
        String load = Files.exists(loadavg) ? ", load average " + Files.readString(loadavg).split(" ")[0] : "";
        return String.format(Locale.ROOT, "machine: %d cores, %s, %s %s (%s), max heap %d MiB%s",
                Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("java.vm.vendor"),
                System.getProperty("java.version"), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().maxMemory() / MIB, load);
    }

    /** {@code size} pseudo-random bytes from a fixed seed, produced as they are read (nothing held in memory). */
    private static final class Generated extends InputStream {
        private final SplittableRandom random = new SplittableRandom(0x67617465L);
        private final byte[] block = new byte[MIB];
        private long left;
        private int pos = MIB;

        Generated(long size) {
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            if (pos == block.length) {
                random.nextBytes(block);
                pos = 0;
            }
            int n = (int) Math.min(Math.min(len, block.length - pos), left);
            System.arraycopy(block, pos, b, off, n);
            pos += n;
            left -= n;
            return n;
        }
    }
}
