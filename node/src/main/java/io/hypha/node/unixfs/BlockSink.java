package io.hypha.node.unixfs;

import io.hypha.block.Blockstore;
import io.hypha.multiformats.Cid;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Where an import writes its blocks. The importer bounds how many {@link #put} futures are outstanding
 * ({@link ImportOptions#maxInFlightWrites()}) and waits for all of them before it returns.
 */
@FunctionalInterface
public interface BlockSink {
    /**
     * Stores one block. Ownership of {@code data} moves to the sink: the importer never touches the array again.
     * The future completes when the block is stored, or exceptionally with the reason it is not.
     */
    CompletableFuture<Void> put(Cid cid, byte[] data);

    /** A sink writing to {@code store} (which verifies each block's hash). */
    static BlockSink of(Blockstore store) {
        Objects.requireNonNull(store, "store");
        return store::put;
    }

    /** A sink that stores nothing, for {@code --only-hash}. */
    static BlockSink discard() {
        return (cid, data) -> CompletableFuture.completedFuture(null);
    }
}
