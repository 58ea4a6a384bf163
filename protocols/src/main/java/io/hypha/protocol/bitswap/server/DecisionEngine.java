package io.hypha.protocol.bitswap.server;

import io.hypha.multiformats.Cid;
import io.hypha.peer.PeerId;
import io.hypha.protocol.bitswap.message.WantlistEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The server half of Bitswap, sans IO (boxo's decision engine and peer task queue): a ledger per peer with its
 * wants, and a queue of what to send, chosen fairly between peers. The driver ({@code Bitswap}) asks the store about
 * wanted CIDs, feeds the answers in, takes {@link Envelope}s out, reads their blocks, writes them and reports back.
 * Not thread-safe: the driver confines it to one thread at a time.
 */
public final class DecisionEngine {
    /**
     * @param maxWantlistEntries wants kept per peer ({@code BitswapProtocol.MAX_WANTLIST_ENTRIES})
     * @param maxOutstandingBytes bytes of blocks handed out in envelopes not yet done, per peer
     * @param targetMessageBytes block bytes packed into one envelope, at most (one bigger block goes alone)
     * @param wantHaveReplaceSize a want-have for a block at most this big is answered with the block
     */
    public DecisionEngine(int maxWantlistEntries, int maxOutstandingBytes, int targetMessageBytes,
            int wantHaveReplaceSize) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Applies the wantlist part of one message from {@code peer}: {@code full} replaces its wantlist; cancels remove
     * wants and any queued answer to them; wants are added (or updated) and answered per the spec. {@code sizes}
     * holds, for each CID of a non-cancel entry, the stored block's size, or empty when we lack it.
     */
    public void receiveWantlist(PeerId peer, boolean full, List<WantlistEntry> entries, Map<Cid, OptionalInt> sizes) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The store now holds these blocks (CID to size): peers that want them are sent them (or HAVE). */
    public void blocksAdded(Map<Cid, Integer> sizes) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Counts blocks {@code peer} sent us, and a message from it, in its ledger. */
    public void received(PeerId peer, int blocks, long bytes) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The peer disconnected: its ledger, wants and queued answers are dropped (as boxo does), so peers that come
     * and go leave nothing behind. Envelopes already handed out still get {@link #envelopeDone}.
     */
    public void peerDisconnected(PeerId peer) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The next batch to send: from the peer with the fewest outstanding bytes among those with work queued and room
     * under {@code maxOutstandingBytes}; empty when there is none.
     */
    public Optional<Envelope> nextEnvelope() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The driver finished with {@code envelope}: written ({@code sent}) or not (the peer went away, a block vanished).
     * Its bytes stop counting as outstanding; sent blocks and presences count in the ledger.
     */
    public void envelopeDone(Envelope envelope, boolean sent) {
        throw new UnsupportedOperationException("TODO");
    }

    /** What {@code peer} wants from us now. */
    public List<WantlistEntry> wantlist(PeerId peer) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The ledger of {@code peer} (zeros for a peer we never exchanged with). */
    public LedgerSnapshot ledger(PeerId peer) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Peers with a ledger. */
    public List<PeerId> peers() {
        throw new UnsupportedOperationException("TODO");
    }
}
