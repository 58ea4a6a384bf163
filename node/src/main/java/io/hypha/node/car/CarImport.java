package io.hypha.node.car;

import io.hypha.block.Block;
import io.hypha.block.Blockstore;
import io.hypha.multiformats.Cid;
import io.hypha.node.internal.Futures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CAR into a {@link Blockstore}, as {@code ipfs dag import} does, in batches of
 * {@link #BATCH_BLOCKS} so memory stays bounded. Every block is verified twice: by the {@link CarReader}
 * and by the store. Blocking (it reads the stream and waits for each batch): run it on a worker thread.
 */
public final class CarImport {
    /** Blocks handed to {@link Blockstore#putAll} at once: enough to amortise directory syncs, at most ~128 MiB. */
    public static final int BATCH_BLOCKS = 64;

    private CarImport() {}

    /** What an import stored. */
    public record Result(List<Cid> roots, long blocks, long bytes) {
        public Result {
            roots = List.copyOf(roots);
        }
    }

    /** Imports every block of {@code car} into {@code store}; the reader is consumed but not closed. */
    public static Result into(Blockstore store, CarReader car) throws IOException {
        long blocks = 0;
        long bytes = 0;
        List<Block> batch = new ArrayList<>(BATCH_BLOCKS);
        for (var next = car.next(); next.isPresent(); next = car.next()) {
            Block block = next.get();
            batch.add(block);
            blocks++;
            bytes += block.size();
            if (batch.size() == BATCH_BLOCKS) {
                store(store, batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            store(store, batch);
        }
        return new Result(car.roots(), blocks, bytes);
    }

    private static void store(Blockstore store, List<Block> batch) throws IOException {
        Futures.await(store.putAll(List.copyOf(batch)), "CAR import");
    }
}
