package io.hypha.node.store;

import io.hypha.block.Block;
import io.hypha.block.Blockstore;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multihash;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A store that tells a listener about every block written to it, once the write succeeded: the one place where
 * the node learns of new local blocks, whoever wrote them (an add, a block or DAG put, a CAR import, a block the
 * block service fetched). The provider announces them ({@code Provide.Strategy} {@code all}) and Bitswap sends them
 * to the peers waiting for them. Reads and deletes pass straight through; a failed write tells nobody.
 *
 * <p>The listener runs on the thread that completed the write (a store worker): it must not block.
 */
public final class NotifyingBlockstore implements Blockstore {
    private final Blockstore store;
    private final Consumer<List<Block>> written;

    private NotifyingBlockstore(Blockstore store, Consumer<List<Block>> written) {
        this.store = Objects.requireNonNull(store, "store");
        this.written = Objects.requireNonNull(written, "written");
    }

    /** {@code store}, telling {@code written} about the blocks of each successful put or putAll. */
    public static Blockstore of(Blockstore store, Consumer<List<Block>> written) {
        return new NotifyingBlockstore(store, written);
    }

    @Override
    public CompletableFuture<Boolean> has(Cid cid) {
        return store.has(cid);
    }

    @Override
    public CompletableFuture<Optional<Block>> get(Cid cid) {
        return store.get(cid);
    }

    @Override
    public CompletableFuture<OptionalInt> size(Cid cid) {
        return store.size(cid);
    }

    @Override
    public CompletableFuture<Void> put(Cid cid, byte[] data) {
        return store.put(cid, data).thenRun(() -> tell(List.of(new Block(cid, data))));
    }

    @Override
    public CompletableFuture<Void> put(Block block) {
        return store.put(block).thenRun(() -> tell(List.of(block)));
    }

    @Override
    public CompletableFuture<Void> putAll(Collection<Block> blocks) {
        List<Block> copy = List.copyOf(blocks);
        return store.putAll(copy).thenRun(() -> tell(copy));
    }

    /** A listener's failure is logged, never the writer's: the block is stored either way. */
    private void tell(List<Block> blocks) {
        try {
            written.accept(blocks);
        } catch (RuntimeException e) {
            System.getLogger(NotifyingBlockstore.class.getName()).log(System.Logger.Level.WARNING,
                    "a listener of new blocks failed", e);
        }
    }

    @Override
    public CompletableFuture<Boolean> delete(Cid cid) {
        return store.delete(cid);
    }

    @Override
    public Stream<Multihash> keys() {
        return store.keys();
    }

    @Override
    public void close() {
        store.close();
    }
}
