package io.hypha.node.repo;

import io.hypha.block.Blockstore;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multicodec;
import io.hypha.multiformats.Multihash;
import java.io.IOException;
import java.util.Iterator;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Mark-and-sweep garbage collection of a blockstore, as Kubo's {@code repo gc}: under the {@link GcLock}
 * held exclusively (so no add is between writing blocks and pinning them), mark every block reachable from
 * a recursive pin and every direct pin, then delete every other block listed by {@link Blockstore#keys()}.
 *
 * <p>The mark set holds one multihash per pinned block in memory (about 100 bytes each). Blocking: run it
 * on a worker thread.
 */
public final class GarbageCollector {
    private GarbageCollector() {}

    /**
     * What a collection did.
     *
     * @param removedBlocks blocks deleted
     * @param removedBytes their total size
     * @param keptBlocks blocks kept because they are pinned
     */
    public record Result(long removedBlocks, long removedBytes, long keptBlocks) {}

    /**
     * Collects garbage in {@code blocks}, telling {@code onRemoved} each removed block (as a CIDv1 raw of its
     * multihash, as Kubo reports it: the store knows multihashes, not codecs).
     *
     * @throws io.hypha.block.BlockNotFoundException if a pinned DAG is incomplete: nothing is deleted then
     * @throws InterruptedException if interrupted while waiting for running adds to finish
     */
    public static Result collect(Blockstore blocks, Pins pins, GcLock lock, Consumer<Cid> onRemoved)
            throws IOException, InterruptedException {
        try (GcLock.Unlocker held = lock.lockExclusive()) {
            Set<Multihash> marked = pins.markSet();
            long removed = 0;
            long bytes = 0;
            long kept = 0;
            try (Stream<Multihash> keys = blocks.keys()) {
                for (Iterator<Multihash> it = keys.iterator(); it.hasNext(); ) {
                    Multihash mh = it.next();
                    if (marked.contains(mh)) {
                        kept++;
                        continue;
                    }
                    Cid cid = Cid.v1(Multicodec.RAW, mh);
                    OptionalInt size = DagWalk.await(blocks.size(cid));
                    if (DagWalk.await(blocks.delete(cid))) {
                        removed++;
                        bytes += size.orElse(0);
                        onRemoved.accept(cid);
                    }
                }
            }
            return new Result(removed, bytes, kept);
        }
    }
}
