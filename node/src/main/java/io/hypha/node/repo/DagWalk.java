package io.hypha.node.repo;

import io.hypha.block.Block;
import io.hypha.block.BlockNotFoundException;
import io.hypha.block.BlockSource;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multihash;
import io.hypha.node.car.CarExport;
import io.hypha.node.dag.DagTraversal;
import io.hypha.node.internal.Futures;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** The DAG walk ({@link DagTraversal}) waited for, for pinning and garbage collection on worker threads. */
final class DagWalk {
    private DagWalk() {}

    /**
     * Visits every block reachable from {@code root} whose multihash is not in {@code seen} yet, adding each
     * to it. Fails with {@link BlockNotFoundException} naming the first missing block and what links to it;
     * a corrupt block fails with {@link io.hypha.block.CorruptBlockException}.
     */
    static void walk(BlockSource store, Cid root, Set<Multihash> seen, Consumer<Block> visitor) throws IOException {
        walk(store, root, c -> seen.add(c.multihash()), visitor);
    }

    /** As above, visiting each block once per CID that {@code firstVisit} accepts (true: not visited yet). */
    static void walk(BlockSource store, Cid root, java.util.function.Predicate<Cid> firstVisit, Consumer<Block> visitor)
            throws IOException {
        await(DagTraversal.walk(store, List.of(root), firstVisit, "the root", (block, parent) -> {
            visitor.accept(block);
            return CarExport.links(block);
        }));
    }

    /** {@code store.get(cid)}, waited for; the store's typed failures are rethrown as they are. */
    static Optional<Block> get(BlockSource store, Cid cid) throws IOException {
        return await(store.get(cid));
    }

    /** Waits for a blockstore operation; see {@link Futures#await}. */
    static <T> T await(CompletableFuture<T> future) throws IOException {
        return Futures.await(future, "waiting for the blockstore");
    }
}
