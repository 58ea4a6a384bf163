package io.hypha.node.gateway;

import io.hypha.block.Block;
import io.hypha.block.BlockSource;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multicodec;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The node's block service as the gateway reads it: an identity CID's block is its digest (nothing is stored for
 * it), and every answer completes on the gateway's worker threads, so the DAG walks that write to a client (and
 * wait for the client to take each chunk) never run on a store's or an event loop's thread.
 */
final class GatewayBlocks implements BlockSource {
    private final BlockSource service;
    private final Executor workers;

    GatewayBlocks(BlockSource service, Executor workers) {
        this.service = service;
        this.workers = workers;
    }

    static boolean isIdentity(Cid cid) {
        return cid.multihash().code() == Multicodec.IDENTITY.code();
    }

    @Override
    public CompletableFuture<Optional<Block>> get(Cid cid) {
        if (isIdentity(cid)) {
            return CompletableFuture.supplyAsync(() -> Optional.of(new Block(cid, cid.multihash().digest())), workers);
        }
        return service.get(cid).thenApplyAsync(found -> found, workers);
    }
}
