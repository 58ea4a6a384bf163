package io.hypha.node.rpc;

import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.dag.DagStat;
import io.hypha.node.dag.Refs;
import io.hypha.node.ipld.IpldPath;
import io.hypha.node.unixfs.UnixfsTypeException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * DAGs and their links: {@code dag/get|stat|export}, {@code refs}, {@code refs/local}, {@code get} (a tar stream,
 * gzipped on request) and {@code repo/verify}, with Kubo's options and answers. {@code dag/put} needs the request
 * body and is wired where bodies are read, onto {@link Content#dagPut}.
 */
final class DagEndpoints {
    private final Node node;

    DagEndpoints(Node node) {
        this.node = node;
    }

    void register(Map<String, RpcCommand> to) {
        to.put("dag/get", this::dagGet);
        to.put("dag/stat", this::dagStat);
        to.put("dag/export", r -> {
            Cid cid = r.cidArg();
            return content().blockGet(cid).thenApply(root -> new RpcReply.Stream("application/vnd.ipld.car",
                    out -> content().dagExport(List.of(cid), out)));
        });
        to.put("refs", this::refs);
        to.put("refs/local", r -> CompletableFuture.completedFuture(RpcReply.ndjson(
                out -> content().refsLocal(cid -> RpcReply.line(out, ref(cid.toString(), ""))))));
        to.put("get", this::get);
        to.put("repo/verify", r -> CompletableFuture.completedFuture(RpcReply.ndjson(this::repoVerify)));
    }

    private Content content() {
        return node.content();
    }

    /** A path argument: {@code CID[/path]} or {@code /ipfs/CID[/path]}, split into the CID and the rest. */
    private record Path(Cid cid, String rest, String last) {
        static Path parse(String text) {
            String t = text.startsWith("/ipfs/") ? text.substring("/ipfs/".length()) : text;
            List<String> segments = IpldPath.parse(t);
            if (segments.isEmpty()) {
                throw new RpcException(RpcException.Kind.CLIENT, "invalid path \"" + text + "\"");
            }
            Cid cid = RpcRequest.cid(segments.get(0));
            return new Path(cid, String.join("/", segments.subList(1, segments.size())),
                    segments.get(segments.size() - 1));
        }
    }

    private CompletableFuture<RpcReply> dagGet(RpcRequest r) {
        Path p = Path.parse(r.requiredArg("ref"));
        String codec = r.option("output-codec") == null ? "dag-json" : r.option("output-codec");
        return content().dagGet(p.cid(), p.rest(), codec).thenApply(bytes -> new RpcReply.Stream("text/plain", out -> {
            try {
                out.write(bytes);
                return CompletableFuture.completedFuture(null);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }));
    }

    /**
     * Kubo's {@code DagStatSummary} (zero fields left out, as Go's {@code omitempty} does). With {@code progress}
     * (Kubo's default over HTTP) one summary per block is streamed, the running figures, and the final one last;
     * without it, the final one alone.
     */
    private CompletableFuture<RpcReply> dagStat(RpcRequest r) {
        List<Path> paths = r.requiredArgs("root").stream().map(Path::parse).toList();
        boolean progress = r.flag("progress", true);
        if (!progress) {
            return resolveAll(paths).thenCompose(roots -> content().dagStat(roots))
                    .thenApply(s -> new RpcReply.Json(summary(s)));
        }
        return resolveAll(paths).thenApply(roots -> RpcReply.ndjson(out -> content().dagStat(roots,
                s -> RpcReply.line(out, summary(s))).thenAccept(s -> RpcReply.line(out, summary(s)))));
    }

    /**
     * Each path's CID, in order: the block it names, read (so a missing root is an error answer rather than an
     * error in the middle of a stream).
     */
    private CompletableFuture<List<Cid>> resolveAll(List<Path> paths) {
        return RpcRequest.inOrder(paths, p -> content().resolve(p.cid(), p.rest()));
    }

    static Map<String, Object> summary(DagStat s) {
        Map<String, Object> m = new LinkedHashMap<>();
        putNonZero(m, "UniqueBlocks", s.uniqueBlocks());
        putNonZero(m, "TotalSize", s.totalSize());
        putNonZero(m, "SharedSize", s.sharedSize());
        if (s.ratio() != 0 && Float.isFinite(s.ratio())) {
            m.put("Ratio", s.ratio());
        }
        List<Object> roots = new ArrayList<>();
        for (DagStat.Root root : s.roots()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("Cid", root.cid().toString());
            putNonZero(one, "Size", root.size());
            putNonZero(one, "NumBlocks", root.numBlocks());
            roots.add(one);
        }
        if (!roots.isEmpty()) {
            m.put("DagStats", roots);
        }
        return m;
    }

    private static void putNonZero(Map<String, Object> m, String key, long value) {
        if (value != 0) {
            m.put(key, value);
        }
    }

    private static Map<String, Object> ref(String ref, String err) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Ref", ref);
        m.put("Err", err);
        return m;
    }

    private CompletableFuture<RpcReply> refs(RpcRequest r) {
        List<Path> paths = r.requiredArgs("ipfs-path").stream().map(Path::parse).toList();
        Refs.Options options;
        try {
            options = Refs.Options.of(r.flag("recursive"), r.flag("unique"), (int) r.longOption("max-depth", -1),
                    r.flag("edges"), r.option("format"));
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcException.Kind.CLIENT, e.getMessage());
        }
        // the roots are resolved (and so read) first: a missing one is an error answer, not an error line
        return resolveAll(paths).thenApply(roots -> RpcReply.ndjson(out -> content().refs(roots, options,
                line -> RpcReply.line(out, ref(line.error() == null ? line.ref() : "",
                        line.error() == null ? "" : line.error())))));
    }

    /**
     * Kubo's {@code get} over HTTP: a tar stream whatever {@code archive} says (tar is the transport), gzipped with
     * {@code compress}; {@code compress} without {@code archive} gzips a file's bytes alone, as Kubo does.
     */
    private CompletableFuture<RpcReply> get(RpcRequest r) {
        Path p = Path.parse(r.requiredArg("ipfs-path"));
        boolean archive = r.flag("archive");
        int level = (int) r.longOption("compression-level", -1);
        boolean compress = r.flag("compress") || level != -1;
        if (level != -1 && (level < 1 || level > 9)) {
            throw new RpcException(RpcException.Kind.CLIENT, "compression level must be between 1 and 9");
        }
        String type = compress ? "application/gzip" : "application/x-tar";
        // resolved first (the root read), so a bad path is an error answer, not a broken stream
        CompletableFuture<Cid> resolved = resolveAll(List.of(p)).thenApply(List::getFirst);
        if (compress && !archive) { // the file's bytes alone: refused before answering when it is not a file
            resolved = resolved.thenCompose(cid -> content().cat(cid, 0, 0, OutputStream.nullOutputStream())
                    .handle((n, e) -> {
                        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                        if (cause instanceof UnixfsTypeException) {
                            throw new RpcException(RpcException.Kind.NORMAL, "file is not regular");
                        }
                        if (cause != null) {
                            throw new CompletionException(cause);
                        }
                        return cid;
                    }));
        }
        return resolved.thenApply(cid -> new RpcReply.Stream(type, out -> {
            if (!compress) {
                return content().get(cid, p.last(), out);
            }
            GZIPOutputStream gz = gzip(out, level == -1 ? Deflater.DEFAULT_COMPRESSION : level);
            CompletableFuture<?> body = archive ? content().get(cid, p.last(), gz) : content().cat(cid, 0, -1, gz);
            return body.thenRun(() -> {
                try {
                    gz.finish();
                    gz.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }));
    }

    private static GZIPOutputStream gzip(OutputStream out, int level) {
        try {
            return new GZIPOutputStream(out, 64 * 1024) {
                {
                    def.setLevel(level);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Kubo's {@code repo/verify} lines: {@code {"Msg","Progress"}}, a message per corrupt block as found, then the
     * count checked, then the verdict (a failure naming the count when a block is corrupt, as Kubo fails).
     */
    private CompletableFuture<?> repoVerify(OutputStream out) {
        return content().repoVerify(c -> RpcReply.line(out, verify("block " + c.cid() + " was corrupt (" + c.reason()
                + ")", 0))).thenApply(result -> {
                    RpcReply.line(out, verify("", result.checked()));
                    if (!result.clean()) {
                        throw new IllegalStateException("verify complete, " + result.corrupt() + " blocks corrupt");
                    }
                    RpcReply.line(out, verify("verify complete, all blocks validated.", 0));
                    return null;
                });
    }

    private static Map<String, Object> verify(String msg, long progress) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Msg", msg);
        m.put("Progress", progress);
        return m;
    }
}
