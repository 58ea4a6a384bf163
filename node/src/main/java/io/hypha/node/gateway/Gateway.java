package io.hypha.node.gateway;

import io.hypha.block.Block;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multicodec;
import io.hypha.node.internal.Futures;
import io.hypha.node.store.BlockService;
import io.hypha.node.unixfs.DagPb;
import io.hypha.node.unixfs.Exporter;
import io.hypha.node.unixfs.PbNode;
import io.hypha.node.unixfs.UnixfsData;
import io.hypha.node.unixfs.UnixfsType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

/**
 * What the gateway answers to a parsed request, with no HTTP library in sight: a raw block, a CAR, a UnixFS file
 * (sniffed type, one byte range), a directory's index.html or listing, or an error status. Blocks are read through
 * the node's block service (so an online node fetches what it lacks); blocking work (the exporter, CAR writing)
 * runs on {@code workers}, never on the caller's thread.
 */
final class Gateway implements AutoCloseable {
    /** {@code Cache-Control} of anything addressed by CID: it never changes (ipfs/specs path-gateway.md). */
    static final String IMMUTABLE = "public, max-age=29030400, immutable";
    /**
     * Most entries a directory listing shows; a larger directory is answered 501 (its CAR still serves it). A listing
     * reads each entry's root block and is built in memory, so this bounds both.
     */
    static final int MAX_LISTED_ENTRIES = 10_000;

    private final BlockService service;
    private final BlockService.Session session;
    private final GatewayBlocks blocks;
    private final PathResolver resolver;
    private final ExecutorService workers;

    private Gateway(BlockService service, ExecutorService workers) {
        this.service = service;
        this.session = service.session();
        this.workers = workers;
        this.blocks = new GatewayBlocks(session, workers);
        this.resolver = new PathResolver(blocks);
    }

    /**
     * The gateway for one request: its blocks come through one session of the block service (one DAG, the same
     * peers asked first), which {@link #close} ends once the answer is written.
     */
    static Gateway forRequest(BlockService service, ExecutorService workers) {
        return new Gateway(service, workers);
    }

    /** Ends the request's session: what it still wants from peers is cancelled. */
    @Override
    public void close() {
        session.close();
    }

    CompletableFuture<GatewayAnswer> answer(GatewayRequest r) {
        CompletableFuture<Boolean> cached = r.onlyIfCached() && !GatewayBlocks.isIdentity(r.root())
                ? service.hasLocally(r.root())
                : CompletableFuture.completedFuture(true);
        return cached.thenCompose(present -> {
            if (!present) {
                throw new GatewayException(412, r.root() + " is not in the local repo (only-if-cached)");
            }
            return switch (r.format()) {
                case RAW -> raw(r);
                case CAR -> car(r);
                case UNIXFS -> unixfs(r);
            };
        });
    }

    private CompletableFuture<GatewayAnswer> raw(GatewayRequest r) {
        if (!r.segments().isEmpty()) {
            throw GatewayException.badRequest("a raw block is addressed by its CID alone, without a path");
        }
        return resolver.load(r.root(), "the root").thenApply(block -> {
            Map<String, String> h = contentHeaders(r, List.of(r.root()), "\"" + r.root() + ".raw\"");
            h.put("Content-Type", GatewayRequest.RAW_TYPE);
            h.put("Content-Disposition", disposition("attachment", r.filename() != null ? r.filename()
                    : r.root() + ".bin"));
            byte[] data = block.data();
            GatewayAnswer a = ranged(r, h, data.length, out -> out.write(data), (range, out) ->
                    out.write(data, (int) range.first(), (int) range.length()));
            // a block is in memory already: one write, no worker thread
            return a instanceof GatewayAnswer.Streamed s ? whole(s) : a;
        });
    }

    private CompletableFuture<GatewayAnswer> car(GatewayRequest r) {
        return resolver.resolve(r.root(), r.segments()).thenApply(resolved -> {
            CarOptions o = r.car();
            Map<String, String> h = contentHeaders(r, resolved.segmentCids(),
                    "\"" + resolved.cid() + ".car." + o.digest() + "\"");
            h.put("Content-Type", o.contentType());
            h.put("Content-Disposition", disposition("attachment", r.filename() != null ? r.filename()
                    : r.root() + ".car"));
            if (notModified(r, h)) {
                return new GatewayAnswer.Whole(304, h, new byte[0]);
            }
            return new GatewayAnswer.Streamed(200, h, -1,
                    out -> CarStream.write(blocks, r.root(), resolved, o, out));
        });
    }

