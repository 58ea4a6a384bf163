package io.hypha.protocol.bitswap.server;

import io.hypha.peer.PeerId;

/**
 * What we exchanged with one peer (Kubo's {@code bitswap ledger}): bytes and blocks each way, and the wants it has
 * with us now. {@code exchanged} counts messages both ways.
 */
public record LedgerSnapshot(PeerId peer, long bytesSent, long bytesReceived, long blocksSent, long blocksReceived,
        long exchanged, int wants) {
    /** Kubo's debt ratio: bytes sent over bytes received plus one. */
    public double debtRatio() {
        return (double) bytesSent / (bytesReceived + 1);
    }
}
