package io.hypha.node.repo;

import io.hypha.block.Block;
import io.hypha.block.BlockNotFoundException;
import io.hypha.block.BlockSource;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multihash;
import io.hypha.node.car.CarExport;
import io.hypha.node.internal.Futures;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A blocking depth-first walk of a DAG in the local blockstore, for pinning and garbage collection. */
final class DagWalk {
    private DagWalk() {}

    /**
     * Visits every block reachable from {@code root} whose multihash is not in {@code seen} yet, adding each
     * to it. Fails with {@link BlockNotFoundException} naming the first missing block and what links to it;
     * a corrupt block fails with {@link io.hypha.block.CorruptBlockException}.
     */
    static void walk(BlockSource store, Cid root, Set<Multihash> seen, Consumer<Block> visitor) throws IOException {
        record Visit(Cid cid, Cid parent) {}
        Deque<Visit> stack = new ArrayDeque<>();
        stack.push(new Visit(root, null));
        while (!stack.isEmpty()) {
            Visit v = stack.pop();
            if (!seen.add(v.cid().multihash())) {
                continue;
            }
            Block block = get(store, v.cid()).orElseThrow(() -> new BlockNotFoundException(v.cid(),
                    v.parent() == null ? "the root" : "linked from " + v.parent()));
            visitor.accept(block);
            List<Cid> links = CarExport.links(block);
            for (int i = links.size() - 1; i >= 0; i--) {
                stack.push(new Visit(links.get(i), v.cid()));
            }
        }
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
