package io.hypha.node.car;

import io.hypha.block.Block;
import io.hypha.block.BlockNotFoundException;
import io.hypha.block.BlockSource;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multicodec;
import io.hypha.node.dag.DagTraversal;
import io.hypha.node.unixfs.DagPb;
import io.hypha.node.unixfs.PbLink;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Writes the DAGs under some roots from a {@link BlockSource} (the local store, or the node's block service)
 * as a CARv1, as Kubo's {@code ipfs dag export} does: a depth-first, pre-order walk from each root in turn
 * ({@link DagTraversal}), following links in the order the node stores them, writing each CID once (go-car's
 * {@code TraverseLinksOnlyOnce}).
 *
 * <p>Links are followed in dag-pb nodes ({@link DagPb}) and DAG-CBOR nodes (tag-42 CIDs, see
 * {@link DagCborLinks}); raw blocks and identity CIDs are leaves. A block of any other codec fails the
 * export with {@link UnsupportedCodecException} rather than writing an incomplete CAR silently. A block
 * missing from the store fails it with {@link BlockNotFoundException} naming the CID and its parent.
 */
public final class CarExport {
    private CarExport() {}

    /** What an export wrote. */
    public record Result(List<Cid> roots, long blocks, long bytes) {
        public Result {
            roots = List.copyOf(roots);
        }
    }

    /**
     * Exports the DAGs under {@code roots} to {@code out}, which is flushed, not closed. The header is
     * written on the calling thread; later writes happen on the store's completion threads, so {@code out}
     * may block (a file, a pipe) but must not be an event-loop sink. The future fails with the first error:
     * {@link BlockNotFoundException}, {@link UnsupportedCodecException}, a decoding error or an
     * {@link IOException}; by then part of the CAR may have been written.
     */
    public static CompletableFuture<Result> export(BlockSource store, List<Cid> roots, OutputStream out) {
        CarWriter writer;
        try {
            writer = new CarWriter(new NonClosing(out), roots);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        Set<Cid> visited = new HashSet<>();
        return DagTraversal.walk(store, roots, visited::add, "root of the export", (block, parent) -> {
            writer.write(block);
            return links(block);
        }).thenApply(v -> {
            try {
                writer.flush();
            } catch (IOException e) {
                throw new CompletionException(e);
            }
            return new Result(roots, writer.blocksWritten(), writer.bytesWritten());
        });
    }

    /**
     * The CIDs a block links to, in order: dag-pb links, DAG-CBOR tag-42 CIDs, none for raw. Also used by
     * pinning and garbage collection to walk a DAG.
     *
     * @throws UnsupportedCodecException for a block of any other codec
     */
    public static List<Cid> links(Block block) {
        long codec = block.cid().codec();
        if (codec == Multicodec.DAG_PB.code()) {
            return DagPb.decode(block.data()).links().stream().map(PbLink::hash).toList();
        }
        if (codec == Multicodec.RAW.code()) {
            return List.of();
        }
        if (codec == Multicodec.DAG_CBOR.code()) {
            return DagCborLinks.of(block);
        }
        throw new UnsupportedCodecException(block.cid());
    }


    /** Lets the writer buffer and flush without closing the caller's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
