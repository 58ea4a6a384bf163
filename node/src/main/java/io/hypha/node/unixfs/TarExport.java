package io.hypha.node.unixfs;

import io.hypha.block.BlockSource;
import io.hypha.multiformats.Cid;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Kubo's {@code get} archive: the file, directory tree or symlink at a CID as a tar stream (see {@link TarWriter}),
 * the root entry named as Kubo names it (the last element of the requested path, so the CID itself), the entries
 * under it as {@code <root>/<name>...}, directories with mode 0777, files 0644, symlinks 0777 with their target.
 * File bytes stream through {@link Exporter#cat}, one block at a time. Entry names are checked as
 * {@link Exporter#get(Cid, java.nio.file.Path)} checks them, so an archive never names a path outside its root.
 *
 * <p>Blocking: call it from a worker thread.
 */
public final class TarExport {
    private final Exporter exporter;
    private final TarWriter tar;

    private TarExport(BlockSource store, OutputStream out, long mtimeSeconds) {
        this.exporter = new Exporter(store);
        this.tar = new TarWriter(out, mtimeSeconds);
    }

    /**
     * Writes the archive of {@code cid}, its root named {@code name}, to {@code out} (flushed, not closed), every
     * entry with the modification time {@code mtimeSeconds}.
     */
    public static void write(BlockSource store, Cid cid, String name, OutputStream out, long mtimeSeconds)
            throws IOException {
        Objects.requireNonNull(name, "name");
        TarExport export = new TarExport(store, out, mtimeSeconds);
        export.entry(cid, name, 0);
        export.tar.finish();
    }

    private void entry(Cid cid, String path, int depth) throws IOException {
        if (depth > Exporter.MAX_DEPTH) {
            throw new UnixfsException("directory tree under " + cid + " is deeper than " + Exporter.MAX_DEPTH + " levels");
        }
        Exporter.Stat stat = exporter.stat(cid);
        switch (stat.type()) {
            case FILE -> {
                tar.file(path, stat.size());
                long n = exporter.cat(cid, 0, -1, tar.body());
                if (n != stat.size()) {
                    throw new UnixfsException("file " + cid + " holds " + n + " bytes, not the " + stat.size()
                            + " its root says");
                }
                tar.endFile();
            }
            case SYMLINK -> tar.symlink(path, new String(stat.target(), StandardCharsets.UTF_8));
            case DIRECTORY -> {
                tar.directory(path);
                Set<String> seen = new HashSet<>();
                for (DirectoryEntry e : exporter.ls(cid)) {
                    Exporter.requireSafeName(e.name(), cid);
                    if (!seen.add(e.name())) {
                        throw new UnsafeEntryNameException("directory " + cid + " names '" + e.name() + "' twice");
                    }
                    entry(e.cid(), path + "/" + e.name(), depth + 1);
                }
            }
        }
    }
}
