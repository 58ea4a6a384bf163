package io.hypha.bench;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.repo.ApiConfig;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import io.hypha.node.rpc.RpcServer;
import io.hypha.node.unixfs.ImportListener;
import io.hypha.transport.tcp.TcpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code add} of one file through the RPC API against the same add in-process, in the same run and on the same
 * disk: the API's cost is the multipart upload over loopback on top of the import. The upload is made by
 * {@code curl -F} (a client nobody here wrote), streaming the file. Run it (a fresh JVM, {@code -Xmx256m}, so
 * the upload is proven not to be buffered):
 *
 * <pre>./mvnw -B -q -Pbench-api -pl node -am verify -DskipTests</pre>
 *
 * <p>{@code hypha.bench.size} sets the file size (default 1 GiB), {@code hypha.bench.dir} the scratch directory.
 */
public final class ApiAddBenchmark {
    private static final long GIB = 1L << 30;

    private record Row(String what, long bytes, long nanos, String cid) {}

    public static void main(String[] args) throws Exception {
        long size = Long.getLong("hypha.bench.size", GIB);
        Path scratch = Files.createTempDirectory(Path.of(System.getProperty("hypha.bench.dir",
                System.getProperty("java.io.tmpdir"))), "hypha-api-bench");
        List<Row> rows = new ArrayList<>();
        try {
            Path file = scratch.resolve("input.bin");
            generate(file, size);
            for (int round = 0; round < 2; round++) {
                rows.add(inProcess(scratch.resolve("repo-a" + round), file));
                rows.add(throughApi(scratch.resolve("repo-b" + round), file));
            }
        } finally {
            deleteTree(scratch);
        }
        System.out.printf(Locale.ROOT, "%n%-44s %8s %9s %9s  %s%n", "what", "MiB", "seconds", "MiB/s", "root CID");
        for (Row r : rows) {
            double mib = r.bytes() / 1048576.0;
            double s = r.nanos() / 1e9;
            System.out.printf(Locale.ROOT, "%-44s %8.0f %9.2f %9.0f  %s%n", r.what(), mib, s, mib / s, r.cid());
        }
        System.out.printf(Locale.ROOT, "machine: %s, %d cores, java %s%n", cpuModel(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    }

    private static Row inProcess(Path repoDir, Path file) throws Exception {
        try (Repo repo = Repo.init(repoDir, Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
             Node node = Node.builder().repo(repo).start().get(30, TimeUnit.SECONDS)) {
            long t0 = System.nanoTime();
            String cid = node.content().add(file, Content.AddOptions.defaults(), ImportListener.NONE)
                    .get(30, TimeUnit.MINUTES).root().toString();
            return new Row("add in-process (node.content().add)", Files.size(file), System.nanoTime() - t0, cid);
        }
    }

    private static Row throughApi(Path repoDir, Path file) throws Exception {
        try (Repo repo = Repo.init(repoDir, Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
             Node node = Node.builder().repo(repo).start().get(30, TimeUnit.SECONDS);
             RpcServer api = RpcServer.start(node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), ApiConfig.DEFAULTS, () -> { })
                     .get(30, TimeUnit.SECONDS)) {
            int port = TcpTransport.toSocketAddress(api.address()).getPort();
            long t0 = System.nanoTime();
            Process curl = new ProcessBuilder("curl", "-sS", "--fail", "-X", "POST", "-F",
                    "file=@" + file + ";filename=input.bin", "http://127.0.0.1:" + port + "/api/v0/add?quieter=true")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out;
            try (InputStream in = curl.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!curl.waitFor(30, TimeUnit.MINUTES) || curl.exitValue() != 0) {
                throw new IOException("curl failed: " + out);
            }
            long nanos = System.nanoTime() - t0;
            String[] lines = out.strip().split("\n");
            String last = lines[lines.length - 1];
            int i = last.indexOf("\"Hash\":\"");
            String cid = i < 0 ? last : last.substring(i + 8, last.indexOf('"', i + 8));
            return new Row("add through the RPC API (curl -F, loopback)", Files.size(file), nanos, cid);
        }
    }

    private static void generate(Path file, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(0x617069L);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += buf.length) {
                for (int i = 0; i < buf.length; i += 8) {
                    long v = random.nextLong();
                    for (int j = 0; j < 8; j++) {
                        buf[i + j] = (byte) (v >>> (8 * j));
                    }
                }
                out.write(buf, 0, (int) Math.min(buf.length, size - done));
            }
        }
    }

    static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
