package io.hypha.node.rpc;

import io.hypha.multiformats.HashAlgorithm;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.unixfs.Chunker;
import io.hypha.node.unixfs.EntryType;
import io.hypha.node.unixfs.ImportListener;
import io.hypha.node.unixfs.ImportOptions;
import io.hypha.node.unixfs.ImportResult;
import io.hypha.node.unixfs.ImportedEntry;
import io.hypha.node.unixfs.Importer;
import io.hypha.node.unixfs.Layout;
import io.hypha.node.unixfs.Profile;
import io.hypha.node.unixfs.TreeImport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Kubo's {@code add}: a {@code multipart/form-data} body, one part per file ({@code application/octet-stream}),
 * directory ({@code application/x-directory}) or symlink ({@code application/symlink}), each named by its
 * percent-encoded relative path in {@code filename}. Parts are imported as they stream in, never gathered; each
 * top-level entry is its own root, pinned when done (all of them under one directory with
 * {@code wrap-with-directory}). Answers one ndjson event per entry ({@code {"Name","Hash","Size"}}, the root of
 * each top-level entry last) and, with {@code progress}, {@code {"Name","Bytes"}} as file bytes are read.
 */
final class AddEndpoint {
    /** Most parts one request may carry: each finished entry is remembered (name, CID) until its directory is written. */
    static final int MAX_PARTS = 65_536;
    /** Longest entry path, in bytes. */
    static final int MAX_PATH_BYTES = 4096;

    private final Node node;

    AddEndpoint(Node node) {
        this.node = node;
    }

    void register(Map<String, RpcCommand> to) {
        to.put("add", this::add);
    }

    private CompletableFuture<RpcReply> add(RpcRequest r) {
        Content content = node.content();
        ImportOptions options = options(r, content.importDefaults(), content.rawLeavesConfigured());
        boolean pin = r.flag("pin", true);
        boolean progress = r.flag("progress");
        boolean silent = r.flag("silent");
        MultipartReader parts = r.multipart();
        Content.AddOptions addOptions = new Content.AddOptions(options, pin);
        return CompletableFuture.completedFuture(RpcReply.ndjson(out -> {
            Events events = new Events(out, progress, silent);
            return content.addAll(addOptions, events, importer -> importParts(importer, parts, options, events));
        }));
    }

