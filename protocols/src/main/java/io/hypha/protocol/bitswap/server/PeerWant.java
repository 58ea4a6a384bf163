package io.hypha.protocol.bitswap.server;

import io.hypha.multiformats.Cid;
import io.hypha.protocol.bitswap.message.WantType;
import java.util.Comparator;

/**
 * One want of one peer, as its {@link Ledger} keeps it, together with the answer queued for it (if any). A want has
 * at most one queued answer, which is how the engine never queues two tasks for the same CID for one peer: the want
 * is the task. Mutable, and a member of sorted sets whose keys are its fields, so only {@link Ledger} changes those
 * fields, taking it out of the sets first.
 */
final class PeerWant {
    /** What we send for a want: the block, a HAVE or a DONT_HAVE. */
    enum Answer {
        BLOCK, HAVE, DONT_HAVE
    }

    /**
     * Eviction order (the wantlist-overflow rule): wants for blocks we lack first, then lowest priority, then oldest.
     * {@code first()} of a set in this order is the want to give up first.
     */
    static final Comparator<PeerWant> EVICTION_ORDER = (a, b) -> {
        // Written out rather than chained: these run a few times per want, and chained comparators box and
        // dispatch through several lambdas.
        if (a.have != b.have) {
            return a.have ? 1 : -1;
        }
        int c = Integer.compare(a.priority, b.priority);
        return c != 0 ? c : Long.compare(a.wantSeq, b.wantSeq);
    };

    /** Send order within a peer: higher priority first, then first queued first. */
    static final Comparator<PeerWant> SEND_ORDER = (a, b) -> {
        int c = Integer.compare(b.priority, a.priority);
        return c != 0 ? c : Long.compare(a.taskSeq, b.taskSeq);
    };

    final Ledger ledger;
    final Cid cid;
    /** Orders wants of equal priority for eviction; unique across the engine so the order is total. */
    final long wantSeq;
    int priority;
    WantType type;
    boolean sendDontHave;
    /** Whether the store holds the block, as far as the engine was told. */
    boolean have;
    /** The block's size, when {@link #have}. */
    int size;
    /** The queued answer, or null when none is queued. */
    Answer queued;
    /** Orders queued answers of equal priority; unique across the engine. */
    long taskSeq;

    PeerWant(Ledger ledger, Cid cid, long wantSeq) {
        this.ledger = ledger;
        this.cid = cid;
        this.wantSeq = wantSeq;
    }

    /** Block bytes this want's queued answer will send. */
    long queuedBlockBytes() {
        return queued == Answer.BLOCK ? size : 0;
    }
}
