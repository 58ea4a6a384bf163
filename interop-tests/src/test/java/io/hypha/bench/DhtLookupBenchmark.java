package io.hypha.bench;

import io.hypha.interop.JsDhtSwarm;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.node.Node;
import io.hypha.node.repo.RoutingConfig;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerInfo;
import io.hypha.protocol.kad.Kad;
import io.hypha.protocol.kad.KadConfig;
import io.hypha.protocol.kad.KadProtocol;
import io.hypha.protocol.kad.QueryObserver;
import io.hypha.protocol.kad.query.QueryConfig;
import io.hypha.protocol.kad.routing.KadKey;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The DHT lookup benchmark: a swarm of js-libp2p kad-dht servers on loopback plus two Hypha DHT servers, and for
 * the same random keys, Hypha's {@code getClosestPeers} against a js node's: latency (median, p95), requests per
 * lookup, and how many of the true k closest servers each returned (the swarm is known, so the right answer is
 * too). One Hypha node looks up with its default alpha of 3, the other with js's 10, which separates the effect of
 * the parameter from that of the implementation. Lookups run one at a time, in turn. Prints figures; asserts
 * nothing.
 * Run: {@code ./mvnw -B -q -Pbench-dht -pl interop-tests -am verify -DskipTests}
 * (arguments: {@code -Dbench.dht.args="<js nodes> <keys>"}, default 50 100).
 */
public final class DhtLookupBenchmark {
    private DhtLookupBenchmark() {}

    /** Lookups per side before measuring: the JIT compiles the hot paths (Java) and V8 optimises (js). */
    private static final int WARM_UP_LOOKUPS = 10;
    /** The js nodes the Hypha node bootstraps from. */
    private static final int BOOTSTRAP_NODES = 3;
    /** The js node whose lookups are measured. */
    private static final int JS_NODE = 1;
    private static final long TIMEOUT_S = 120;
    /** js kad-dht's default alpha (and number of disjoint paths), as Hypha's and go's. */
    private static final int JS_ALPHA = 10;
    /** rust-libp2p's alpha: a second Hypha node looks up with it, asking fewer peers in more rounds. */
    private static final int NARROW_ALPHA = 3;

    /** One lookup: wall time, requests sent, and how many of the true k closest it returned. */
    record Sample(double millis, int rpcs, int correct) {}