    private CompletableFuture<GatewayAnswer> unixfs(GatewayRequest r) {
        return resolver.resolve(r.root(), r.segments()).thenCompose(resolved -> {
            Block block = resolved.block();
            long codec = block.cid().codec();
            if (codec == Multicodec.RAW.code()) {
                return file(r, resolved, r.lastSegment(), resolved.cid());
            }
            if (codec != Multicodec.DAG_PB.code()) {
                throw new GatewayException(501, block.cid() + " is not UnixFS (codec 0x" + Long.toHexString(codec)
                        + "); ask for it with ?format=raw or ?format=car");
            }
            UnixfsData fs;
            try {
                fs = DagPb.decode(block.data()).unixfs();
            } catch (RuntimeException e) {
                throw new GatewayException(502, "cannot decode " + block.cid() + ": " + e.getMessage());
            }
            return switch (fs.type()) {
                case FILE, RAW -> file(r, resolved, r.lastSegment(), resolved.cid());
                case DIRECTORY, HAMT_SHARD -> directory(r, resolved);
                case SYMLINK -> symlink(r, resolved, fs);
                case METADATA -> throw new GatewayException(501, block.cid() + " is a UnixFS Metadata node, which"
                        + " this gateway does not serve for people; ask with ?format=raw");
            };
        });
    }

    /** A symlink is answered with its target (never followed: it may point anywhere), as Kubo does. */
    private static CompletableFuture<GatewayAnswer> symlink(GatewayRequest r, PathResolver.Resolved link,
            UnixfsData fs) {
        byte[] target = fs.data() == null ? new byte[0] : fs.data();
        Map<String, String> h = contentHeaders(r, link.segmentCids(), "\"" + link.cid() + "\"");
        h.put("Content-Type", "inode/symlink");
        return CompletableFuture.completedFuture(notModified(r, h) ? new GatewayAnswer.Whole(304, h, new byte[0])
                : new GatewayAnswer.Whole(200, h, target));
    }

    private CompletableFuture<GatewayAnswer> directory(GatewayRequest r, PathResolver.Resolved dir) {
        if (!r.trailingSlash()) {
            // path-gateway.md: a directory's URL ends with '/', so relative links in it resolve under it
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Location", r.contentPath() + "/" + (r.query().isEmpty() ? "" : "?" + r.query()));
            return CompletableFuture.completedFuture(new GatewayAnswer.Whole(301, h, new byte[0]));
        }
        List<Block> read = new ArrayList<>();
        return resolver.child(dir.block(), "index.html", read, 0)
                .thenCompose(index -> resolver.load(index, "index.html"))
                .thenApply(Optional::of)
                .exceptionally(e -> {
                    if (unwrap(e) instanceof GatewayException g && g.status == 404) {
                        return Optional.empty();
                    }
                    throw e instanceof CompletionException c ? c : new CompletionException(e);
                })
                .thenCompose(index -> index.isPresent()
                        ? file(r, new PathResolver.Resolved(index.get(), dir.traversed(), dir.segmentCids()),
                                "index.html", dir.cid())
                        : listing(r, dir));
    }

