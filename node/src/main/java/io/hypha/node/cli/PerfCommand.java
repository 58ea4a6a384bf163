package io.hypha.node.cli;

import io.hypha.host.Connection;
import io.hypha.host.Host;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.protocol.perf.Perf;
import io.hypha.protocol.perf.PerfResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hypha perf --upload BYTES --download BYTES MULTIADDR/p2p/ID}: one run of the libp2p perf protocol
 * against a peer serving it (for instance {@code hypha daemon --enable-perf}), printing throughput.
 */
@Command(name = "perf", description = "Measure throughput to a peer with the /perf/1.0.0 protocol.")
final class PerfCommand implements Callable<Integer> {
    /** Longest a run may take. */
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);

    @Option(names = "--upload", defaultValue = "0", paramLabel = "BYTES", description = "Bytes to send (e.g. 1GiB).")
    String upload;

    @Option(names = "--download", defaultValue = "0", paramLabel = "BYTES", description = "Bytes to receive (e.g. 1GiB).")
    String download;

    @Parameters(paramLabel = "MULTIADDR", description = "The peer's address, ending in /p2p/<peer id>.")
    String address;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long up = NetworkCommands.bytes(upload);
        long down = NetworkCommands.bytes(download);
        Multiaddr addr = NetworkCommands.peerAddress(address);
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = NetworkCommands.startHost()) {
            Connection c = NetworkCommands.connect(host, addr);
            PerfResult r = NetworkCommands.await(Perf.run(host, c.remotePeer(), up, down), RUN_TIMEOUT,
                    "perf run with " + c.remotePeer());
            out.printf(Locale.ROOT, "upload: %d bytes in %.3f s (%.1f MB/s)%n", r.uploadBytes(), seconds(r.upload()),
                    r.uploadBytesPerSecond() / 1e6);
            out.printf(Locale.ROOT, "download: %d bytes in %.3f s (%.1f MB/s)%n", r.downloadBytes(),
                    seconds(r.download()), r.downloadBytesPerSecond() / 1e6);
            out.printf(Locale.ROOT, "total: %.3f s%n", seconds(r.total()));
        }
        return 0;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
