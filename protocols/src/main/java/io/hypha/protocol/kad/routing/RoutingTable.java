package io.hypha.protocol.kad.routing;

import io.hypha.multiformats.HashAlgorithm;
import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.KadProtocol;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The Kademlia routing table (spec, "Kademlia routing table"): 256 buckets by common-prefix length with our own
 * key, at most {@code bucketSize} peers each, least recently seen first. Only DHT servers are offered to it (the
 * caller checks identify). Not thread-safe: the {@code Kad} service confines it to one thread.
 *
 * <p>A full bucket does not drop a live peer for a new one: {@link #offer} answers {@link Offer.PingFirst} with
 * the bucket's least recently seen peer; the caller pings it and reports {@link #pingResult}. At most one
 * candidate waits per bucket (a newer one replaces it), so the table and its waiting room are bounded by
 * 256 x (bucketSize + 1) entries.
 *
 * <p>While that ping is under way, a newer candidate for the same bucket takes the waiting place: a peer heard
 * from more recently is likelier to still be there when the ping settles, and the bucket still costs one ping at
 * a time. {@link #offer} then answers {@link Offer.Rejected} naming the candidate that gave way, and no new ping.
 * A ping whose result never comes is abandoned after {@link #PING_ABANDONED_AFTER}, so a lost callback cannot
 * close a bucket for good.
 */
public final class RoutingTable {
    /** What {@link #offer} did. */
    public sealed interface Offer {
        /** Now in the table. */
        record Added(PeerId peer) implements Offer {}

        /** Already in the table: marked as seen now. */
        record Refreshed(PeerId peer) implements Offer {}

        /** The bucket is full: ping {@code leastRecentlySeen}, then call {@link #pingResult}. */
        record PingFirst(PeerId leastRecentlySeen, PeerId candidate) implements Offer {}

        /**
         * {@code peer} will not be added on this offer: it is ourselves; or the bucket is full and its least
         * recently seen peer is already being pinged, and {@code peer} is the candidate that gave way, either the
         * one that was waiting (the offered peer now waits in its place) or the offered peer itself when it is
         * already the one waiting. Nothing for the caller to do in either case.
         */
        record Rejected(PeerId peer, String reason) implements Offer {}
    }

    /**
     * One bucket as {@link #buckets()} shows it.
     *
     * @param peers least recently seen first
     * @param lastRefreshed when {@link #refreshed} was last called for it; {@link Instant#EPOCH} if never
     */
    public record BucketView(int commonPrefixLength, List<PeerId> peers, Instant lastRefreshed) {}

    /** Buckets: one per common-prefix length that two distinct keys can have. */
    public static final int BUCKETS = KadProtocol.KEY_BITS;
    /**
     * Deepest bucket {@link #randomTargetForBucket} makes a key for: about 2^(cpl+1) hashes each, so 15 costs some
     * 65,000 (go-libp2p-kad-dht maxCplForRefresh = 15). Deeper buckets hold the peers nearest to us, which the
     * lookup of our own id refreshes.
     */
    public static final int MAX_REFRESH_CPL = 15;
    /**
     * A {@link Offer.PingFirst} unanswered by {@link #pingResult} for this long is given up, and the next
     * candidate starts a new ping: longer than a dial plus an RPC timeout ({@link KadProtocol#RPC_TIMEOUT}).
     */
    public static final Duration PING_ABANDONED_AFTER = Duration.ofMinutes(1);
    /**
     * {@link #randomTargetForBucket} gives up after this many times the expected number of tries: with a sound
     * random generator the chance of that is e^-64, so it only stops a broken generator from spinning forever.
     */
    static final int TARGET_TRIES_FACTOR = 64;

    private static final int SHA2_256_BYTES = 32;

    private final PeerId self;
    private final KadKey selfKey;
    private final int bucketSize;
    private final Clock clock;
    private final Bucket[] buckets = new Bucket[BUCKETS];

    /**
     * An empty table.
     *
     * @param self our peer id: never added, and the origin of the common-prefix lengths
     * @param bucketSize peers per bucket, k ({@link KadProtocol#K} on the public DHT)
     * @param clock the source of last-seen and last-refreshed times
     */
    public RoutingTable(PeerId self, int bucketSize, Clock clock) {
        this.self = Objects.requireNonNull(self, "self");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (bucketSize < 1) {
            throw new IllegalArgumentException("bucketSize must be at least 1, got " + bucketSize);
        }
        this.bucketSize = bucketSize;
        this.selfKey = KadKey.ofPeer(self);
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new Bucket();
        }
    }

    public PeerId self() {
        return self;
    }

    /**
     * Offers a peer that speaks the DHT protocol as a server. A peer already in the table is marked seen; a new
     * one is added if its bucket has room, else it waits while the caller pings the bucket's least recently seen
     * peer ({@link Offer.PingFirst}), or, if that ping is already under way, takes the waiting place of the
     * previous candidate ({@link Offer.Rejected} names the one that gave way).
     */
    public Offer offer(PeerId peer) {
        Objects.requireNonNull(peer, "peer");
        if (peer.equals(self)) {
            return new Offer.Rejected(peer, "ourselves");
        }
        KadKey key = KadKey.ofPeer(peer);
        int cpl = selfKey.commonPrefixLength(key);
        if (cpl == BUCKETS) {
            return new Offer.Rejected(peer, "same kad key as ours");
        }
        Bucket bucket = buckets[cpl];
        Instant now = clock.instant();
        int index = bucket.indexOf(peer);
        if (index >= 0) {
            bucket.markSeen(index, now);
            return new Offer.Refreshed(peer);
        }
        Bucket.Entry entry = new Bucket.Entry(peer, key, now);
        if (bucket.size() < bucketSize) {
            bucket.insert(entry);
            return new Offer.Added(peer);
        }
        if (bucket.pinging() == null || !now.isBefore(bucket.pingSince().plus(PING_ABANDONED_AFTER))) {
            PeerId lru = bucket.leastRecentlySeen().peer();
            bucket.startPing(lru, entry, now);
            return new Offer.PingFirst(lru, peer);
        }
        Bucket.Entry waiting = bucket.waiting();
        if (waiting.peer().equals(peer)) {
            bucket.replaceWaiting(entry);
            return new Offer.Rejected(peer, "already waiting for the ping of " + bucket.pinging());
        }
        bucket.replaceWaiting(entry);
        return new Offer.Rejected(waiting.peer(), "replaced by " + peer + " as the candidate waiting for the ping of "
                + bucket.pinging());
    }

    /**
     * The answer to a {@link Offer.PingFirst}: a live peer stays (marked seen) and the waiting candidate is
     * dropped; a dead one is evicted and the waiting candidate takes its place. A result for a peer with no ping
     * pending (already settled, or never asked) is ignored; one that comes after {@link #PING_ABANDONED_AFTER}
     * still counts unless a newer ping has replaced it.
     */
    public void pingResult(PeerId leastRecentlySeen, boolean alive) {
        Objects.requireNonNull(leastRecentlySeen, "leastRecentlySeen");
        Bucket bucket = bucketOf(leastRecentlySeen);
        if (bucket == null || !leastRecentlySeen.equals(bucket.pinging())) {
            return;
        }
        int index = bucket.indexOf(leastRecentlySeen);
        Bucket.Entry waiting = bucket.waiting();
        bucket.endPing();
        if (alive) {
            if (index >= 0) {
                bucket.markSeen(index, clock.instant());
            }
            return;
        }
        if (index >= 0) {
            bucket.removeAt(index);
        }
        if (bucket.size() < bucketSize) {
            bucket.insert(waiting);
        }
    }

    /** Marks a peer in the table as seen now (it answered us); no effect on others. */
    public void seen(PeerId peer) {
        Bucket bucket = bucketOf(peer);
        if (bucket != null) {
            int index = bucket.indexOf(peer);
            if (index >= 0) {
                bucket.markSeen(index, clock.instant());
            }
        }
    }

    /**
     * Removes a peer (it stopped being a server, or failed). Returns whether it was there. A candidate waiting
     * in its bucket takes the freed place at once; removing the waiting candidate itself forgets it and the ping
     * pending for it.
     */
    public boolean remove(PeerId peer) {
        Bucket bucket = bucketOf(peer);
        if (bucket == null) {
            return false;
        }
        Bucket.Entry waiting = bucket.waiting();
        int index = bucket.indexOf(peer);
        if (index < 0) {
            if (waiting != null && waiting.peer().equals(peer)) {
                bucket.endPing();
            }
            return false;
        }
        bucket.removeAt(index);
        if (waiting != null) {
            bucket.endPing();
            bucket.insert(waiting);
        }
        return true;
    }

    public boolean contains(PeerId peer) {
        Bucket bucket = bucketOf(peer);
        return bucket != null && bucket.indexOf(peer) >= 0;
    }

    /**
     * Up to {@code count} peers closest to {@code target}, closest first.
     *
     * <p>The buckets order the answer without looking at every peer. Let c be the common-prefix length of our
     * key and the target. A peer in bucket i &lt; c differs from us, and so from the target, first at bit i; a
     * peer in a bucket deeper than c agrees with us up to bit c, where the target differs, so its distance
     * starts at bit c; a peer in bucket c differs from us at bit c as the target does, so its distance starts
     * after bit c. Hence: bucket c first, then the deeper buckets together, then buckets c-1 down to 0, and
     * only the group where {@code count} is reached is sorted past what it contributes.
     */
    public List<PeerId> closest(KadKey target, int count) {
        Objects.requireNonNull(target, "target");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        List<PeerId> out = new ArrayList<>(Math.min(count, 2 * bucketSize));
        if (count == 0) {
            return out;
        }
        Comparator<Bucket.Entry> byDistance = (a, b) -> a.key().compareDistance(target, b.key());
        List<Bucket.Entry> group = new ArrayList<>();
        int c = selfKey.commonPrefixLength(target);
        if (c < BUCKETS) {
            group.addAll(buckets[c].entries());
            takeClosest(group, byDistance, count, out);
            for (int i = c + 1; i < BUCKETS && out.size() < count; i++) {
                group.addAll(buckets[i].entries());
            }
            takeClosest(group, byDistance, count, out);
        }
        for (int i = Math.min(c, BUCKETS) - 1; i >= 0 && out.size() < count; i--) {
            group.addAll(buckets[i].entries());
            takeClosest(group, byDistance, count, out);
        }
        return out;
    }

    /** Appends the peers of {@code group}, closest first, until {@code out} holds {@code count}; empties it. */
    private static void takeClosest(List<Bucket.Entry> group, Comparator<Bucket.Entry> byDistance, int count,
            List<PeerId> out) {
        if (group.isEmpty() || out.size() >= count) {
            group.clear();
            return;
        }
        group.sort(byDistance);
        for (int i = 0; i < group.size() && out.size() < count; i++) {
            out.add(group.get(i).peer());
        }
        group.clear();
    }

    public int size() {
        int size = 0;
        for (Bucket bucket : buckets) {
            size += bucket.size();
        }
        return size;
    }

    /** Every peer, bucket by bucket, from the shallowest (common-prefix length 0), least recently seen first. */
    public List<PeerId> peers() {
        List<PeerId> out = new ArrayList<>();
        for (Bucket bucket : buckets) {
            for (Bucket.Entry e : bucket.entries()) {
                out.add(e.peer());
            }
        }
        return out;
    }

    /** The non-empty buckets, and up to the deepest one the empty ones too. */
    public List<BucketView> buckets() {
        List<BucketView> out = new ArrayList<>();
        for (int i = 0; i <= deepestNonEmpty(); i++) {
            List<PeerId> peers = new ArrayList<>(buckets[i].size());
            for (Bucket.Entry e : buckets[i].entries()) {
                peers.add(e.peer());
            }
            out.add(new BucketView(i, List.copyOf(peers), buckets[i].lastRefreshed()));
        }
        return out;
    }

    /** Marks bucket {@code commonPrefixLength} as refreshed now (a lookup for a key in it ran). */
    public void refreshed(int commonPrefixLength) {
        Objects.checkIndex(commonPrefixLength, BUCKETS);
        buckets[commonPrefixLength].refreshed(clock.instant());
    }

    /**
     * The common-prefix lengths of buckets due for a refresh (not refreshed for {@code interval}; a bucket never
     * refreshed is due), from 0 to the deepest non-empty bucket, capped at {@code maxCpl} and at
     * {@link #MAX_REFRESH_CPL} (generating a key for a deep bucket is 2^cpl hashes). Empty buckets below the
     * deepest one count: they are the ones a refresh may fill. An empty table has none due.
     */
    public List<Integer> dueForRefresh(Duration interval, int maxCpl) {
        Objects.requireNonNull(interval, "interval");
        if (maxCpl < 0) {
            throw new IllegalArgumentException("maxCpl must not be negative, got " + maxCpl);
        }
        Instant now = clock.instant();
        int last = Math.min(deepestNonEmpty(), Math.min(maxCpl, MAX_REFRESH_CPL));
        List<Integer> due = new ArrayList<>();
        for (int i = 0; i <= last; i++) {
            if (!now.isBefore(buckets[i].lastRefreshed().plus(interval))) {
                due.add(i);
            }
        }
        return due;
    }

    /**
     * A FIND_NODE target whose key has exactly {@code commonPrefixLength} leading bits in common with ours, for
     * refreshing that bucket: a random sha2-256 multihash ({@code 0x12 0x20} and 32 random bytes, shaped like a
     * peer id) tried until the SHA-256 of its bytes lands there (about 2^(cpl+1) tries).
     *
     * @throws IllegalArgumentException if {@code commonPrefixLength} is negative or above {@link #MAX_REFRESH_CPL}
     */
    public byte[] randomTargetForBucket(int commonPrefixLength, RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        if (commonPrefixLength < 0 || commonPrefixLength > MAX_REFRESH_CPL) {
            throw new IllegalArgumentException("common prefix length " + commonPrefixLength + " is outside 0.."
                    + MAX_REFRESH_CPL);
        }
        byte[] multihash = new byte[2 + SHA2_256_BYTES];
        multihash[0] = (byte) HashAlgorithm.SHA2_256.code();
        multihash[1] = SHA2_256_BYTES;
        byte[] digest = new byte[SHA2_256_BYTES];
        long tries = (long) TARGET_TRIES_FACTOR << (commonPrefixLength + 1);
        for (long i = 0; i < tries; i++) {
            random.nextBytes(digest);
            System.arraycopy(digest, 0, multihash, 2, SHA2_256_BYTES);
            if (selfKey.commonPrefixLength(KadKey.of(multihash)) == commonPrefixLength) {
                return multihash;
            }
        }
        throw new IllegalStateException("no key with common prefix length " + commonPrefixLength + " after " + tries
                + " random tries: the random generator is not random");
    }

    /** The bucket {@code peer} belongs in; null for ourselves (or a peer with our key). */
    private Bucket bucketOf(PeerId peer) {
        int cpl = selfKey.commonPrefixLength(KadKey.ofPeer(peer));
        return cpl == BUCKETS ? null : buckets[cpl];
    }

    private int deepestNonEmpty() {
        for (int i = BUCKETS - 1; i >= 0; i--) {
            if (buckets[i].size() > 0) {
                return i;
            }
        }
        return -1;
    }
}
