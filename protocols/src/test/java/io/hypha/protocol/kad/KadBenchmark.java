package io.hypha.protocol.kad;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multihash;
import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.store.MemoryProviderStore;
import io.hypha.protocol.kad.store.ProviderRecord;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The DHT on an in-memory swarm ({@link KadSwarm}): lookup latency (median, p95) and requests per lookup; the time
 * and lookups to announce many keys with a {@link ProvideSweep} against one lookup per key, side by side in the same
 * run (the per-key figure measured on a sample and scaled); and the heap one provider record costs. Prints figures;
 * asserts nothing. Arguments: nodes, lookups, keys swept, keys provided one by one.
 */
public final class KadBenchmark {
    private KadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int swept = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int oneByOne = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        System.out.printf("machine: %s, %s, %d cores, Java %s%n", InetAddress.getLocalHost().getHostName(), cpu(),
                Runtime.getRuntime().availableProcessors(), Runtime.version());

        providerRecordMemory(100_000);

        Random random = new Random(7);
        try (KadSwarm swarm = new KadSwarm(Runtime.getRuntime().availableProcessors(),
                KadSwarm.testConfig(KadProtocol.RPC_TIMEOUT))) {
            long t0 = System.nanoTime();
            swarm.start(nodes, 3600);
            System.out.printf("swarm: %d nodes joined in %.1f s; routing tables %.1f peers on average%n", nodes,
                    (System.nanoTime() - t0) / 1e9, swarm.kads.stream().mapToInt(Kad::routingTableSize).average()
                            .orElse(0));

            List<Double> millis = new ArrayList<>();
            List<Integer> requests = new ArrayList<>();
            int exact = 0;
            for (int i = 0; i < lookups; i++) {
                Kad from = swarm.kads.get(random.nextInt(nodes));
                byte[] key = Multihash.digest(HashAlgorithm.SHA2_256, ("lookup " + i).getBytes()).bytes();
                CompletableFuture<KadEvent.QueryFinished> done = new CompletableFuture<>();
                var sub = from.subscribe(e -> {
                    if (e instanceof KadEvent.QueryFinished q && q.kind() == QueryKind.CLOSEST_PEERS) {
                        done.complete(q);
                    }
                });
                List<PeerId> result = from.getClosestPeers(key).get(60, TimeUnit.SECONDS);
                KadEvent.QueryFinished q = done.get(60, TimeUnit.SECONDS);
                sub.cancel();
                millis.add(q.took().toNanos() / 1e6);
                requests.add(q.requests());
                exact += result.equals(swarm.trulyClosest(key, KadProtocol.K)) ? 1 : 0;
            }
            Collections.sort(millis);
            System.out.printf("lookups: %d in the %d-node swarm: median %.1f ms, p95 %.1f ms, %.1f requests per lookup"
                    + " (median %d), %d of %d exactly the true %d closest%n", lookups, nodes, percentile(millis, 50),
                    percentile(millis, 95), requests.stream().mapToInt(Integer::intValue).average().orElse(0),
                    requests.stream().sorted().toList().get(requests.size() / 2), exact, lookups, KadProtocol.K);

            List<byte[]> keys = new ArrayList<>();
            for (int i = 0; i < swept; i++) {
                keys.add(Multihash.digest(HashAlgorithm.SHA2_256, ("provided " + i).getBytes()).bytes());
            }
            int provider = random.nextInt(nodes);
            Kad kad = swarm.kads.get(provider);
            ProvideSweep.Result sweep = new ProvideSweep(kad, swarm.hosts.get(provider).clock()).provide(keys);
            System.out.printf("sweep: %d keys in %.1f s with %d lookups, %d ADD_PROVIDER messages to %d peers%n",
                    sweep.keys(), sweep.took().toMillis() / 1e3, sweep.lookups(), sweep.messages(), sweep.peers());

            long s0 = System.nanoTime();
            for (int i = 0; i < oneByOne; i++) {
                kad.provide(Multihash.digest(HashAlgorithm.SHA2_256, ("single " + i).getBytes()).bytes())
                        .get(60, TimeUnit.SECONDS);
            }
            double perKey = (System.nanoTime() - s0) / 1e9 / oneByOne;
            System.out.printf("one lookup per key: %d keys in %.1f s (%.3f s each): %d keys would take %.0f s and %d"
                    + " lookups%n", oneByOne, perKey * oneByOne, perKey, swept, perKey * swept, swept);
            System.out.printf("sweep / one by one for %d keys: %.3f of the time, %.4f of the lookups%n", swept,
                    sweep.took().toMillis() / 1e3 / (perKey * swept), (double) sweep.lookups() / swept);
        }
    }

    /** Heap held by {@code n} provider records (one provider with two addresses per key) in the memory store. */
    private static void providerRecordMemory(int n) throws Exception {
        PeerId provider = KadTestPeers.randomPeer();
        List<Multiaddr> addrs = List.of(Multiaddr.parse("/ip4/203.0.113.7/tcp/4001"),
                Multiaddr.parse("/ip6/2001:db8::7/tcp/4001"));
        long before = usedHeap();
        MemoryProviderStore store = new MemoryProviderStore(KadProtocol.PROVIDER_RECORD_TTL, 64, n, Long.MAX_VALUE);
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            store.put(Multihash.digest(HashAlgorithm.SHA2_256, ("record " + i).getBytes()).bytes(),
                    new ProviderRecord(provider, addrs, now));
        }
        long after = usedHeap();
        System.out.printf("provider records: %d held in %.1f MiB of heap, %d bytes each (store's own count %d bytes)%n",
                store.size(), (after - before) / 1048576.0, (after - before) / n, store.bytes());
        store.close();
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double percentile(List<Double> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (Exception e) {
            return "unknown CPU";
        }
    }
}
