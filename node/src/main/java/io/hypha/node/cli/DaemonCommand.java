package io.hypha.node.cli;

import io.hypha.host.HostEvent;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.node.Node;
import io.hypha.node.repo.Repo;
import io.hypha.node.repo.RepoException;
import io.hypha.node.gateway.GatewayServer;
import io.hypha.node.rpc.RpcServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hypha daemon}: runs the node on the repo until SIGINT or SIGTERM, as Kubo's {@code ipfs daemon}.
 * Listens on the repo's {@code Addresses.Swarm} (or {@code --listen}), prints its peer id and full
 * multiaddrs, logs peers as they connect, identify and leave, and shuts down cleanly on a signal.
 */
@Command(name = "daemon", description = "Run a network-connected Hypha node until interrupted.",
        footer = {"", "Limits on what peers can make the node hold come from the config's Swarm.ResourceMgr",
            "(MaxMemory, MaxConnsInbound, MaxConnsPerIP, ...) and connection trimming from Swarm.ConnMgr",
            "(LowWater, HighWater, GracePeriod); the daemon prints the effective values at start.",
            "Environment: HYPHA_PATH (the repo), HYPHA_LOG=debug|info|warn|error (log level).",
            "Exit status: 0 after SIGINT/SIGTERM, 1 on bad input, 70 after a fatal error (out of memory)."})
final class DaemonCommand implements Callable<Integer> {
    /** How long a clean shutdown may take before the process exits anyway. */
    static final long SHUTDOWN_TIMEOUT_SECONDS = 15;
    /** How long binding the listeners may take. */
    static final long START_TIMEOUT_SECONDS = 30;
    /** Where the running daemon writes its RPC API address, as Kubo writes {@code $IPFS_PATH/api}. */
    static final String API_FILE = "api";
    /** Exit status after a fatal error (out of memory on an event loop): EX_SOFTWARE, for a supervisor to restart. */
    static final int FATAL_EXIT_STATUS = 70;
    /** After a fatal error, how long the orderly exit may take before the process is halted. */
    static final long FATAL_EXIT_GRACE_SECONDS = 5;

    @Option(names = "--init", description = "Initialise the repo first if it does not exist.")
    boolean init;

    @Option(names = "--init-profile", paramLabel = "PROFILE", split = ",",
            description = "With --init: configuration profiles for the new repo (as 'hypha init --profile').")
    List<String> initProfiles = new java.util.ArrayList<>();

    @Option(names = "--listen", paramLabel = "MULTIADDR", split = ",",
            description = "Listen on these addresses instead of the config's Addresses.Swarm (repeatable or comma-separated).")
    List<String> listen;

    @Option(names = "--enable-perf", description = "Serve the /perf/1.0.0 throughput protocol (off by default).")
    boolean perf;

