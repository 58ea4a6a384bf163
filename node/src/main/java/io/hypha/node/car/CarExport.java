package io.hypha.node.car;

import io.hypha.block.Block;
import io.hypha.block.BlockNotFoundException;
import io.hypha.block.BlockSource;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multicodec;
import io.hypha.node.unixfs.DagPb;
import io.hypha.node.unixfs.PbLink;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Writes the DAGs under some roots from a {@link BlockSource} (the local store, or the node's block service)
 * as a CARv1, as Kubo's {@code ipfs dag export} does: a depth-first, pre-order walk from each root in turn, following links in the order the node stores
 * them, writing each CID once (go-car's {@code TraverseLinksOnlyOnce}).
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
        Walk walk = new Walk(store, roots, writer);
        walk.step();
        return walk.result;
    }

    /** An explicit-stack walk: no recursion, whether the store completes at once or later. */
    private static final class Walk {
        private final BlockSource store;
        private final List<Cid> roots;
        private final CarWriter writer;
        private final Deque<Visit> stack = new ArrayDeque<>();
        private final Set<Cid> visited = new HashSet<>();
        private final CompletableFuture<Result> result = new CompletableFuture<>();

        Walk(BlockSource store, List<Cid> roots, CarWriter writer) {
            this.store = store;
            this.roots = roots;
            this.writer = writer;
            for (int i = roots.size() - 1; i >= 0; i--) {
                stack.push(new Visit(roots.get(i), null));
            }
        }

        void step() {
            try {
                while (!stack.isEmpty()) {
                    Visit v = stack.pop();
                    if (!visited.add(v.cid())) {
                        continue;
                    }
                    CompletableFuture<Optional<Block>> pending = store.get(v.cid());
                    if (!pending.isDone()) {
                        pending.whenComplete((block, error) -> {
                            if (error != null) {
                                result.completeExceptionally(unwrap(error));
                                return;
                            }
                            try {
                                visit(v, block);
                            } catch (Throwable e) {
                                result.completeExceptionally(e);
                                return;
                            }
                            step();
                        });
                        return;
                    }
                    if (pending.isCompletedExceptionally()) {
                        result.completeExceptionally(unwrap(pending.exceptionNow()));
                        return;
                    }
                    visit(v, pending.resultNow());
                }
                writer.flush();
                result.complete(new Result(roots, writer.blocksWritten(), writer.bytesWritten()));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }

        private void visit(Visit v, Optional<Block> found) throws IOException {
            Block block = found.orElseThrow(() -> new BlockNotFoundException(v.cid(),
                    v.parent() == null ? "root of the export" : "linked from " + v.parent()));
            writer.write(block);
            List<Cid> links = links(block);
            for (int i = links.size() - 1; i >= 0; i--) {
                stack.push(new Visit(links.get(i), v.cid()));
            }
        }
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

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private record Visit(Cid cid, Cid parent) {}

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
