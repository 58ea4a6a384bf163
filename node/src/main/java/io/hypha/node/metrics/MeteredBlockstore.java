package io.hypha.node.metrics;

import io.hypha.block.Block;
import io.hypha.block.Blockstore;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multihash;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * A {@link Blockstore} that counts what passes through it into its node's metrics, whatever store is beneath
 * (flatfs, memory, S3): reads by result (hit, miss, error) and bytes read, blocks and bytes written, blocks
 * deleted. The node puts it in front of its store, so the block service, the content API and embedders reading
 * {@code node.blocks()} are all counted, once. {@link #has} and {@link #size} read no block and are not counted.
 * Each answer completes after it was counted, with exactly the value or exception of the store beneath.
 */
public final class MeteredBlockstore implements Blockstore {
    private final Blockstore store;
    private final CounterDataPoint hits;
    private final CounterDataPoint misses;
    private final CounterDataPoint readErrors;
    private final Counter readBytes;
    private final Counter writes;
    private final Counter writtenBytes;
    private final Counter deletes;

    MeteredBlockstore(Blockstore store, Counter reads, Counter readBytes, Counter writes, Counter writtenBytes,
            Counter deletes) {
        this.store = Objects.requireNonNull(store, "store");
        this.hits = reads.labelValues("hit");
        this.misses = reads.labelValues("miss");
        this.readErrors = reads.labelValues("error");
        this.readBytes = readBytes;
        this.writes = writes;
        this.writtenBytes = writtenBytes;
        this.deletes = deletes;
    }

    /** The store beneath. */
    public Blockstore store() {
        return store;
    }

    @Override
    public CompletableFuture<Boolean> has(Cid cid) {
        return store.has(cid);
    }

    @Override
    public CompletableFuture<Optional<Block>> get(Cid cid) {
        return counted(store.get(cid), (found, error) -> {
            if (error != null) {
                readErrors.inc();
            } else if (found.isPresent()) {
                hits.inc();
                readBytes.inc(found.get().data().length);
            } else {
                misses.inc();
            }
        });
    }

    @Override
    public CompletableFuture<OptionalInt> size(Cid cid) {
        return store.size(cid);
    }

    @Override
    public CompletableFuture<Void> put(Cid cid, byte[] data) {
        return counted(store.put(cid, data), (v, error) -> {
            if (error == null) {
                writes.inc();
                writtenBytes.inc(data.length);
            }
        });
    }

    @Override
    public CompletableFuture<Void> putAll(Collection<Block> blocks) {
        return counted(store.putAll(blocks), (v, error) -> {
            if (error == null) {
                long bytes = 0;
                for (Block b : blocks) {
                    bytes += b.data().length;
                }
                writes.inc(blocks.size());
                writtenBytes.inc(bytes);
            }
        });
    }

    @Override
    public CompletableFuture<Boolean> delete(Cid cid) {
        return counted(store.delete(cid), (removed, error) -> {
            if (error == null && removed) {
                deletes.inc();
            }
        });
    }

    @Override
    public Stream<Multihash> keys() {
        return store.keys();
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "Metered[" + store + "]";
    }

    /**
     * A future completed, after {@code count} ran, with exactly what {@code answer} completed with (the same
     * exception object: callers that look at the cause see what they would have seen without the meter).
     */
    private static <T> CompletableFuture<T> counted(CompletableFuture<T> answer, BiConsumer<T, Throwable> count) {
        CompletableFuture<T> out = new CompletableFuture<>();
        answer.whenComplete((value, error) -> {
            try {
                count.accept(value, error);
            } finally {
                if (error != null) {
                    out.completeExceptionally(error);
                } else {
                    out.complete(value);
                }
            }
        });
        return out;
    }
}
