package io.hypha.bench;

import io.hypha.host.Host;
import io.hypha.host.HostConfig;
import io.hypha.protocol.perf.Perf;
import io.hypha.protocol.perf.PerfResult;
import java.util.concurrent.TimeUnit;

/**
 * Perf throughput between two hosts in one JVM over loopback TCP (Noise + yamux, one stream), as a plain main:
 * performance is measured here, not asserted in tests. Usage: {@code PerfBenchmark [MiB each way] [runs]};
 * prints upload and download MB/s per run (after warm-up runs).
 */
public final class PerfBenchmark {
    private static final int WARMUP_RUNS = 3;
    private static final int DEFAULT_MIB = 1024;
    private static final int DEFAULT_RUNS = 5;
    private static final long TIMEOUT_S = 300;

    private PerfBenchmark() {}

    public static void main(String[] args) throws Exception {
        long bytes = (args.length > 0 ? Long.parseLong(args[0]) : DEFAULT_MIB) * 1024 * 1024;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_RUNS;
        Host server = Host.builder().listen("/ip4/127.0.0.1/tcp/0").config(HostConfig.defaults("bench/server"))
                .start().get(TIMEOUT_S, TimeUnit.SECONDS);
        Host client = Host.builder().config(HostConfig.defaults("bench/client")).start().get(TIMEOUT_S, TimeUnit.SECONDS);
        try {
            Perf.enableServer(server);
            client.connect(server.listenAddresses().get(0).withPeerId(server.peerId())).get(TIMEOUT_S, TimeUnit.SECONDS);
            System.out.printf("perf over loopback TCP (Noise + yamux), %d MiB each way, %s%n", bytes >> 20,
                    Runtime.version());
            double upSum = 0;
            double downSum = 0;
            for (int run = 0; run < WARMUP_RUNS + runs; run++) {
                PerfResult r = Perf.run(client, server.peerId(), bytes, bytes).get(TIMEOUT_S, TimeUnit.SECONDS);
                double up = r.uploadBytesPerSecond() / 1e6;
                double down = r.downloadBytesPerSecond() / 1e6;
                boolean warm = run < WARMUP_RUNS;
                System.out.printf("%s run %d: upload %.0f MB/s, download %.0f MB/s, total %.2f s%n",
                        warm ? "warmup" : "measured", run, up, down, r.total().toNanos() / 1e9);
                if (!warm) {
                    upSum += up;
                    downSum += down;
                }
            }
            System.out.printf("mean of %d runs: upload %.0f MB/s, download %.0f MB/s%n", runs, upSum / runs,
                    downSum / runs);
        } finally {
            client.closeAsync().get(TIMEOUT_S, TimeUnit.SECONDS);
            server.closeAsync().get(TIMEOUT_S, TimeUnit.SECONDS);
        }
    }
}
