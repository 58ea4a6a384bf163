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
        return get(cid, exchange);
    }

    /** Whether the block is stored locally (never fetches). */
    public CompletableFuture<Boolean> hasLocally(Cid cid) {
        return store.has(cid);
    }

    /**
     * A source for the blocks of one operation (one cat, one pin, one export, one gateway request): online, bound
     * to one {@link BlockExchange.Session}, so the peers that had the first blocks are asked first for the rest;
     * offline, the store itself. Close it when the operation ends: what it still wants is cancelled and its
     * pending reads complete (empty).
     */
    public Session session() {
        if (exchange == null) {
            return new Session(null);
        }
        return new Session(exchange.session());
    }

    /** One operation's view of the block service; see {@link BlockService#session()}. */
    public final class Session implements BlockSource, AutoCloseable {
        private final BlockExchange.Session exchangeSession;

        private Session(BlockExchange.Session exchangeSession) {
            this.exchangeSession = exchangeSession;
        }

        @Override
        public CompletableFuture<Optional<Block>> get(Cid cid) {
            return BlockService.this.get(cid, exchangeSession);
        }

        /** Whether this session fetches missing blocks from peers. */
        public boolean isOnline() {
            return exchangeSession != null;
        }

        @Override
        public void close() {
            if (exchangeSession != null) {
                exchangeSession.close();
            }
        }
    }

    private CompletableFuture<Optional<Block>> get(Cid cid, BlockExchange from) {
        return store.get(cid).thenCompose(local -> local.isPresent() || from == null
                ? CompletableFuture.completedFuture(local)
                : fetch(cid, from));
    }

    private CompletableFuture<Optional<Block>> fetch(Cid cid, BlockExchange from) {
        return from.fetch(cid).thenCompose(found -> {
            if (found.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<Block>empty());
            }
            // stored under the CID asked for, after the store checked the bytes hash to it; the store tells
            // Bitswap (NotifyingBlockstore), so peers that want it from us get it too
            byte[] data = found.get().data();
            return store.put(cid, data).thenApply(v -> Optional.of(new Block(cid, data)));
        });
    }
}
