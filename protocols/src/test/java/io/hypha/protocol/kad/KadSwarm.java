package io.hypha.protocol.kad;

import io.hypha.host.Host;
import io.hypha.host.HostConfig;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerInfo;
import io.hypha.protocol.identify.Identify;
import io.hypha.protocol.kad.query.QueryConfig;
import io.hypha.protocol.kad.routing.KadKey;
import io.hypha.transport.memory.MemoryTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Many DHT servers in one JVM over the in-memory transport (no sockets), joined the way real nodes join: each
 * bootstraps from a few nodes already in, looks itself up and refreshes its buckets. For the swarm tests and the
 * in-memory lookup benchmark.
 */
final class KadSwarm implements AutoCloseable {
    /** Handshakes of hundreds of nodes share a few threads: a handshake may wait its turn a while. */
    static final Duration UPGRADE_TIMEOUT = Duration.ofSeconds(120);
    /** Bootstraps running at once while the swarm forms. */
    static final int JOINS_IN_FLIGHT = 16;

    final MemoryTransport.Network network;
    final List<Host> hosts = new ArrayList<>();
    final List<Kad> kads = new ArrayList<>();
    private final KadConfig config;

    KadSwarm(int threads, KadConfig config) {
        this.network = new MemoryTransport.Network(threads);
        this.config = config;
    }

    /** The lookup settings of the swarm tests: the defaults with a shorter per-request timeout. */
    static KadConfig testConfig(Duration rpcTimeout) {
        QueryConfig q = QueryConfig.defaults();
        return KadConfig.defaults().withMode(KadMode.SERVER)
                .withQuery(new QueryConfig(q.k(), q.alpha(), q.beta(), rpcTimeout, q.deadline()));
    }

    /** Starts a host with identify (and, unless {@code kad} is false, the DHT) on the shared network. */
    CompletableFuture<Host> host(String name) {
        return Host.builder().eventLoopGroup(network.eventLoopGroup())
                .transport(group -> new MemoryTransport(group, network))
                .listen("/memory/0")
                .config(HostConfig.defaults("hypha-test/" + name).withUpgradeTimeout(UPGRADE_TIMEOUT)
                        .withInboundUpgradeTimeout(UPGRADE_TIMEOUT))
                .start().thenApply(h -> {
                    Identify.install(h);
                    return h;
                });
    }

    /** Starts {@code n} DHT servers and joins them: node i bootstraps from up to three nodes before it. */
    void start(int n, long timeoutSeconds) throws Exception {
        List<CompletableFuture<Host>> starting = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            starting.add(host("n" + i));
        }
        for (CompletableFuture<Host> f : starting) {
            Host h = f.get(timeoutSeconds, TimeUnit.SECONDS);
            hosts.add(h);
            kads.add(Kad.install(h, config));
        }
        Semaphore inFlight = new Semaphore(JOINS_IN_FLIGHT);
        List<CompletableFuture<Integer>> joins = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            List<PeerInfo> seeds = new ArrayList<>();
            for (int j : new int[] {0, i / 2, i - 1}) {
                PeerInfo info = info(hosts.get(j));
                if (!seeds.contains(info)) {
                    seeds.add(info);
                }
            }
            inFlight.acquire();
            CompletableFuture<Integer> joined = kads.get(i).bootstrap(() -> CompletableFuture.completedFuture(seeds));
            joined.whenComplete((size, err) -> inFlight.release());
            joins.add(joined);
        }
        for (CompletableFuture<Integer> j : joins) {
            j.get(timeoutSeconds, TimeUnit.SECONDS);
        }
    }

    static PeerInfo info(Host h) {
        return new PeerInfo(h.peerId(), h.listenAddresses());
    }

    /** The {@code k} node ids truly closest to {@code key}, computed over the whole swarm. */
    List<PeerId> trulyClosest(byte[] key, int k) {
        KadKey target = KadKey.of(key);
        return hosts.stream().map(Host::peerId)
                .sorted(Comparator.comparing(p -> KadKey.ofPeer(p).distance(target)))
                .limit(k).toList();
    }

    @Override
    public void close() throws Exception {
        kads.forEach(Kad::close);
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        hosts.forEach(h -> closing.add(h.closeAsync()));
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        network.close();
    }
}
