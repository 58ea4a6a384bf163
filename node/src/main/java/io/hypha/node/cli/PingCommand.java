package io.hypha.node.cli;

import io.hypha.host.Connection;
import io.hypha.host.Host;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.protocol.ping.Ping;
import io.hypha.protocol.ping.PingConfig;
import io.hypha.protocol.ping.PingSession;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hypha ping [-n N] MULTIADDR/p2p/ID}: Kubo's {@code ipfs ping}, printing each round trip. */
@Command(name = "ping", description = "Send echo requests to a peer (/ipfs/ping/1.0.0) and print each round-trip time.")
final class PingCommand implements Callable<Integer> {
    /** Most pings one command sends. */
    static final int MAX_COUNT = 100_000;

    @Option(names = {"-n", "--count"}, defaultValue = "10", description = "Number of pings (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = {"-i", "--interval"}, defaultValue = "1s", description = "Time between pings (default: ${DEFAULT-VALUE}).")
    String interval;

    @Parameters(paramLabel = "MULTIADDR", description = "The peer's address, ending in /p2p/<peer id>.")
    String address;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || count > MAX_COUNT) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--count must be 1 to " + MAX_COUNT);
        }
        Duration pause = NetworkCommands.duration(interval);
        Multiaddr addr = NetworkCommands.peerAddress(address);
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = NetworkCommands.startHost()) {
            Ping ping = Ping.install(host);
            Connection c = NetworkCommands.connect(host, addr);
            out.println("PING " + c.remotePeer() + ".");
            out.flush();
            PingConfig cfg = PingConfig.defaults();
            try (PingSession session = NetworkCommands.await(ping.openSession(c.remotePeer()), cfg.timeout(),
                    "opening a ping stream to " + c.remotePeer())) {
                long totalNanos = 0;
                for (int i = 0; i < count; i++) {
                    if (i > 0 && !pause.isZero()) {
                        LockSupport.parkNanos(pause.toNanos());
                    }
                    Duration rtt = NetworkCommands.await(session.ping(), cfg.timeout().plusSeconds(1),
                            "ping " + (i + 1) + " to " + c.remotePeer());
                    totalNanos += rtt.toNanos();
                    out.printf(Locale.ROOT, "Pong received: time=%.2f ms%n", rtt.toNanos() / 1e6);
                    out.flush();
                }
                out.printf(Locale.ROOT, "Average latency: %.2fms%n", totalNanos / 1e6 / count);
            }
        }
        return 0;
    }
}
