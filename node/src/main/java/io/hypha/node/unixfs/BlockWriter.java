package io.hypha.node.unixfs;

import io.hypha.block.BlockTooLargeException;
import io.hypha.block.Blockstore;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multicodec;
import io.hypha.multiformats.Multihash;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hashes blocks into CIDs and hands them to a {@link BlockSink}, with at most a fixed number of writes
 * outstanding: the importer blocks (on its own thread) when the sink falls behind, so memory stays bounded.
 * The first failed write fails the import at the next write or at {@link #finish()}.
 */
final class BlockWriter {
    private final BlockSink sink;
    private final ImportOptions options;
    private final int permits;
    private final Semaphore inFlight;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    BlockWriter(BlockSink sink, ImportOptions options) {
        this.sink = sink;
        this.options = options;
        this.permits = options.maxInFlightWrites();
        this.inFlight = new Semaphore(permits);
    }

    /** Hashes and writes a raw leaf; ownership of {@code data} moves to the sink. */
    Cid writeRaw(byte[] data) throws IOException {
        Cid cid = Cid.v1(Multicodec.RAW, Multihash.digest(options.hash(), data));
        write(cid, data);
        return cid;
    }

    /** Hashes and writes a dag-pb block under the configured CID version; ownership of {@code block} moves. */
    Cid writeDagPb(byte[] block) throws IOException {
        Cid cid = options.cidVersion() == 0
                ? Cid.v0(Multihash.digest(HashAlgorithm.SHA2_256, block))
                : Cid.v1(Multicodec.DAG_PB, Multihash.digest(options.hash(), block));
        write(cid, block);
        return cid;
    }

    private void write(Cid cid, byte[] data) throws IOException {
        if (data.length > Blockstore.MAX_BLOCK_SIZE) {
            throw new BlockTooLargeException(cid, data.length);
        }
        rethrowFailure();
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("import interrupted while waiting for block writes");
        }
        try {
            sink.put(cid, data).whenComplete((ok, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error instanceof CompletionException c && c.getCause() != null
                            ? c.getCause() : error);
                }
                inFlight.release();
            });
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    /** Waits until every write has completed; throws the first failure. */
    void finish() throws IOException {
        try {
            inFlight.acquire(permits);
            inFlight.release(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("import interrupted while waiting for block writes");
        }
        rethrowFailure();
    }

    private void rethrowFailure() throws IOException {
        Throwable t = failure.get();
        if (t == null) {
            return;
        }
        if (t instanceof IOException io) {
            throw new IOException("storing a block failed: " + io.getMessage(), io);
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        throw new IOException("storing a block failed: " + t, t);
    }
}
