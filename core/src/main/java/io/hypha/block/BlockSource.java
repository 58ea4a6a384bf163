package io.hypha.block;

import io.hypha.multiformats.Cid;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where DAG readers (UnixFS export, DAG walks, CAR export, pinning, the gateway) get blocks: a {@link Blockstore}
 * answers from local storage only; the node's block service also fetches what its store lacks from peers through
 * a {@link BlockExchange}, verified and stored before it is returned. A reader written against this interface
 * works the same offline and online.
 */
public interface BlockSource {
    /**
     * The block with this CID's multihash, returned under {@code cid}; empty when this source does not have it (a
     * source that fetches: when no peer provided it either). The bytes always hash to the CID: a stored block that
     * does not fails with {@link CorruptBlockException}, a fetched one with {@link HashMismatchException}.
     */
    CompletableFuture<Optional<Block>> get(Cid cid);
}
