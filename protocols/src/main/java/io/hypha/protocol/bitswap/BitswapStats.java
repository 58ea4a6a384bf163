package io.hypha.protocol.bitswap;

import io.hypha.multiformats.Cid;
import io.hypha.peer.PeerId;
import java.util.List;

/**
 * Kubo's {@code bitswap stat}: what we want now, who we exchange with, and the counters since start.
 * {@code dupBlocksReceived} counts blocks that arrived when we already had them (another peer was faster).
 */
public record BitswapStats(List<Cid> wantlist, List<PeerId> peers, long blocksReceived, long dataReceived,
        long blocksSent, long dataSent, long dupBlocksReceived, long dupDataReceived, long messagesReceived) {
    public BitswapStats {
        wantlist = List.copyOf(wantlist);
        peers = List.copyOf(peers);
    }
}
