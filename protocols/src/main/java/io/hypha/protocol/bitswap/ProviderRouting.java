package io.hypha.protocol.bitswap;

import io.hypha.multiformats.Cid;
import io.hypha.peer.PeerInfo;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where a session finds providers when the peers it knows lack a block: the node hands Bitswap one over its DHT
 * (Bitswap never imports the DHT's package), or {@link #NONE}.
 */
@FunctionalInterface
public interface ProviderRouting {
    /** No routing: a session asks connected peers only. */
    ProviderRouting NONE = (cid, count, found) -> CompletableFuture.completedFuture(null);

    /**
     * Looks for up to {@code count} providers of {@code cid}, calling {@code found} for each as it is found (from any
     * thread); completes when the search ends, found or not.
     */
    CompletableFuture<Void> findProviders(Cid cid, int count, Consumer<PeerInfo> found);
}
