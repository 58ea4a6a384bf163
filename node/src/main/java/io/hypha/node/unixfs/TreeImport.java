package io.hypha.node.unixfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Imports one directory tree whose entries arrive one at a time, as Kubo's {@code add} receives them over HTTP
 * (one multipart part per file, directory or symlink). Files are imported as they arrive, streaming; the tree
 * remembers each finished entry's name, CID and size until {@link #finish()} writes the directories bottom-up.
 * Entries may come in any order; a missing parent directory is made implicitly. Paths are relative to the root,
 * {@code /}-separated, without empty, {@code .} or {@code ..} segments.
 *
 * <p>Memory grows with the number of entries (a name and a CID each), never with file sizes; callers that take
 * entries from peers or clients bound their number. Blocking, like {@link Importer}: call it from a worker thread.
 */
public final class TreeImport {
    /** Deepest path accepted: directories are written recursively, so depth is bounded. */
    public static final int MAX_DEPTH = 1024;

    private final ImportOptions options;
    private final ImportListener listener;
    private final String rootName;
    private final BlockWriter writer;
    private final Dir root = new Dir();
    private final List<ImportedEntry> entries = new ArrayList<>();
    private long bytesRead;
    private boolean finished;

    TreeImport(BlockSink sink, ImportOptions options, ImportListener listener, String rootName) {
        this.options = options.withWrapWithDirectory(false);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.rootName = Objects.requireNonNull(rootName, "rootName");
        this.writer = new BlockWriter(options.onlyHash() ? BlockSink.discard() : sink, this.options);
    }

    /** Adds an empty directory at {@code path} (or makes sure one is there). */
    public void directory(String path) {
        Dir parent = root;
        for (String segment : segments(path)) {
            parent = parent.subdirectory(segment, path);
        }
    }

    /** Imports a file from {@code in} (read to its end, not closed) at {@code path} and returns its entry. */
    public ImportedEntry file(String path, InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        Placed place = place(path);
        FileBuilder fb = new FileBuilder(options, writer, listener, in);
        FileBuilder.Built built = fb.build();
        bytesRead += fb.bytesRead();
        return place.fill(built, EntryType.FILE);
    }

    /**
     * Imports a file, directory tree or symlink from disk at {@code path}, as {@link Importer#importPath} would
     * (hidden entries skipped unless the options include them); returns its entry.
     */
    public ImportedEntry path(String path, java.nio.file.Path disk) throws IOException {
        Placed place = place(path);
        String prefix = place.entryPath;
        DiskWalk walk = new DiskWalk(options, writer, listener, e -> {
            if (!e.path().equals(prefix)) {
                report(e); // the walk's children; the entry itself is reported by fill
            }
        });
        FileBuilder.Built built = walk.walk(disk, prefix);
        bytesRead += walk.bytesRead();
        EntryType type = java.nio.file.Files.isSymbolicLink(disk) ? EntryType.SYMLINK
                : java.nio.file.Files.isDirectory(disk) ? EntryType.DIRECTORY : EntryType.FILE;
        return place.fill(built, type);
    }

    /** Adds a UnixFS symlink pointing at {@code target} at {@code path}. */
    public ImportedEntry symlink(String path, String target) throws IOException {
        Placed place = place(path);
        byte[] block = DagPb.encode(new PbNode(List.of(),
                UnixfsData.symlink(target.getBytes(StandardCharsets.UTF_8)).encode()));
        return place.fill(new FileBuilder.Built(writer.writeDagPb(block), block.length, 0), EntryType.SYMLINK);
    }

    /**
     * Writes every directory, children first (each reported to the listener), waits for the block writes and
     * returns the result, its root the tree's root directory.
     */
    public ImportResult finish() throws IOException {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        finished = true;
        FileBuilder.Built built = write(root, rootName);
        writer.finish();
        return new ImportResult(built.cid(), built.tsize(), bytesRead, entries);
    }

    private FileBuilder.Built write(Dir dir, String path) throws IOException {
        List<DirectoryBuilder.Entry> links = new ArrayList<>(dir.children.size());
        for (var e : dir.children.entrySet()) {
            String name = e.getKey();
            FileBuilder.Built child = e.getValue() instanceof Dir sub
                    ? write(sub, path.isEmpty() ? name : path + "/" + name)
                    : ((Done) e.getValue()).built();
            links.add(DirectoryBuilder.Entry.of(name, child.cid(), child.tsize()));
        }
        FileBuilder.Built built = DirectoryBuilder.build(links, options, writer);
        report(new ImportedEntry(path, built.cid(), built.tsize(), EntryType.DIRECTORY));
        return built;
    }

    private void report(ImportedEntry e) {
        entries.add(e);
        listener.entryImported(e);
    }

    /** Finds the parent of {@code path}, making missing directories, and checks the name is free. */
    private Placed place(String path) {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        List<String> segments = segments(path);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a file needs a name inside the directory");
        }
        Dir parent = root;
        for (String segment : segments.subList(0, segments.size() - 1)) {
            parent = parent.subdirectory(segment, path);
        }
        String name = segments.get(segments.size() - 1);
        if (parent.children.containsKey(name)) {
            throw new IllegalArgumentException("'" + path + "' was given twice");
        }
        String full = String.join("/", segments);
        return new Placed(parent, name, rootName.isEmpty() ? full : rootName + "/" + full);
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        if (path.isEmpty()) {
            return out;
        }
        for (String s : path.split("/", -1)) {
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("'" + path + "' is not a relative path of plain names");
            }
            out.add(s);
        }
        if (out.size() > MAX_DEPTH) {
            throw new IllegalArgumentException("'" + path.substring(0, 64) + "...' is deeper than " + MAX_DEPTH + " directories");
        }
        return out;
    }

    private final class Placed {
        final Dir parent;
        final String name;
        final String entryPath;

        Placed(Dir parent, String name, String entryPath) {
            this.parent = parent;
            this.name = name;
            this.entryPath = entryPath;
        }

        ImportedEntry fill(FileBuilder.Built built, EntryType type) {
            parent.children.put(name, new Done(built));
            ImportedEntry e = new ImportedEntry(entryPath, built.cid(), built.tsize(), type);
            report(e);
            return e;
        }
    }

    private record Done(FileBuilder.Built built) {}

    /** A directory being gathered: children by name (in name-byte order when written), each a Dir or a Done. */
    private static final class Dir {
        final TreeMap<String, Object> children = new TreeMap<>((a, b) -> Arrays.compareUnsigned(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));

        Dir subdirectory(String name, String path) {
            Object child = children.computeIfAbsent(name, n -> new Dir());
            if (child instanceof Dir d) {
                return d;
            }
            throw new IllegalArgumentException("'" + path + "' is inside '" + name + "', which is not a directory");
        }
    }
}
