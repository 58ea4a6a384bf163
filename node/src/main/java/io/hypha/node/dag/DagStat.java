package io.hypha.node.dag;

import io.hypha.block.BlockSource;
import io.hypha.multiformats.Cid;
import io.hypha.node.ipld.IpldLinks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Kubo's {@code dag stat}: for each root, the bytes and number of the distinct blocks of its DAG; over all roots,
 * the distinct blocks ({@code uniqueBlocks}) and their bytes ({@code totalSize}), the bytes counted more than once
 * because roots share blocks ({@code sharedSize}) and the ratio of all counted bytes to distinct bytes. Walks with
 * {@link DagTraversal}, each root in turn, each block once per root (blocks are told apart by CID, as Kubo does).
 *
 * @param roots one entry per root, in order
 * @param uniqueBlocks distinct blocks over all roots
 * @param totalSize bytes of the distinct blocks
 * @param sharedSize bytes counted under more than one root
 * @param ratio all the roots' bytes over {@code totalSize} (Kubo's float32; NaN for an empty DAG set)
 */
public record DagStat(List<Root> roots, long uniqueBlocks, long totalSize, long sharedSize, float ratio) {
    public DagStat {
        roots = List.copyOf(roots);
    }

    /** One root's DAG: its distinct blocks and their bytes. */
    public record Root(Cid cid, long size, long numBlocks) {}

    /** Walks the DAGs under {@code roots} (each must be complete in {@code source}). */
    public static CompletableFuture<DagStat> of(BlockSource source, List<Cid> roots) {
        return of(source, roots, s -> { });
    }

    /**
     * Walks the DAGs under {@code roots}, passing {@code progress} the running figures after each block, as Kubo's
     * {@code --progress} emits them: the roots so far and {@code totalSize}, the other totals zero until the end.
     */
    public static CompletableFuture<DagStat> of(BlockSource source, List<Cid> roots, Consumer<DagStat> progress) {
        List<Root> done = new ArrayList<>();
        Set<Cid> all = new HashSet<>();
        long[] totals = new long[2]; // distinct bytes, all bytes
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Cid root : List.copyOf(roots)) {
            chain = chain.thenCompose(v -> {
                Set<Cid> seen = new HashSet<>();
                long[] mine = new long[2]; // bytes, blocks
                return DagTraversal.walk(source, List.of(root), seen::add, "the root", (block, parent) -> {
                    mine[0] += block.size();
                    mine[1]++;
                    if (all.add(block.cid())) {
                        totals[0] += block.size();
                    }
                    totals[1] += block.size();
                    List<Root> sofar = new ArrayList<>(done);
                    sofar.add(new Root(root, mine[0], mine[1]));
                    progress.accept(new DagStat(sofar, 0, totals[0], 0, 0));
                    return IpldLinks.of(block).stream().map(IpldLinks.NamedLink::cid).toList();
                }).thenRun(() -> done.add(new Root(root, mine[0], mine[1])));
            });
        }
        return chain.thenApply(v -> new DagStat(done, all.size(), totals[0], totals[1] - totals[0],
                (float) totals[1] / (float) totals[0]));
    }
}
