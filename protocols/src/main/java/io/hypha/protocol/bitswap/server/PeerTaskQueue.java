package io.hypha.protocol.bitswap.server;

import java.util.TreeSet;

/**
 * The answers queued for one peer, in send order (go-peertaskqueue's per-peer queue): higher priority first, then
 * first queued first. Its members are the peer's wants that have an answer queued, so it holds at most one task per
 * CID and is bounded by the wantlist. It keeps the sum of queued block bytes for {@code pendingBytes}.
 */
final class PeerTaskQueue {
    private final TreeSet<PeerWant> tasks = new TreeSet<>(PeerWant.SEND_ORDER);
    private long blockBytes;

    /** Queues {@code want}'s answer; the caller set {@code want.queued} and {@code want.taskSeq}. */
    void add(PeerWant want) {
        if (tasks.add(want)) {
            blockBytes += want.queuedBlockBytes();
        }
    }

    /** Takes {@code want} out of the queue; the caller clears or changes {@code want.queued} afterwards. */
    void remove(PeerWant want) {
        if (tasks.remove(want)) {
            blockBytes -= want.queuedBlockBytes();
        }
    }

    PeerWant peek() {
        return tasks.isEmpty() ? null : tasks.first();
    }

    boolean isEmpty() {
        return tasks.isEmpty();
    }

    int size() {
        return tasks.size();
    }

    /** Bytes of blocks queued. */
    long blockBytes() {
        return blockBytes;
    }
}
