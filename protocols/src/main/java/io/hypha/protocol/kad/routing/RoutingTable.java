package io.hypha.protocol.kad.routing;

import io.hypha.peer.PeerId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The Kademlia routing table (spec, "Kademlia routing table"): 256 buckets by common-prefix length with our own
 * key, at most {@code bucketSize} peers each, least recently seen first. Only DHT servers are offered to it (the
 * caller checks identify). Not thread-safe: the {@code Kad} service confines it to one thread.
 *
 * <p>A full bucket does not drop a live peer for a new one: {@link #offer} answers {@link Offer.PingFirst} with
 * the bucket's least recently seen peer; the caller pings it and reports {@link #pingResult}. At most one
 * candidate waits per bucket (a newer one replaces it), so the table and its waiting room are bounded by
 * 256 x (bucketSize + 1) entries.
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

        /** Not added (ourselves, or a ping for this bucket is already pending and this candidate replaced none). */
        record Rejected(PeerId peer, String reason) implements Offer {}
    }

    /** One bucket as {@link #buckets()} shows it. */
    public record BucketView(int commonPrefixLength, List<PeerId> peers, Instant lastRefreshed) {}

    public RoutingTable(PeerId self, int bucketSize, Clock clock) {
        throw new UnsupportedOperationException("TODO");
    }

    public PeerId self() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Offers a peer that speaks the DHT protocol as a server. */
    public Offer offer(PeerId peer) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The answer to a {@link Offer.PingFirst}: a live peer stays (marked seen), a dead one gives way to the candidate. */
    public void pingResult(PeerId leastRecentlySeen, boolean alive) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Marks a peer in the table as seen now (it answered us); no effect on others. */
    public void seen(PeerId peer) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Removes a peer (it stopped being a server, or failed). Returns whether it was there. */
    public boolean remove(PeerId peer) {
        throw new UnsupportedOperationException("TODO");
    }

    public boolean contains(PeerId peer) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Up to {@code count} peers closest to {@code target}, closest first. */
    public List<PeerId> closest(KadKey target, int count) {
        throw new UnsupportedOperationException("TODO");
    }

    public int size() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Every peer, bucket by bucket. */
    public List<PeerId> peers() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The non-empty buckets, and up to the deepest one the empty ones too. */
    public List<BucketView> buckets() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Marks bucket {@code commonPrefixLength} as refreshed now (a lookup for a key in it ran). */
    public void refreshed(int commonPrefixLength) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The common-prefix lengths of buckets due for a refresh (not refreshed for {@code interval}), from 0 to the
     * deepest non-empty bucket, capped at {@code maxCpl} (generating a key for a deep bucket is 2^cpl hashes).
     */
    public List<Integer> dueForRefresh(java.time.Duration interval, int maxCpl) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * A FIND_NODE target whose key has exactly {@code commonPrefixLength} leading bits in common with ours, for
     * refreshing that bucket: a random sha2-256 multihash tried until it lands there (about 2^cpl tries).
     */
    public byte[] randomTargetForBucket(int commonPrefixLength, java.util.random.RandomGenerator random) {
        throw new UnsupportedOperationException("TODO");
    }
}
