package io.hypha.node.store;

import io.hypha.block.Block;
import io.hypha.block.BlockExchange;
import io.hypha.block.BlockSource;
import io.hypha.block.Blockstore;
import io.hypha.multiformats.Cid;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The node's block source: answers from its {@link Blockstore} and, when it has an {@link BlockExchange}
 * (Bitswap; none with {@code --offline}), fetches the blocks the store lacks, stores them (the store verifies
 * them against the CID asked for first: a peer's wrong bytes fail with
 * {@link io.hypha.block.HashMismatchException} and are never stored) and returns them. Everything that reads
 * a DAG reads through it, so cat, ls, get, CAR export, pinning and the gateway work for content held elsewhere.
 * Never blocks: every answer is a future.
 */
public final class BlockService implements BlockSource {
    private final Blockstore store;
    private final BlockExchange exchange;

    private BlockService(Blockstore store, BlockExchange exchange) {
        this.store = Objects.requireNonNull(store, "store");
        this.exchange = exchange;
    }

    /** Local blocks only. */
    public static BlockService offline(Blockstore store) {
        return new BlockService(store, null);
    }

    /** Local blocks first, then {@code exchange} for those the store lacks. */
    public static BlockService online(Blockstore store, BlockExchange exchange) {
        return new BlockService(store, Objects.requireNonNull(exchange, "exchange"));
    }

    /** The local store. */
    public Blockstore store() {
        return store;
    }

    /** Whether missing blocks are fetched from peers. */
    public boolean isOnline() {
        return exchange != null;
    }

    @Override
    public CompletableFuture<Optional<Block>> get(Cid cid) {
        return store.get(cid).thenCompose(local -> local.isPresent() || exchange == null
                ? CompletableFuture.completedFuture(local)
                : fetch(cid));
    }

    /** Whether the block is stored locally (never fetches). */
    public CompletableFuture<Boolean> hasLocally(Cid cid) {
        return store.has(cid);
    }

    private CompletableFuture<Optional<Block>> fetch(Cid cid) {
        return exchange.fetch(cid).thenCompose(found -> {
            if (found.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<Block>empty());
            }
            // stored under the CID asked for, after the store checked the bytes hash to it
            byte[] data = found.get().data();
            return store.put(cid, data).thenApply(v -> Optional.of(new Block(cid, data)));
        });
    }
}
