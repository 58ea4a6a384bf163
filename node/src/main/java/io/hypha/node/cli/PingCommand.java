package io.hypha.node.cli;

import io.hypha.host.Connection;
import io.hypha.host.Host;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.protocol.ping.Ping;
import io.hypha.protocol.ping.PingConfig;
import io.hypha.protocol.ping.PingSession;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hypha ping [-n N] PEER}: Kubo's {@code ipfs ping}, printing each round trip. With a daemon running, the
 * daemon pings (PEER may then be a bare peer id it knows addresses for); without one, a short-lived host of
 * its own dials MULTIADDR/p2p/ID.
 */
@Command(name = "ping", description = {"Send echo requests to a peer (/ipfs/ping/1.0.0) and print each round-trip time.",
    "Through the running daemon when there is one (one ping a second), else from a host of its own."})
final class PingCommand implements Callable<Integer> {
    /** Most pings one command sends. */
    static final int MAX_COUNT = 100_000;

    @Option(names = {"-n", "--count"}, defaultValue = "10", description = "Number of pings (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = {"-i", "--interval"}, defaultValue = "1s", description = "Time between pings (default: ${DEFAULT-VALUE}).")
    String interval;

    @Parameters(paramLabel = "PEER", description = "The peer's address, ending in /p2p/<peer id> (or, with a daemon, its peer id).")
    String address;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || count > MAX_COUNT) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--count must be 1 to " + MAX_COUNT);
        }
        Duration pause = NetworkCommands.duration(interval);
        PrintWriter out = spec.commandLine().getOut();
        if (address.startsWith("/")) {
            NetworkCommands.peerAddress(address);
        }
        Optional<ApiClient> daemon = address.startsWith("/") ? CliApi.find(spec) : Optional.of(CliApi.require(spec));
        if (daemon.isPresent()) {
            try (ApiClient api = daemon.get()) {
                api.lines("ping", List.of(address), Map.of("count", Integer.toString(count)), line -> {
                    String text = line.path("Text").asText("");
                    if (!text.isEmpty()) {
                        out.println(text);
                    } else if (line.path("Success").asBoolean()) {
                        out.printf(Locale.ROOT, "Pong received: time=%.2f ms%n", line.path("Time").asLong() / 1e6);
                    } else {
                        out.println("Pong failed");
                    }
                    out.flush();
                });
            }
            return 0;
        }
        Multiaddr addr = NetworkCommands.peerAddress(address);
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
