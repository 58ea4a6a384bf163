package io.hypha.protocol.bitswap.server;

import io.hypha.multiformats.Cid;
import io.hypha.peer.PeerId;
import io.hypha.protocol.bitswap.message.WantType;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the engine knows about one peer: its wants (by the CID it asked with), their eviction order, the
 * answers queued for it, the envelopes handed out and not yet done, and the exchange counters. Memory is
 * O(wantlist limit): each want is one {@link PeerWant} in one map and at most two sorted sets.
 */
final class Ledger {
    final PeerId peer;
    /** Breaks ties between ledgers in the engine's fairness order; unique. */
    final long id;
    private final Map<Cid, PeerWant> wants = new HashMap<>();
    private final TreeSet<PeerWant> evictionOrder = new TreeSet<>(PeerWant.EVICTION_ORDER);
    final PeerTaskQueue tasks = new PeerTaskQueue();
    /**
     * Envelopes handed out and not yet done, by identity: {@code envelopeDone} for one that is not here (a second
     * call, or an envelope of an earlier connection of the same peer) changes nothing.
     */
    final Set<Envelope> outstanding = Collections.newSetFromMap(new IdentityHashMap<>());
    long outstandingBytes;
    /** When this peer was last given an envelope (the engine's envelope count then); 0 for never. */
    long lastServed;
    long bytesSent;
    long bytesReceived;
    long blocksSent;
    long blocksReceived;
    long exchanged;

    Ledger(PeerId peer, long id) {
        this.peer = peer;
        this.id = id;
    }

    PeerWant want(Cid cid) {
        return wants.get(cid);
    }

    int wantCount() {
        return wants.size();
    }

    Iterable<PeerWant> wants() {
        return wants.values();
    }

    /** The want to give up first on overflow (see {@link PeerWant#EVICTION_ORDER}); null when there is none. */
    PeerWant evictionCandidate() {
        return evictionOrder.isEmpty() ? null : evictionOrder.first();
    }

    PeerWant add(Cid cid, long wantSeq, int priority, WantType type, boolean sendDontHave, boolean have, int size) {
        PeerWant w = new PeerWant(this, cid, wantSeq);
        w.priority = priority;
        w.type = type;
        w.sendDontHave = sendDontHave;
        w.have = have;
        w.size = size;
        wants.put(cid, w);
        evictionOrder.add(w);
        return w;
    }

    /** Changes the fields that order {@code w} in the sorted sets, taking it out of them first. */
    void update(PeerWant w, int priority, WantType type, boolean sendDontHave, boolean have, int size) {
        evictionOrder.remove(w);
        boolean wasQueued = w.queued != null;
        if (wasQueued) {
            tasks.remove(w);
        }
        w.priority = priority;
        w.type = type;
        w.sendDontHave = sendDontHave;
        w.have = have;
        w.size = size;
        evictionOrder.add(w);
        if (wasQueued) {
            tasks.add(w);
        }
    }

    /** Queues {@code answer} for {@code w}, replacing any answer queued for it. */
    void queue(PeerWant w, PeerWant.Answer answer, long taskSeq) {
        if (w.queued == answer) {
            return;
        }
        unqueue(w);
        w.queued = answer;
        w.taskSeq = taskSeq;
        tasks.add(w);
    }

    void unqueue(PeerWant w) {
        if (w.queued != null) {
            tasks.remove(w);
            w.queued = null;
        }
    }

    /** Forgets {@code w} and its queued answer. */
    void remove(PeerWant w) {
        unqueue(w);
        evictionOrder.remove(w);
        wants.remove(w.cid);
    }

    LedgerSnapshot snapshot() {
        return new LedgerSnapshot(peer, bytesSent, bytesReceived, blocksSent, blocksReceived, exchanged,
                wants.size());
    }
}
