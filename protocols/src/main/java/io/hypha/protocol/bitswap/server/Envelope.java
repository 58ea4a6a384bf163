package io.hypha.protocol.bitswap.server;

import io.hypha.multiformats.Cid;
import io.hypha.peer.PeerId;
import io.hypha.protocol.bitswap.message.BlockPresence;
import java.util.List;

/**
 * One batch the {@link DecisionEngine} chose to send to {@code peer}: the blocks to read from the store and send
 * (under the CIDs the peer asked for them by), the presences to send, and the bytes of blocks still queued for that
 * peer after this batch ({@code pendingBytes} on the wire). Its {@code blockBytes} count as outstanding for the peer
 * until {@link DecisionEngine#envelopeDone} is called.
 */
public record Envelope(PeerId peer, List<Cid> blocks, List<BlockPresence> presences, long blockBytes,
        int pendingBytes) {
    public Envelope {
        blocks = List.copyOf(blocks);
        presences = List.copyOf(presences);
    }
}