    @Option(names = "--offline", description = "Run offline, as Kubo's 'ipfs daemon --offline': no Bitswap and no DHT"
            + " (the swarm still listens); the node reads and serves its own blocks only, and commands that need the"
            + " network (bitswap, routing, dht) fail with 'this command must be run in online mode'.")
    boolean offline;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Logging.configure();
        Logger log = Logger.getLogger(Logging.NODE_LOGGER);
        PrintWriter out = spec.commandLine().getOut();
        Path path = HyphaCli.repoPath(spec);
        if (!Repo.isInitialized(path)) {
            if (!init) {
                throw new RepoException.NotInitialized(path);
            }
            List<io.hypha.node.repo.ConfigProfile> profiles = new java.util.ArrayList<>();
            for (String name : initProfiles) {
                try {
                    profiles.add(io.hypha.node.repo.ConfigProfile.forName(name));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
            }
            try (Repo created = Repo.init(path, Repo.RepoInitOptions.withProfiles(profiles))) {
                out.println("initialized Hypha repo at " + path + " with peer identity " + created.peerId());
            }
        }
        List<Multiaddr> addrs = listen == null ? null : listen.stream().map(Multiaddr::parse).toList();
        CountDownLatch stopRequested = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<String> stopReason =
                new java.util.concurrent.atomic.AtomicReference<>("Received interrupt signal, shutting down...");
        CountDownLatch stopped = new CountDownLatch(1);
        try (Repo repo = Repo.open(path)) {
            var builder = Node.builder().repo(repo).enablePerf(perf).offline(offline).fatalErrorHandler(DaemonCommand::exitOnFatalError);
            if (addrs != null) {
                builder.listen(addrs);
            }
            Node node = builder.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Thread hook = new Thread(() -> {
                stopRequested.countDown();
                try {
                    stopped.await(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "hypha-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            node.host().subscribe(HostEvent.PeerConnected.class, e -> log.info(() -> "peer connected: " + e.peer()
                    + " " + e.connection().direction().name().toLowerCase() + " " + e.connection().remoteAddress()));
            node.host().subscribe(HostEvent.PeerIdentified.class, e -> log.info(() -> "peer identified: " + e.peer()
                    + " agent=" + e.agentVersion() + " protocols=" + e.protocols().size()));
            node.host().subscribe(HostEvent.PeerDisconnected.class, e -> log.info(() -> "peer disconnected: " + e.peer()));

            out.println("Hypha daemon " + VersionCommand.version() + ", Java " + Runtime.version());
            out.println("PeerID: " + node.peerId());
            for (Multiaddr a : node.host().listenAddresses()) {
                out.println("Swarm listening on " + a);
            }
            for (Multiaddr a : node.host().dialableAddresses()) {
                out.println("Swarm announcing " + a.withPeerId(node.peerId()));
            }
            RpcServer api = RpcServer.start(node, Multiaddr.parse(repo.config().addresses().api()), repo.config().api(),
                    () -> {
                        stopReason.set("Shutdown requested through the RPC API, shutting down...");
                        stopRequested.countDown();
                    }).get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Path apiFile = path.resolve(API_FILE);
            Files.writeString(apiFile, api.address().toString());
            out.println("RPC API server listening on " + api.address());
            GatewayServer gateway;
            try {
                gateway = GatewayServer.start(node, Multiaddr.parse(repo.config().addresses().gateway()))
                        .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                // no api file may name a daemon that is not coming up
                Files.deleteIfExists(apiFile);
                api.closeAsync().get(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                throw e;
            }
            out.println("Gateway server listening on " + gateway.address());
            out.println("Resource limits (Swarm.ResourceMgr): " + describe(node.resources().limits()));
            var cm = node.host().connectionManager().config();
            out.println("Connection manager (Swarm.ConnMgr): " + (cm.highWater() == Integer.MAX_VALUE ? "none"
                    : "low water " + cm.lowWater() + ", high water " + cm.highWater() + ", grace period "
                    + cm.gracePeriod().toSeconds() + "s"));
            out.println("DHT (Routing.Type " + repo.config().routing().routingType().configName() + "): "
                    + node.dht().map(d -> d.mode() == io.hypha.protocol.kad.KadMode.SERVER
                            ? "server, answering /ipfs/kad/1.0.0" : "client, looking up without serving")
                            .orElse("off") + ", " + repo.config().bootstrap().size() + " bootstrap peers");
            out.println("Bitswap: " + (node.bitswap().isPresent() ? "on" : "off") + (offline ? " (offline mode)" : ""));
            out.println("Daemon is ready");
            out.flush();

            stopRequested.await();
            out.println(stopReason.get());
            out.flush();
            try {
                Files.deleteIfExists(apiFile);
                api.closeAsync().get(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                gateway.closeAsync().get(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                node.stopAsync().get(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.log(Level.WARNING, "shutdown did not finish cleanly", e);
            }
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    /**
     * The daemon's fatal-error policy: a node whose event loop hit an out-of-memory (or other VM) error must not
     * run on half-dead, so the process ends with {@link #FATAL_EXIT_STATUS} for its supervisor or container to
     * restart it: an orderly exit (shutdown hooks close the repo) if it completes within
     * {@link #FATAL_EXIT_GRACE_SECONDS}, else a halt.
     */
    static void exitOnFatalError(io.hypha.host.Host host, Throwable error) {
        System.err.println("Error: fatal " + error + " on an event loop; exiting (status " + FATAL_EXIT_STATUS
                + ") so that the node can be restarted");
        System.err.flush();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(FATAL_EXIT_GRACE_SECONDS));
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(FATAL_EXIT_STATUS);
        }, "hypha-fatal-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        new Thread(() -> System.exit(FATAL_EXIT_STATUS), "hypha-fatal-exit").start();
    }

    /** One line stating the effective limits. */
    static String describe(io.hypha.resource.ResourceLimits l) {
        if (l.memory() == Long.MAX_VALUE) {
            return "disabled";
        }
        return "memory " + mib(l.memory()) + " (" + mib(l.memoryPerPeer()) + " per peer, "
                + mib(l.memoryPerConnection()) + " per connection), connections " + l.connectionsInbound() + " in / "
                + l.connectionsOutbound() + " out (" + l.connectionsPerPeer() + " per peer, " + l.connectionsPerIp()
                + " per IP, " + l.connectionsPerSubnet() + " per subnet" + (l.limitLoopback() ? "" : ", loopback exempt")
                + "; " + l.handshakingInbound() + " handshaking in), streams " + l.streamsInbound() + " in / "
                + l.streamsOutbound() + " out (" + l.streamsPerPeer() + " per peer, " + l.streamsPerConnection()
                + " per connection), stream opens " + l.streamOpenRate() + " per connection";
    }

    private static String mib(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes + " B";
    }
}
