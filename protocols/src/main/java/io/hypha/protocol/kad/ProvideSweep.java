package io.hypha.protocol.kad;

import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.routing.KadKey;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.internal.netty.BlockingGuard;
import io.hypha.multiformats.Multihash;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Announces many keys with few lookups, region by region of the keyspace (the idea of Kubo's "sweep" provider):
 * one lookup per key costs k x 10,000 ... requests for 10,000 CIDs, but keys close to each other in the
 * keyspace share their closest peers.
 *
 * <p>The keys are sorted by their Kademlia key. For the first key K not yet assigned, a lookup finds its k closest
 * peers S; let c be the common-prefix length of K with the farthest of them. Every peer sharing more than c
 * leading bits with K is closer to K than that peer, so S holds all of them; a second lookup towards the other
 * half of the c-bit region (a key sharing exactly c bits with K) finds the peers there. Each key of the region
 * (the keys sharing c bits with K, which follow K in sorted order) is then assigned its k closest among every
 * peer found so far, and the next region starts after them. That is two lookups per region, about 2n/k for a
 * network of n servers, whatever the number of keys. The assignment is exact for the peers inside a key's own
 * half-region and can miss a closer peer of the other half when that half holds more than k of them; a test in
 * an in-memory swarm measures how often.
 *
 * <p>ADD_PROVIDER messages then go peer by peer, at most {@link #MAX_PEERS_IN_FLIGHT} peers at a time. Runs on a
 * worker thread (it waits for lookups): never call it on an event loop.
 */
public final class ProvideSweep {
    /** Peers receiving ADD_PROVIDER messages at the same time. */
    public static final int MAX_PEERS_IN_FLIGHT = 16;
    /** Deepest region a sweep targets: a key for a region of c bits takes about 2^c hashes to find. */
    public static final int MAX_REGION_BITS = 24;

    /** What one sweep did. */
    public record Result(int keys, int lookups, long messages, long accepted, int peers, Duration took) {}

    private final Kad kad;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ProvideSweep(Kad kad, Clock clock) {
        this.kad = kad;
        this.clock = clock;
    }

    private record Entry(KadKey key, byte[] multihash) {}

    /** Announces every multihash in {@code keys} (the bytes of each multihash). */
    public Result provide(Collection<byte[]> keys) {
        Instant start = clock.instant();
        List<Entry> entries = new ArrayList<>(keys.size());
        for (byte[] k : keys) {
            entries.add(new Entry(KadKey.of(k), k));
        }
        entries.sort(Comparator.comparing(Entry::key));
        Map<PeerId, KadKey> pool = new HashMap<>();
        Map<PeerId, List<byte[]>> byPeer = new LinkedHashMap<>();
        int lookups = 0;
        int k = KadProtocol.K;
        int i = 0;
        while (i < entries.size()) {
            Entry first = entries.get(i);
            List<PeerId> closest = BlockingGuard.join(kad.getClosestPeers(first.multihash()), "a sweep lookup");
            lookups++;
            if (closest.isEmpty()) {
                break;
            }
            int c = KadProtocol.KEY_BITS;
            for (PeerId p : closest) {
                KadKey pk = KadKey.ofPeer(p);
                pool.put(p, pk);
                c = Math.min(c, first.key().commonPrefixLength(pk));
            }
            if (closest.size() >= k && c < MAX_REGION_BITS) {
                for (PeerId p : BlockingGuard.join(kad.getClosestPeers(keyWithPrefix(first.key(), c)), "a sweep lookup")) {
                    pool.put(p, KadKey.ofPeer(p));
                }
                lookups++;
            }
            int end = i;
            while (end < entries.size() && entries.get(end).key().commonPrefixLength(first.key()) >= c) {
                end++;
            }
            end = Math.max(end, i + 1);
            for (int j = i; j < end; j++) {
                Entry e = entries.get(j);
                for (PeerId p : closestIn(pool, e.key(), k)) {
                    byPeer.computeIfAbsent(p, x -> new ArrayList<>()).add(e.multihash());
                }
            }
            i = end;
        }
        AtomicLong messages = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        Semaphore slots = new Semaphore(MAX_PEERS_IN_FLIGHT);
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (Map.Entry<PeerId, List<byte[]>> e : byPeer.entrySet()) {
            slots.acquireUninterruptibly();
            messages.addAndGet(e.getValue().size());
            sends.add(kad.addProvidersTo(e.getKey(), e.getValue()).handle((n, err) -> {
                if (err == null) {
                    accepted.addAndGet(n);
                }
                slots.release();
                return null;
            }));
        }
        BlockingGuard.join(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)), "announcing a sweep");
        return new Result(entries.size(), lookups, messages.get(), accepted.get(), byPeer.size(),
                Duration.between(start, clock.instant()));
    }

    private static List<PeerId> closestIn(Map<PeerId, KadKey> pool, KadKey target, int k) {
        return pool.entrySet().stream()
                .sorted((a, b) -> a.getValue().compareDistance(target, b.getValue()))
                .limit(k).map(Map.Entry::getKey).toList();
    }

    /** A lookup key (a sha2-256 multihash) whose Kademlia key shares exactly {@code cpl} leading bits with {@code base}. */
    private byte[] keyWithPrefix(KadKey base, int cpl) {
        byte[] digest = new byte[32];
        while (true) {
            random.nextBytes(digest);
            byte[] mh = Multihash.of(HashAlgorithm.SHA2_256, digest).bytes();
            if (KadKey.of(mh).commonPrefixLength(base) == cpl) {
                return mh;
            }
        }
    }
}
