package io.hypha.node.unixfs;

import io.hypha.block.Blockstore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Imports files, directories and symlinks into UnixFS DAGs, producing Kubo's CIDs for the same
 * {@link ImportOptions} (see {@link Profile}). Streaming: memory stays flat whatever the file size (one chunk
 * being hashed, one unfinished node per tree level, the entries of the directories being walked, and at most
 * {@link ImportOptions#maxInFlightWrites()} blocks waiting to be stored).
 *
 * <p>Blocking: the calling thread reads the input and waits when the sink falls behind, so call it from a
 * worker thread, never an event loop. An importer holds no state between calls and may be shared.
 */
public final class Importer {
    private final BlockSink sink;
    private final ImportOptions options;
    private final ImportListener listener;

    /**
     * An importer writing to {@code sink} ({@link ImportOptions#onlyHash()} ignores it and stores nothing),
     * reporting progress to {@code listener}.
     */
    public Importer(BlockSink sink, ImportOptions options, ImportListener listener) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** An importer storing into {@code store}, without progress reports. */
    public static Importer into(Blockstore store, ImportOptions options) {
        return new Importer(BlockSink.of(store), options, ImportListener.NONE);
    }

    /** An importer that only computes CIDs ({@code --only-hash}), storing nothing. */
    public static Importer onlyHash(ImportOptions options) {
        return new Importer(BlockSink.discard(), options.withOnlyHash(true), ImportListener.NONE);
    }

    /** The options this importer applies. */
    public ImportOptions options() {
        return options;
    }

    /**
     * Imports one file from a stream (read to its end, not closed), as {@code ipfs add} reads stdin.
     *
     * @param name the file's name: its entry path, and its link name under {@code --wrap-with-directory};
     *     may be empty when not wrapping
     */
    public ImportResult importStream(String name, InputStream in) throws IOException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(in, "in");
        if (options.wrapWithDirectory()) {
            requireValidName(name);
        }
        Session s = new Session();
        FileBuilder fb = new FileBuilder(options, s.writer, listener, in);
        FileBuilder.Built built = fb.build();
        s.bytesRead += fb.bytesRead();
        s.entry(name, built, EntryType.FILE);
        return s.finish(name, built);
    }

    /** Imports a UnixFS symlink named {@code name} pointing at {@code target}, as a root of its own. */
    public ImportResult importSymlink(String name, String target) throws IOException {
        Objects.requireNonNull(target, "target");
        if (options.wrapWithDirectory()) {
            requireValidName(name);
        }
        Session s = new Session();
        byte[] block = DagPb.encode(new PbNode(List.of(), UnixfsData.symlink(target.getBytes(StandardCharsets.UTF_8)).encode()));
        FileBuilder.Built built = new FileBuilder.Built(s.writer.writeDagPb(block), block.length, 0);
        s.entry(name, built, EntryType.SYMLINK);
        return s.finish(name, built);
    }

    /**
     * Starts importing a directory tree whose entries arrive one by one (see {@link TreeImport}), its root named
     * {@code rootName} in entry paths (empty for an unnamed root, such as {@code --wrap-with-directory}'s).
     */
    public TreeImport tree(String rootName) {
        return new TreeImport(sink, options, listener, rootName);
    }

    /**
     * Imports a file, a directory (recursively) or a symlink (as a UnixFS Symlink, not followed) from disk,
     * as {@code ipfs add -r PATH} does. Directory entries whose names start with {@code .} are skipped unless
     * {@link ImportOptions#includeHidden()}; the top-level path is always imported.
     *
     * @throws FileSystemException for an entry that is not a regular file, directory or symlink
     */
    public ImportResult importPath(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        Path name = path.toAbsolutePath().normalize().getFileName();
        String rootName = name == null ? "" : name.toString();
        Session s = new Session();
        FileBuilder.Built built = s.walk(path, rootName);
        return s.finish(rootName, built);
    }

    private static void requireValidName(String name) {
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0 || name.equals(".")
                || name.equals("..")) {
            throw new IllegalArgumentException("'" + name + "' cannot name a directory entry");
        }
    }

    /** The state of one import call. */
    private final class Session {
        final BlockWriter writer = new BlockWriter(options.onlyHash() ? BlockSink.discard() : sink, options);
        final List<ImportedEntry> entries = new ArrayList<>();
        long bytesRead;

        void entry(String path, FileBuilder.Built built, EntryType type) {
            entry(new ImportedEntry(path, built.cid(), built.tsize(), type));
        }

        void entry(ImportedEntry e) {
            entries.add(e);
            listener.entryImported(e);
        }

        FileBuilder.Built walk(Path path, String entryPath) throws IOException {
            DiskWalk w = new DiskWalk(options, writer, listener, this::entry);
            FileBuilder.Built built = w.walk(path, entryPath);
            bytesRead += w.bytesRead();
            return built;
        }

        ImportResult finish(String name, FileBuilder.Built built) throws IOException {
            FileBuilder.Built root = built;
            if (options.wrapWithDirectory()) {
                requireValidName(name);
                root = DirectoryBuilder.build(List.of(DirectoryBuilder.Entry.of(name, built.cid(), built.tsize())),
                        options, writer);
                entry("", root, EntryType.DIRECTORY);
            }
            writer.finish();
            return new ImportResult(root.cid(), root.tsize(), bytesRead, entries);
        }
    }

}
