package io.hypha.bench;

import io.hypha.host.Connection;
import io.hypha.host.Host;
import io.hypha.interop.JsPeer;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import io.hypha.protocol.identify.Identify;
import io.hypha.protocol.perf.Perf;
import io.hypha.protocol.perf.PerfResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The network benchmark: single-stream throughput with the libp2p perf protocol over loopback TCP
 * (Noise + yamux) for Java→Java, Java→js, js→Java and js→js in one run, as a table with ratios, then
 * connection handshakes per second between two Java hosts (TCP + multistream + Noise + yamux +
 * identify). Run: {@code ./mvnw -B -q -Pbench-net -pl interop-tests -am verify -DskipTests}
 * (arguments: {@code -Dbench.net.args="<MiB per run> <runs> <handshakes>"}, default 1024 5 500).
 */
public final class NetworkBenchmark {
    private NetworkBenchmark() {}

    private static final long MIB = 1024 * 1024;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    /** Runs before measuring: the JIT compiles the hot paths (Java) and V8 optimises (js). */
    private static final int WARM_UP_RUNS = 2;

    record Row(String path, List<Double> mbPerSecond) {
        double median() {
            double[] v = mbPerSecond.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return v[v.length / 2];
        }
    }

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int handshakes = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        long bytes = mib * MIB;
        System.out.printf(Locale.ROOT, "Hypha network benchmark: %d MiB per run, median of %d runs after %d warm-up runs%n", mib, runs, WARM_UP_RUNS);
        System.out.println("machine: " + machine() + "; Java " + Runtime.version() + "; js peer: Node "
                + "22.23.3, js-libp2p 3.3.11");

        List<Row> rows = new ArrayList<>();
        try (Host server = Host.builder().listen("/ip4/127.0.0.1/tcp/0").start().get(30, TimeUnit.SECONDS);
                Host client = Host.builder().start().get(30, TimeUnit.SECONDS);
                JsPeer jsA = JsPeer.start();
                JsPeer jsB = JsPeer.start()) {
            Perf.enableServer(server);
            Multiaddr serverAddr = server.listenAddresses().get(0).withPeerId(server.peerId());
            client.connect(serverAddr).get(30, TimeUnit.SECONDS);
            PeerId jsBId = PeerId.parse(jsB.peerId());
            client.connect(Multiaddr.parse(jsB.addrs().get(0))).get(30, TimeUnit.SECONDS);

            rows.add(measure("Java → Java", runs, () -> javaUpload(client, server.peerId(), bytes)));
            rows.add(measure("Java → js", runs, () -> javaUpload(client, jsBId, bytes)));
            rows.add(measure("js → Java", runs, () -> jsUpload(jsA, serverAddr.toString(), bytes)));
            rows.add(measure("js → js", runs, () -> jsUpload(jsA, jsB.addrs().get(0), bytes)));
        }
        double base = rows.get(3).median();
        System.out.println();
        System.out.println("| path | MB/s (median) | runs (MB/s) | vs js → js |");
        System.out.println("|---|---|---|---|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %s | %.2fx |%n", r.path(), r.median(),
                    r.mbPerSecond().stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList(), r.median() / base);
        }
        System.out.println();
        handshakes(handshakes);
    }

    interface Run {
        double mbPerSecond() throws Exception;
    }

    private static Row measure(String path, int runs, Run run) throws Exception {
        System.out.print(path + ": warm-up");
        for (int i = 0; i < WARM_UP_RUNS; i++) {
            run.mbPerSecond();
        }
        List<Double> results = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            double v = run.mbPerSecond();
            System.out.printf(Locale.ROOT, ", %.0f", v);
            results.add(v);
        }
        System.out.println(" MB/s");
        return new Row(path, results);
    }

    /** Upload measured from stream open until the server has read everything and closed (the perf total). */
    private static double javaUpload(Host client, PeerId server, long bytes) throws Exception {
        PerfResult r = Perf.run(client, server, bytes, 0).get(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return bytes / (r.total().toNanos() / 1e9) / 1e6;
    }

    private static double jsUpload(JsPeer client, String serverAddr, long bytes) throws Exception {
        double seconds = client.call("perf", Map.of("addr", serverAddr, "upload", bytes, "download", 0), RUN_TIMEOUT)
                .get("seconds").asDouble();
        return bytes / seconds / 1e6;
    }

    /** New connection + Noise + yamux + identify, sequentially, between two Java hosts. */
    private static void handshakes(int count) throws Exception {
        try (Host server = Host.builder().listen("/ip4/127.0.0.1/tcp/0").start().get(30, TimeUnit.SECONDS);
                Host client = Host.builder().start().get(30, TimeUnit.SECONDS)) {
            Identify.install(server);
            Identify clientIdentify = Identify.install(client);
            Multiaddr addr = server.listenAddresses().get(0).withPeerId(server.peerId());
            for (int round = 0; round < 2; round++) {
                int n = round == 0 ? Math.max(20, count / 5) : count;
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    Connection c = client.connect(addr).get(30, TimeUnit.SECONDS);
                    clientIdentify.identify(c).get(30, TimeUnit.SECONDS);
                    c.close().get(30, TimeUnit.SECONDS);
                }
                double s = (System.nanoTime() - t0) / 1e9;
                if (round == 1) {
                    System.out.printf(Locale.ROOT,
                            "handshakes (TCP + Noise + yamux + identify, then close), Java ↔ Java, one at a time: %d in %.2f s = %.0f per second (%.2f ms each)%n",
                            n, s, n / s, s * 1000 / n);
                }
            }
        }
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (Exception e) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu;
    }
}