    /**
     * The import options: the repo's defaults (or a {@code profile}), then each flag Kubo's add takes;
     * {@code configuredLeaves}: the config chose raw leaves, so {@code cid-version} does not change them.
     */
    private static ImportOptions options(RpcRequest r, ImportOptions defaults, boolean configuredLeaves) {
        try {
            ImportOptions o = r.option("profile") == null ? defaults : ImportOptions.profile(Profile.forId(r.option("profile")));
            if (r.option("cid-version") != null) {
                o = Content.withCidVersion(o, (int) r.longOption("cid-version", 0),
                        r.option("profile") != null || configuredLeaves);
            }
            if (r.option("raw-leaves") != null) {
                o = o.withRawLeaves(r.flag("raw-leaves"));
            }
            if (r.option("chunker") != null) {
                o = o.withChunker(Chunker.parse(r.option("chunker")));
            }
            if (r.flag("trickle")) {
                o = o.withLayout(Layout.TRICKLE);
            }
            if (r.option("hash") != null) {
                o = o.withHash(HashAlgorithm.forName(r.option("hash")));
            }
            if (r.option("max-file-links") != null) {
                o = o.withMaxLinks((int) r.longOption("max-file-links", 0));
            }
            if (r.flag("inline")) {
                throw new RpcException(RpcException.Kind.CLIENT, "inline CIDs are not supported");
            }
            if (r.flag("nocopy") || r.flag("fscache")) {
                throw new RpcException(RpcException.Kind.CLIENT, "the filestore (nocopy) is not supported");
            }
            return o.withOnlyHash(r.flag("only-hash")).withWrapWithDirectory(r.flag("wrap-with-directory"));
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcException.Kind.CLIENT, e.getMessage());
        }
    }

    /** Reads the parts in order, importing each top-level entry as a root (or all under one wrapping directory). */
    private static List<ImportResult> importParts(Importer importer, MultipartReader parts, ImportOptions options,
            Events events) throws IOException {
        boolean wrap = options.wrapWithDirectory();
        List<ImportResult> roots = new ArrayList<>();
        TreeImport tree = wrap ? importer.tree("") : null;
        String treeName = wrap ? "" : null;
        Set<String> topLevel = new HashSet<>();
        int count = 0;
        MultipartReader.Part part;
        while ((part = parts.next()) != null) {
            if (++count > MAX_PARTS) {
                throw new IllegalArgumentException("more than " + MAX_PARTS + " files in one add");
            }
            String path = path(part.filename());
            String type = part.contentType();
            events.current(path);
            if (wrap) {
                addTo(tree, path, type, part.content());
                continue;
            }
            int slash = path.indexOf('/');
            String top = slash < 0 ? path : path.substring(0, slash);
            if (tree != null && !top.equals(treeName)) {
                roots.add(tree.finish());
                tree = null;
            }
            if (tree == null) {
                if (!top.isEmpty() && !topLevel.add(top)) {
                    throw new IllegalArgumentException("'" + top + "' was given twice, or its entries are not together");
                }
                if (slash < 0 && !type.equals("application/x-directory")) {
                    // a top-level file or symlink is a root of its own
                    if (type.equals("application/symlink")) {
                        roots.add(importer.importSymlink(top, target(part.content())));
                    } else {
                        roots.add(importer.importStream(top, part.content()));
                    }
                    continue;
                }
                tree = importer.tree(top);
                treeName = top;
            }
            if (slash < 0) {
                continue; // the directory's own part: the tree is its root
            }
            addTo(tree, path.substring(slash + 1), type, part.content());
        }
        if (tree != null) {
            roots.add(tree.finish());
        }
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("expected a file argument");
        }
        return roots;
    }

    private static void addTo(TreeImport tree, String path, String type, InputStream content) throws IOException {
        switch (type) {
            case "application/x-directory" -> tree.directory(path);
            case "application/symlink" -> tree.symlink(path, target(content));
            default -> tree.file(path, content);
        }
    }

    private static String target(InputStream content) throws IOException {
        byte[] target = content.readNBytes(MAX_PATH_BYTES + 1);
        if (target.length > MAX_PATH_BYTES) {
            throw new IllegalArgumentException("symlink target longer than " + MAX_PATH_BYTES + " bytes");
        }
        return new String(target, StandardCharsets.UTF_8);
    }

    /** A part's path: relative, {@code /}-separated; a leading {@code /} (as some clients send) is dropped. */
    private static String path(String filename) {
        String p = filename;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (p.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new IllegalArgumentException("a file name longer than " + MAX_PATH_BYTES + " bytes");
        }
        return p;
    }

    /** The ndjson events, written as the import goes (on the importing thread), each line flushed. */
    private static final class Events implements ImportListener {
        private final OutputStream out;
        private final boolean progress;
        private final boolean silent;
        private String current = "";
        private long bytes;

        Events(OutputStream out, boolean progress, boolean silent) {
            this.out = out;
            this.progress = progress;
            this.silent = silent;
        }

        void current(String path) {
            current = path;
            bytes = 0;
        }

        @Override
        public void bytesRead(long n) {
            bytes += n;
            if (progress && !silent) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("Name", current);
                e.put("Bytes", bytes);
                emit(e);
            }
        }

        @Override
        public void entryImported(ImportedEntry entry) {
            if (silent) {
                return;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            // an unnamed file is named by its CID, as Kubo names stdin; the wrapping directory has no name
            e.put("Name", !entry.path().isEmpty() ? entry.path()
                    : entry.type() == EntryType.DIRECTORY ? "" : entry.cid().toString());
            e.put("Hash", entry.cid().toString());
            e.put("Size", Long.toString(entry.size()));
            emit(e);
        }

        private void emit(Map<String, Object> event) {
            RpcReply.line(out, event);
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
