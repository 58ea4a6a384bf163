package io.hypha.block;

import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multihash;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Content-addressed block storage, keyed by <em>multihash</em>: the CIDv0 and CIDv1 (dag-pb or raw) of
 * the same bytes name one stored block, as in Kubo since 0.12. A lookup returns the bytes under the CID
 * it was asked with.
 *
 * <p>Guarantees every implementation keeps (checked by the shared contract test suite):
 * <ul>
 *   <li>{@link #put} stores nothing unless the bytes hash to the CID's multihash; otherwise the future
 *       fails with {@link HashMismatchException}. Blocks over {@link #MAX_BLOCK_SIZE} fail with
 *       {@link BlockTooLargeException}.</li>
 *   <li>A block that no longer matches its hash is never served: {@link #get} fails with
 *       {@link CorruptBlockException}.</li>
 *   <li>Identity-hash CIDs (multihash code 0x00) hold their bytes inline, as Kubo's idstore treats them:
 *       they are always present, never written, never listed by {@link #keys()} and cannot be deleted.</li>
 *   <li>Every future completes; after {@link #close()} operations fail with {@link BlockstoreClosedException}.
 *       Disk errors complete futures with the {@link java.io.IOException}.</li>
 *   <li>Implementations never do blocking I/O on the calling thread, except {@link #keys()} (see there).</li>
 * </ul>
 */
public interface Blockstore extends BlockSource, AutoCloseable {
    /**
     * Largest block stored or served: 2 MiB, Bitswap's and boxo's block limit (SPEC-NOTES 1.11,
     * {@code chunker.BlockSizeLimit}). A bigger block could not be exchanged with any peer.
     */
    int MAX_BLOCK_SIZE = 2 * 1024 * 1024;

    /** Whether a block with this CID's multihash is stored. */
    CompletableFuture<Boolean> has(Cid cid);

    /**
     * The block with this CID's multihash, returned under {@code cid}; empty if absent. Fails with
     * {@link CorruptBlockException} when the stored bytes do not match their hash.
     */
    @Override
    CompletableFuture<Optional<Block>> get(Cid cid);

    /** The stored size in bytes of the block with this CID's multihash, without reading or verifying it. */
    CompletableFuture<OptionalInt> size(Cid cid);

    /**
     * Stores {@code data} under the multihash of {@code cid} after checking that the bytes hash to it.
     * Storing a block that is already present succeeds without rewriting it.
     */
    CompletableFuture<Void> put(Cid cid, byte[] data);

    /** Stores {@code block}; see {@link #put(Cid, byte[])}. */
    default CompletableFuture<Void> put(Block block) {
        return put(block.cid(), block.data());
    }

    /**
     * Stores several blocks. Every block is verified before any is written: one mismatch fails the call
     * with {@link HashMismatchException} and stores nothing. An I/O failure part way may leave some of the
     * blocks stored (harmless: each one is complete and correct).
     */
    CompletableFuture<Void> putAll(Collection<Block> blocks);

    /** Removes the block with this CID's multihash; completes with whether one was removed. */
    CompletableFuture<Boolean> delete(Cid cid);

    /**
     * A lazy stream of the multihashes of all stored blocks, in no particular order, without loading them
     * all into memory.
     *
     * <p>Why a {@link Stream} rather than a {@link java.util.concurrent.Flow.Publisher}: the consumers
     * (garbage collection, {@code refs local}, pin verification) are batch jobs that already run on a worker
     * thread, and a pull-based stream gives them back-pressure, early exit and resource release
     * ({@code try (var keys = store.keys())}) with no extra machinery or buffering. The price is that
     * consuming the stream may block on disk: <strong>consume it on a worker thread, never on an event
     * loop</strong>, and close it. Blocks added or removed while it is consumed may or may not appear.
     */
    Stream<Multihash> keys();

    /**
     * Stops accepting operations. Operations already accepted still complete; later ones fail with
     * {@link BlockstoreClosedException}. Idempotent.
     */
    @Override
    void close();
}