    public static void main(String[] args) throws Exception {
        int jsNodes = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        System.out.printf(Locale.ROOT, "Hypha DHT lookup benchmark: %d js-libp2p kad-dht servers + 2 Hypha servers on"
                + " loopback, %d random keys (after %d warm-up lookups each)%n", jsNodes, keys, WARM_UP_LOOKUPS);
        System.out.println("machine: " + machine() + "; Java " + Runtime.version()
                + "; js: Node 22.23.3, js-libp2p 3.3.11, @libp2p/kad-dht 16.4.5");

        long t0 = System.nanoTime();
        try (JsDhtSwarm swarm = JsDhtSwarm.start(jsNodes)) {
            System.out.printf(Locale.ROOT, "js swarm formed in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            List<PeerInfo> bootstrap = IntStream.range(0, BOOTSTRAP_NODES).mapToObj(swarm::node).toList();
            Supplier<CompletableFuture<List<PeerInfo>>> peers = () -> CompletableFuture.completedFuture(bootstrap);
            QueryConfig wide = new QueryConfig(KadProtocol.K, NARROW_ALPHA, KadProtocol.BETA, KadProtocol.RPC_TIMEOUT,
                    QueryConfig.DEFAULT_DEADLINE);
            try (Node hypha = startHypha(peers, KadConfig.defaults());
                    Node hyphaWide = startHypha(peers, KadConfig.defaults().withQuery(wide))) {
                Kad kad = hypha.dht().orElseThrow().kad();
                Kad kadWide = hyphaWide.dht().orElseThrow().kad();
                int table = kad.bootstrap(peers).get(TIMEOUT_S, TimeUnit.SECONDS);
                int tableWide = kadWide.bootstrap(peers).get(TIMEOUT_S, TimeUnit.SECONDS);
                System.out.printf(Locale.ROOT, "Hypha bootstrapped: %d and %d peers in the routing tables%n", table,
                        tableWide);

                List<PeerId> servers = new ArrayList<>();
                IntStream.range(0, swarm.size()).forEach(i -> servers.add(swarm.peerId(i)));
                servers.add(hypha.peerId());
                servers.add(hyphaWide.peerId());
                SecureRandom random = new SecureRandom();
                for (int i = 0; i < WARM_UP_LOOKUPS; i++) {
                    byte[] key = randomKey(random);
                    hyphaLookup(kad, key, servers);
                    hyphaLookup(kadWide, key, servers);
                    jsLookup(swarm, key, servers);
                }
                List<Sample> ours = new ArrayList<>();
                List<Sample> oursWide = new ArrayList<>();
                List<Sample> theirs = new ArrayList<>();
                for (int i = 0; i < keys; i++) {
                    byte[] key = randomKey(random);
                    ours.add(hyphaLookup(kad, key, servers));
                    oursWide.add(hyphaLookup(kadWide, key, servers));
                    theirs.add(jsLookup(swarm, key, servers));
                }
                System.out.println();
                System.out.printf(Locale.ROOT, "getClosestPeers, %d keys, k = %d%n", keys, KadProtocol.K);
                System.out.println("| lookup by | median ms | p95 ms | median RPCs | mean RPCs"
                        + " | true k closest found (mean) |");
                System.out.println("|---|---|---|---|---|---|");
                row("Hypha (alpha " + KadProtocol.ALPHA + ", the default)", ours);
                row("Hypha (alpha " + NARROW_ALPHA + ")", oursWide);
                row("js kad-dht (alpha " + JS_ALPHA + ", " + JS_ALPHA + " disjoint paths)", theirs);
            }
        }
    }

    private static Node startHypha(Supplier<CompletableFuture<List<PeerInfo>>> peers, KadConfig config)
            throws Exception {
        return Node.builder().listen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
                .routing(RoutingConfig.Type.DHT_SERVER).kadConfig(config).bootstrapPeers(peers).start()
                .get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    private static byte[] randomKey(SecureRandom random) {
        byte[] key = new byte[KadKey.BYTES];
        random.nextBytes(key);
        return key;
    }

    private static Sample hyphaLookup(Kad kad, byte[] key, List<PeerId> servers) throws Exception {
        AtomicInteger sent = new AtomicInteger();
        QueryObserver counting = new QueryObserver() {
            @Override
            public void sending(PeerId peer) {
                sent.incrementAndGet();
            }
        };
        long start = System.nanoTime();
        List<PeerId> found = kad.getClosestPeers(key, counting).get(TIMEOUT_S, TimeUnit.SECONDS);
        double millis = (System.nanoTime() - start) / 1e6;
        return new Sample(millis, sent.get(), correct(key, found, servers));
    }

    private static Sample jsLookup(JsDhtSwarm swarm, byte[] key, List<PeerId> servers) throws Exception {
        JsDhtSwarm.Found found = swarm.getClosestPeers(JS_NODE, key);
        List<PeerId> ids = found.peers().stream().map(PeerInfo::peerId).toList();
        return new Sample(found.trace().millis(), found.trace().rpcs(), correct(key, ids, servers));
    }

    /** How many of the k servers truly closest to {@code key} are in {@code found}. */
    private static int correct(byte[] key, List<PeerId> found, List<PeerId> servers) {
        KadKey target = KadKey.of(key);
        Set<PeerId> truth = new HashSet<>(servers.stream()
                .sorted(Comparator.comparing(KadKey::ofPeer, (a, b) -> a.compareDistance(target, b)))
                .limit(KadProtocol.K).toList());
        return (int) found.stream().filter(truth::contains).count();
    }

    private static void row(String who, List<Sample> samples) {
        double[] ms = samples.stream().mapToDouble(Sample::millis).sorted().toArray();
        int[] rpcs = samples.stream().mapToInt(Sample::rpcs).sorted().toArray();
        double meanRpcs = samples.stream().mapToInt(Sample::rpcs).average().orElse(0);
        double meanCorrect = samples.stream().mapToInt(Sample::correct).average().orElse(0);
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %d | %.1f | %.1f of %d |%n", who, percentile(ms, 50),
                percentile(ms, 95), rpcs[rpcs.length / 2], meanRpcs, meanCorrect, KadProtocol.K);
    }

    /** The nearest-rank percentile of sorted values. */
    private static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static String machine() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown host";
        }
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (Exception e) {
            // not Linux
        }
        return host + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + cpu;
    }
}
