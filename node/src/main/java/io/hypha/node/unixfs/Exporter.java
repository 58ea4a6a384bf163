package io.hypha.node.unixfs;

import io.hypha.block.Block;
import io.hypha.block.BlockNotFoundException;
import io.hypha.block.BlockSource;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multicodec;
import io.hypha.node.dag.DagTraversal;
import io.hypha.node.internal.Futures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Reads UnixFS DAGs back out of a {@link BlockSource} (the local store, or the node's block service):
 * {@link #cat} streams a file's bytes (seeking with the {@code blocksizes} of dag-pb File nodes), {@link #ls}
 * lists a directory (flat or HAMT-sharded) and
 * {@link #get} writes a file, directory tree or symlink to disk, refusing any entry name that could leave the
 * target.
 *
 * <p>A file's bytes (for {@link #cat} and {@link #get}) are read with the one DAG walk, {@link DagTraversal}, pruned
 * to the range asked for and reading up to {@link DagTraversal#PREFETCH} blocks ahead; a directory listing reads
 * its entries' root blocks with up to {@value #PREFETCH_BLOCKS} requested ahead (its order, a HAMT's entries
 * before its sub-shards, is not a pre-order walk).
 *
 * <p>Blocking: it waits on the walk's and the blockstore's futures, so call it from a worker thread, never an
 * event loop.
 */
public final class Exporter {
    /** Directory entries' root blocks requested ahead while listing (each one block, so memory stays bounded). */
    public static final int PREFETCH_BLOCKS = DagTraversal.PREFETCH;
    /** Deepest DAG followed: a balanced 1 TiB file is 4 levels deep; anything this deep is hostile. */
    public static final int MAX_DEPTH = 256;

    /** Continues a walk on a new virtual thread when a block arrives, so writing never holds a store thread. */
    private static final Executor VIRTUAL = r -> Thread.ofVirtual().name("hypha-export").start(r);
    private static final long RAW = Multicodec.RAW.code();
    private static final long DAG_PB = Multicodec.DAG_PB.code();

    private final BlockSource store;

    public Exporter(BlockSource store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** A decoded node: a raw block, or dag-pb with its UnixFS data. */
    private record Node(Cid cid, byte[] raw, PbNode pb, UnixfsData fs) {
        EntryType type() {
            if (raw != null) {
                return EntryType.FILE;
            }
            return switch (fs.type()) {
                case RAW, FILE -> EntryType.FILE;
                case DIRECTORY, HAMT_SHARD -> EntryType.DIRECTORY;
                case SYMLINK -> EntryType.SYMLINK;
                case METADATA -> throw new UnixfsException(cid + " is a UnixFS Metadata node, which is not supported");
            };
        }

        long fileSize() {
            if (raw != null) {
                return raw.length;
            }
            if (fs.filesize() != null) {
                return fs.filesize();
            }
            byte[] d = fs.data();
            return d == null ? 0 : d.length;
        }
    }

    // ---- cat

    /**
     * Writes {@code length} bytes of the file at {@code cid} from {@code offset} to {@code out} (fewer if the file
     * ends first); {@code length < 0} means to the end.
     *
     * @return the number of bytes written
     * @throws UnixfsTypeException if {@code cid} is not a file
     * @throws BlockNotFoundException if a block of the file is missing
     */
    public long cat(Cid cid, long offset, long length, OutputStream out) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        Node root = load(cid, await(store.get(cid)));
        if (root.type() != EntryType.FILE) {
            throw new UnixfsTypeException(cid + " is a " + root.type().name().toLowerCase(java.util.Locale.ROOT)
                    + ", not a file");
        }
        long size = root.fileSize();
        if (offset >= size) {
            return 0;
        }
        long end = length < 0 ? size : Math.min(size, offset + Math.min(length, Long.MAX_VALUE - offset));
        return writeRange(root, offset, end, out);
    }

    /** Where a block of the file lies in the file: bytes {@code [start, end)}, at some depth below the root. */
    private record Span(long start, long end, int depth) {}

    /**
     * Writes bytes {@code [from, to)} of the file rooted at {@code root} with one {@link DagTraversal}: each node
     * follows only the children that overlap the range (the walk reads ahead of the bytes being written), every
     * block's bytes are clipped to the span its parent gives it, and blocks complete on virtual threads, so a slow
     * {@code out} holds no thread of the block store.
     */
    private long writeRange(Node root, long from, long to, OutputStream out) throws IOException {
        Deque<Span> spans = new ArrayDeque<>();
        spans.push(new Span(0, root.fileSize(), 0));
        long[] written = {0};
        BlockSource hop = c -> store.get(c).thenApplyAsync(b -> b, VIRTUAL);
        await(DagTraversal.walk(hop, List.of(root.cid()), c -> true, "the file", (block, parent) -> {
            Span span = spans.pop();
            if (span.depth() > MAX_DEPTH) {
                throw new UnixfsException("file DAG under " + root.cid() + " is deeper than " + MAX_DEPTH + " levels");
            }
            Node node = load(block.cid(), Optional.of(block));
            if (node.raw() != null) {
                written[0] += writeSlice(node.raw(), span, from, to, out);
                return List.of();
            }
            if (node.fs().type() != UnixfsType.FILE && node.fs().type() != UnixfsType.RAW) {
                throw new UnixfsException(node.cid() + " inside a file is a " + node.fs().type() + " node");
            }
            byte[] data = node.fs().data();
            long pos = span.start();
            if (data != null) {
                written[0] += writeSlice(data, span, from, to, out);
                pos += data.length;
            }
            List<PbLink> links = node.pb().links();
            List<Long> sizes = node.fs().blocksizes();
            if (links.size() != sizes.size()) {
                throw new UnixfsException("file node " + node.cid() + " has " + links.size() + " links but "
                        + sizes.size() + " blocksizes");
            }
            List<Cid> follow = new ArrayList<>();
            List<Span> children = new ArrayList<>();
            for (int i = 0; i < links.size() && pos < Math.min(to, span.end()); i++) {
                long childEnd = Math.min(span.end(), pos + sizes.get(i));
                if (childEnd > from) {
                    follow.add(links.get(i).hash());
                    children.add(new Span(pos, childEnd, span.depth() + 1));
                }
                pos = childEnd;
            }
            for (int i = children.size() - 1; i >= 0; i--) {
                spans.push(children.get(i));
            }
            return follow;
        }));
        if (written[0] != to - from) {
            throw new UnixfsException("file " + root.cid() + " holds fewer bytes than its blocksizes say ("
                    + written[0] + " of bytes " + from + " to " + to + ")");
        }
        return written[0];
    }

    /** Writes the part of {@code data} (the bytes of {@code span}, from its start) that falls in {@code [from, to)}. */
    private static long writeSlice(byte[] data, Span span, long from, long to, OutputStream out) throws IOException {
        long end = Math.min(span.start() + data.length, span.end());
        return writeSlice(data, Math.max(0, from - span.start()), Math.min(to, end) - span.start(), out);
    }

    private static long writeSlice(byte[] data, long from, long to, OutputStream out) throws IOException {
        int start = (int) Math.min(from, data.length);
        int end = (int) Math.min(to, data.length);
        if (end > start) {
            out.write(data, start, end - start);
            return end - start;
        }
        return 0;
    }

    // ---- ls

    /**
     * The entries of the directory at {@code cid}, flat or HAMT-sharded, in link order (for a shard, trie order);
     * each child's root block is read to tell its type and size.
     *
     * @throws UnixfsTypeException if {@code cid} is not a directory
     */
    public List<DirectoryEntry> ls(Cid cid) throws IOException {
        Node root = load(cid, await(store.get(cid)));
        if (root.type() != EntryType.DIRECTORY) {
            throw new UnixfsTypeException(cid + " is a " + root.type().name().toLowerCase(java.util.Locale.ROOT)
                    + ", not a directory");
        }
        List<PbLink> links = new ArrayList<>();
        collectLinks(root, links::add, 0);
        Prefetch fetch = new Prefetch(links.stream().map(PbLink::hash).toList());
        List<DirectoryEntry> out = new ArrayList<>(links.size());
        for (int i = 0; i < links.size(); i++) {
            PbLink l = links.get(i);
            Node child = fetch.node(i);
            EntryType type = child.type();
            long size = switch (type) {
                case FILE -> child.fileSize();
                case SYMLINK -> symlinkTarget(child).length;
                case DIRECTORY -> l.tsize() == null ? 0 : l.tsize();
            };
            out.add(new DirectoryEntry(l.name(), l.hash(), size, type));
        }
        return out;
    }

    /**
     * The entry named {@code name} of the directory at {@code cid} (flat or HAMT-sharded), reading the directory's
     * own blocks only (no entry's block, unlike {@link #ls}).
     *
     * @throws UnixfsTypeException if {@code cid} is not a directory
     */
    public Optional<Cid> entry(Cid cid, String name) throws IOException {
        Node root = load(cid, await(store.get(cid)));
        if (root.type() != EntryType.DIRECTORY) {
            throw new UnixfsTypeException(cid + " is not a directory");
        }
        List<Cid> found = new ArrayList<>(1);
        collectLinks(root, l -> {
            if (found.isEmpty() && name.equals(l.name())) {
                found.add(l.hash());
            }
        }, 0);
        return found.stream().findFirst();
    }

    /** Passes each entry link of a flat directory or HAMT (names without shard prefixes) to {@code sink}. */
    private void collectLinks(Node dir, Consumer<PbLink> sink, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new UnixfsException("HAMT under " + dir.cid() + " is deeper than " + MAX_DEPTH + " levels");
        }
        if (dir.fs().type() == UnixfsType.DIRECTORY) {
            for (PbLink l : dir.pb().links()) {
                sink.accept(new PbLink(l.hash(), l.name() == null ? "" : l.name(), l.tsize()));
            }
            return;
        }
        Long fanout = dir.fs().fanout();
        if (dir.fs().hashType() == null || dir.fs().hashType() != HamtBuilder.HASH_MURMUR3) {
            throw new UnixfsException("HAMT shard " + dir.cid() + " uses hash type " + dir.fs().hashType()
                    + "; only murmur3-x64-64 (0x22) is defined");
        }
        if (fanout == null || fanout < ImportOptions.MIN_HAMT_FANOUT || fanout > ImportOptions.MAX_HAMT_FANOUT
                || Long.bitCount(fanout) != 1) {
            throw new UnixfsException("HAMT shard " + dir.cid() + " has invalid fanout " + fanout);
        }
        int pad = Long.toHexString(fanout - 1).length();
        List<PbLink> shards = new ArrayList<>();
        for (PbLink l : dir.pb().links()) {
            String name = l.name() == null ? "" : l.name();
            if (name.length() < pad) {
                throw new UnixfsException("HAMT shard " + dir.cid() + " has a link named '" + name
                        + "', shorter than its " + pad + "-character prefix");
            }
            if (name.length() == pad) {
                shards.add(l);
            } else {
                sink.accept(new PbLink(l.hash(), name.substring(pad), l.tsize()));
            }
        }
        for (PbLink s : shards) {
            Node child = load(s.hash(), await(store.get(s.hash())));
            if (child.raw() != null || child.fs().type() != UnixfsType.HAMT_SHARD) {
                throw new UnixfsException("HAMT shard link " + s.hash() + " of " + dir.cid() + " is not a shard");
            }
            collectLinks(child, sink, depth + 1);
        }
    }

    // ---- get

    /**
     * Writes the file, directory tree or symlink at {@code cid} to {@code target}, which must not exist yet
     * (its parent must). Never follows or replaces anything already on disk: files are created with
     * {@code CREATE_NEW}, directories one level at a time, symlinks written as they are (not followed).
     *
     * @throws UnsafeEntryNameException for an entry name that is not a plain file name, before writing it
     */
    public void get(Cid cid, Path target) throws IOException {
        Node root = load(cid, await(store.get(cid)));
        write(root, target, 0);
    }

    private void write(Node node, Path target, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new UnixfsException("directory tree under " + node.cid() + " is deeper than " + MAX_DEPTH + " levels");
        }
        switch (node.type()) {
            case FILE -> {
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    writeRange(node, 0, node.fileSize(), out);
                }
            }
            case SYMLINK -> Files.createSymbolicLink(target, Path.of(new String(symlinkTarget(node),
                    StandardCharsets.UTF_8)));
            case DIRECTORY -> {
                Files.createDirectory(target);
                List<PbLink> links = new ArrayList<>();
                collectLinks(node, links::add, 0);
                Set<String> seen = new HashSet<>();
                for (PbLink l : links) {
                    String name = l.name();
                    requireSafeName(name, node.cid());
                    if (!seen.add(name)) {
                        throw new UnsafeEntryNameException("directory " + node.cid() + " names '" + name + "' twice");
                    }
                    Path child = target.resolve(name);
                    if (!target.equals(child.getParent())) {
                        throw new UnsafeEntryNameException("entry '" + name + "' of " + node.cid()
                                + " does not resolve inside " + target);
                    }
                    write(load(l.hash(), await(store.get(l.hash()))), child, depth + 1);
                }
            }
        }
    }

    /** Refuses any name but a plain single path element. */
    static void requireSafeName(String name, Cid dir) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new UnsafeEntryNameException("directory " + dir + " has an entry named '"
                    + (name == null ? "" : name.replace("\0", "\\0")) + "', which is not a plain file name");
        }
    }

    private static byte[] symlinkTarget(Node node) {
        byte[] d = node.fs().data();
        if (d == null) {
            throw new UnixfsException("symlink " + node.cid() + " has no target");
        }
        return d;
    }

    /** What is at a CID, for the tar export: its type, a file's size, a symlink's target. */
    record Stat(EntryType type, long size, byte[] target) {}

    Stat stat(Cid cid) throws IOException {
        Node n = load(cid, await(store.get(cid)));
        return switch (n.type()) {
            case FILE -> new Stat(EntryType.FILE, n.fileSize(), null);
            case SYMLINK -> new Stat(EntryType.SYMLINK, 0, symlinkTarget(n));
            case DIRECTORY -> new Stat(EntryType.DIRECTORY, 0, null);
        };
    }

    // ---- blocks

    private Node load(Cid cid, Optional<Block> block) {
        if (block.isEmpty()) {
            throw new BlockNotFoundException(cid, "reading UnixFS");
        }
        byte[] data = block.get().data();
        if (cid.codec() == RAW) {
            return new Node(cid, data, null, null);
        }
        if (cid.codec() != DAG_PB) {
            throw new UnixfsException(cid + " has codec 0x" + Long.toHexString(cid.codec())
                    + "; UnixFS is raw or dag-pb");
        }
        PbNode pb = DagPb.decode(data);
        return new Node(cid, null, pb, pb.unixfs());
    }

    private static <T> T await(CompletableFuture<T> f) throws IOException {
        return Futures.await(f, "reading a block");
    }

    /** Reads a list of blocks in order, with up to {@link #PREFETCH_BLOCKS} requested ahead. */
    private final class Prefetch {
        private final List<Cid> cids;
        private final List<CompletableFuture<Optional<Block>>> futures;

        Prefetch(List<Cid> cids) {
            this.cids = cids;
            this.futures = new ArrayList<>(cids.size());
        }

        Node node(int i) throws IOException {
            while (futures.size() < cids.size() && futures.size() <= i + PREFETCH_BLOCKS) {
                futures.add(store.get(cids.get(futures.size())));
            }
            CompletableFuture<Optional<Block>> f = futures.get(i);
            futures.set(i, null);
            return load(cids.get(i), await(f));
        }
    }
}
