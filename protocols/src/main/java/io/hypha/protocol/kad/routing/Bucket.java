package io.hypha.protocol.kad.routing;

import io.hypha.peer.PeerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One k-bucket of a {@link RoutingTable}: its peers ordered by when they were last seen, oldest first, and the
 * one candidate waiting for the ping of the least recently seen peer (spec, "Kademlia routing table").
 */
final class Bucket {
    /** A peer in the table or waiting to enter it, with its key computed once. */
    record Entry(PeerId peer, KadKey key, Instant lastSeen) {
        Entry seenAt(Instant now) {
            return new Entry(peer, key, now);
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    /** The peer being pinged for {@link #waiting}; null when no ping is pending. Both are set or neither. */
    private PeerId pinging;
    private Instant pingSince;
    private Entry waiting;
    private Instant lastRefreshed = Instant.EPOCH;

    int size() {
        return entries.size();
    }

    /** The peers, least recently seen first. */
    List<Entry> entries() {
        return entries;
    }

    Entry leastRecentlySeen() {
        return entries.getFirst();
    }

    int indexOf(PeerId peer) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).peer().equals(peer)) {
                return i;
            }
        }
        return -1;
    }

    /** Moves the peer at {@code index} to the back, as seen at {@code now}. */
    void markSeen(int index, Instant now) {
        Entry e = entries.remove(index);
        entries.add(e.seenAt(now));
    }

    /**
     * Inserts keeping the order by last seen: a peer that waited for a ping enters with the time it was offered,
     * so peers seen since stay behind it.
     */
    void insert(Entry e) {
        int i = entries.size();
        while (i > 0 && entries.get(i - 1).lastSeen().isAfter(e.lastSeen())) {
            i--;
        }
        entries.add(i, e);
    }

    Entry removeAt(int index) {
        return entries.remove(index);
    }

    PeerId pinging() {
        return pinging;
    }

    Instant pingSince() {
        return pingSince;
    }

    Entry waiting() {
        return waiting;
    }

    void startPing(PeerId leastRecentlySeen, Entry candidate, Instant now) {
        pinging = leastRecentlySeen;
        pingSince = now;
        waiting = candidate;
    }

    /** Swaps the waiting candidate for a newer one; the ping in progress stays. */
    void replaceWaiting(Entry candidate) {
        waiting = candidate;
    }

    void endPing() {
        pinging = null;
        pingSince = null;
        waiting = null;
    }

    Instant lastRefreshed() {
        return lastRefreshed;
    }

    void refreshed(Instant now) {
        lastRefreshed = now;
    }
}
