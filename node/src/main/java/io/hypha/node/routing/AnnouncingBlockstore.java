package io.hypha.node.routing;

import io.hypha.block.Block;
import io.hypha.block.Blockstore;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multihash;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A store that tells the provider about every block written to it ({@code Provide.Strategy} {@code all}, Kubo's
 * default: every block the node holds is announced, as it arrives). Reads and deletes pass straight through.
 */
final class AnnouncingBlockstore implements Blockstore {
    private final Blockstore store;
    private final Consumer<Cid> written;

    AnnouncingBlockstore(Blockstore store, Consumer<Cid> written) {
        this.store = store;
        this.written = written;
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
        return store.put(cid, data).thenRun(() -> written.accept(cid));
    }

    @Override
    public CompletableFuture<Void> putAll(Collection<Block> blocks) {
        return store.putAll(blocks).thenRun(() -> blocks.forEach(b -> written.accept(b.cid())));
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
