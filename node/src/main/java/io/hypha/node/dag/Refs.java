package io.hypha.node.dag;

import io.hypha.block.BlockSource;
import io.hypha.multiformats.Cid;
import io.hypha.node.ipld.IpldLinks;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Kubo's {@code refs}: the links under some roots, each reported as it is found, in depth-first pre-order (a link,
 * then the links under it), walked with {@link DagTraversal}. Without {@code unique} a block reached twice is listed
 * (and walked) twice, as Kubo does; with it, a link is listed once, and walked again only when met again nearer the
 * root under a depth limit (so the limit cuts no subtree it would otherwise reach). An error under one root is
 * reported as an error line and the next root is walked.
 */
public final class Refs {
    /** The placeholders of a format: the linking block, the linked one and the link's name. */
    public static final String SRC = "<src>";
    public static final String DST = "<dst>";
    public static final String LINKNAME = "<linkname>";

    /**
     * What to list.
     *
     * @param maxDepth levels below a root listed ({@code -1}: all); 1 unless recursive
     * @param format a line with {@link #SRC}, {@link #DST} and {@link #LINKNAME} replaced
     */
    public record Options(boolean unique, int maxDepth, String format) {
        public Options {
            Objects.requireNonNull(format, "format");
        }

        /**
         * Kubo's options: not {@code recursive} means depth 1; {@code edges} means the format
         * {@code <src> -> <dst>} and refuses any other format than the default {@code <dst>}.
         */
        public static Options of(boolean recursive, boolean unique, int maxDepth, boolean edges, String format) {
            String f = format == null ? DST : format;
            if (edges) {
                if (!f.equals(DST)) {
                    throw new IllegalArgumentException("using format argument with edges is not allowed");
                }
                f = SRC + " -> " + DST;
            }
            return new Options(unique, recursive ? maxDepth : 1, f);
        }
    }

    /** One line: a ref, or the error that ended one root's walk. */
    public record Ref(String ref, String error) {}

    private record Pending(Cid cid, int depth, Cid parent, String name) {}

    private final Options options;
    private final Consumer<Ref> out;
    private final Map<Cid, Integer> seen = new HashMap<>();

    private Refs(Options options, Consumer<Ref> out) {
        this.options = options;
        this.out = out;
    }

    /**
     * Lists the refs under {@code roots}, passing each line to {@code out} as it is found. The future fails only
     * when {@code out} throws (the reader went away); a root's own failure is a line.
     */
    public static CompletableFuture<Void> walk(BlockSource source, List<Cid> roots, Options options, Consumer<Ref> out) {
        Refs refs = new Refs(options, out);
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Cid root : List.copyOf(roots)) {
            chain = chain.thenCompose(v -> refs.root(source, root));
        }
        return chain;
    }

    private CompletableFuture<Void> root(BlockSource source, Cid root) {
        Deque<Pending> pending = new ArrayDeque<>();
        pending.push(new Pending(root, 0, null, ""));
        // a CID may be met (and walked) several times, so every visit is a first one; decisions are made here,
        // on the visit, in the order Kubo makes them
        return DagTraversal.walk(source, List.of(root), c -> true, "the root", (block, parent) -> {
            Pending p = pending.pop();
            boolean deeper = true;
            if (p.depth() > 0) {
                boolean atMax = options.maxDepth() >= 0 && p.depth() == options.maxDepth();
                boolean write = true;
                deeper = !atMax;
                if (options.unique()) {
                    Integer before = seen.get(p.cid());
                    if (before != null && (options.maxDepth() < 0 || before <= p.depth())) {
                        return List.of();
                    }
                    seen.put(p.cid(), p.depth());
                    write = before == null;
                }
                if (write) {
                    emit(new Ref(options.format().replace(SRC, p.parent().toString()).replace(DST, p.cid().toString())
                            .replace(LINKNAME, p.name()), null));
                }
            }
            if (!deeper || (options.maxDepth() >= 0 && p.depth() + 1 > options.maxDepth())) {
                return List.of();
            }
            List<IpldLinks.NamedLink> links = IpldLinks.of(block);
            for (int i = links.size() - 1; i >= 0; i--) {
                pending.push(new Pending(links.get(i).cid(), p.depth() + 1, p.cid(), links.get(i).name()));
            }
            return links.stream().map(IpldLinks.NamedLink::cid).toList();
        }).exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ReaderGone) {
                return CompletableFuture.failedFuture(cause.getCause());
            }
            try {
                emit(new Ref("", String.valueOf(cause.getMessage())));
                return CompletableFuture.completedFuture(null);
            } catch (ReaderGone gone) {
                return CompletableFuture.failedFuture(gone.getCause());
            }
        });
    }

    private void emit(Ref ref) {
        try {
            out.accept(ref);
        } catch (RuntimeException e) {
            throw new ReaderGone(e);
        }
    }

    /** The consumer failed: ends the whole walk, not just one root. */
    private static final class ReaderGone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReaderGone(Throwable cause) {
            super(cause);
        }
    }
}