    private CompletableFuture<GatewayAnswer> listing(GatewayRequest r, PathResolver.Resolved dir) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                long count = countEntries(dir.block(), 0);
                if (count > MAX_LISTED_ENTRIES) {
                    throw new GatewayException(501, "directory " + dir.cid() + " has more than " + MAX_LISTED_ENTRIES
                            + " entries, too many to list; ask for it with ?format=car&dag-scope=entity");
                }
                return new Exporter(blocks).ls(dir.cid());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, workers).thenApply(entries -> {
            Map<String, String> h = contentHeaders(r, dir.segmentCids(), "\"DirIndex-" + dir.cid() + "\"");
            h.put("Content-Type", ContentTypes.HTML);
            if (notModified(r, h)) {
                return new GatewayAnswer.Whole(304, h, new byte[0]);
            }
            return new GatewayAnswer.Whole(200, h,
                    DirectoryListing.html(r.contentPath(), !r.segments().isEmpty(), entries));
        });
    }

    /**
     * The entries of a directory, counted from its own node and (for a HAMT) its shard nodes only, stopping past
     * {@link #MAX_LISTED_ENTRIES}: a listing reads every entry's root block and is held whole, so its size is bounded
     * before any entry is read. Blocking, on a worker thread.
     */
    private long countEntries(Block dir, long counted) throws IOException {
        PbNode node = DagPb.decode(dir.data());
        UnixfsData fs = node.unixfs();
        if (fs.type() != UnixfsType.HAMT_SHARD) {
            return counted + node.links().size();
        }
        int pad = fs.fanout() == null || fs.fanout() < 2 ? 0 : Long.toHexString(fs.fanout() - 1).length();
        for (var link : node.links()) {
            if (counted > MAX_LISTED_ENTRIES) {
                break;
            }
            if (link.name() != null && link.name().length() == pad) {
                Block shard = Futures.await(resolver.load(link.hash(), "a HAMT shard"), "counting entries");
                counted = countEntries(shard, counted);
            } else {
                counted++;
            }
        }
        return counted;
    }

    /**
     * A file's bytes; {@code etagCid} names the answer ({@code "CID"} of the file, or of the directory whose
     * index.html this is).
     */
    private CompletableFuture<GatewayAnswer> file(GatewayRequest r, PathResolver.Resolved file, String name,
            Cid etagCid) {
        Cid cid = file.cid();
        return CompletableFuture.supplyAsync(() -> {
            Exporter exporter = new Exporter(blocks);
            long size = fileSize(file.block());
            ByteArrayOutputStream head = new ByteArrayOutputStream(ContentTypes.SNIFF_BYTES);
            try {
                exporter.cat(cid, 0, ContentTypes.SNIFF_BYTES, head);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String nameForType = r.filename() != null ? r.filename() : name;
            Map<String, String> h = contentHeaders(r, file.segmentCids(), "\"" + etagCid + "\"");
            h.put("Content-Type", ContentTypes.of(nameForType, head.toByteArray(), size <= ContentTypes.SNIFF_BYTES));
            if (r.filename() != null) {
                h.put("Content-Disposition", disposition(r.download() ? "attachment" : "inline", r.filename()));
            }
            return ranged(r, h, size, out -> exporter.cat(cid, 0, -1, out),
                    (range, out) -> exporter.cat(cid, range.first(), range.length(), out));
        }, workers);
    }

    private static GatewayAnswer.Whole whole(GatewayAnswer.Streamed s) {
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) s.length());
        try {
            s.writer().write(body);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return new GatewayAnswer.Whole(s.status(), s.headers(), body.toByteArray());
    }

    /** Answers the whole entity, or the one byte range the request's {@code Range} asks for. */
    private static GatewayAnswer ranged(GatewayRequest r, Map<String, String> h, long size,
            GatewayAnswer.Writer whole, RangeWriter part) {
        h.put("Accept-Ranges", "bytes");
        if (notModified(r, h)) {
            return new GatewayAnswer.Whole(304, h, new byte[0]);
        }
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(r.range(), size);
        } catch (ByteRange.Unsatisfiable e) {
            Map<String, String> eh = new LinkedHashMap<>();
            eh.put("Content-Range", "bytes */" + size);
            eh.put("Content-Type", "text/plain; charset=utf-8");
            return new GatewayAnswer.Whole(416, eh, ("416 Range Not Satisfiable: " + e.getMessage() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (range.isEmpty()) {
            return new GatewayAnswer.Streamed(200, h, size, whole);
        }
        ByteRange b = range.get();
        h.put("Content-Range", "bytes " + b.first() + "-" + b.last() + "/" + size);
        return new GatewayAnswer.Streamed(206, h, b.length(), out -> part.write(b, out));
    }

    /**
     * Whether {@code If-None-Match} names the answer's {@code Etag} (RFC 9110 section 13.1.2: a list, weak
     * comparison, or {@code *}), so the client's copy is current (304).
     */
    static boolean notModified(GatewayRequest r, Map<String, String> h) {
        String header = r.ifNoneMatch();
        String etag = h.get("Etag");
        if (header == null || etag == null) {
            return false;
        }
        for (String tag : header.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    @FunctionalInterface
    private interface RangeWriter {
        void write(ByteRange range, OutputStream out) throws IOException;
    }

    private static long fileSize(Block block) {
        if (block.cid().codec() == Multicodec.RAW.code()) {
            return block.size();
        }
        PbNode node = DagPb.decode(block.data());
        UnixfsData fs = node.unixfs();
        if (fs.filesize() != null) {
            return fs.filesize();
        }
        return fs.data() == null ? 0 : fs.data().length;
    }

    /** The headers every answer about content carries (ipfs/specs path-gateway.md, "Response Headers"). */
    private static Map<String, String> contentHeaders(GatewayRequest r, List<Cid> roots, String etag) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Etag", etag);
        h.put("Cache-Control", IMMUTABLE);
        h.put("X-Ipfs-Path", r.contentPath());
        h.put("X-Ipfs-Roots", roots.stream().map(Cid::toString).collect(Collectors.joining(",")));
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Vary", "Accept");
        return h;
    }

    /** {@code Content-Disposition} with an ASCII {@code filename} and, for other names, RFC 6266's {@code filename*}. */
    static String disposition(String type, String filename) {
        StringBuilder ascii = new StringBuilder();
        boolean plain = true;
        for (char c : filename.toCharArray()) {
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                ascii.append('_');
                plain = false;
            } else {
                ascii.append(c);
            }
        }
        String value = type + "; filename=\"" + ascii + "\"";
        return plain ? value : value + "; filename*=UTF-8''" + DirectoryListing.pathEscape(filename);
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
