package io.hypha.node.unixfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Imports a file, directory tree or symlink from disk, depth first, children in name-byte order, writing through
 * the caller's {@link BlockWriter} and reporting each finished entry in Kubo's order: files and symlinks as they
 * are written, then the directories once the whole tree is, children before their directory. Shared by
 * {@link Importer#importPath} and {@link TreeImport#path}.
 */
final class DiskWalk {
    private final ImportOptions options;
    private final BlockWriter writer;
    private final ImportListener listener;
    private final Consumer<ImportedEntry> onEntry;
    private long bytesRead;
    /** Directories written so far, children first: reported after the last file, as Kubo's add prints them. */
    private final List<ImportedEntry> directories = new ArrayList<>();

    DiskWalk(ImportOptions options, BlockWriter writer, ImportListener listener, Consumer<ImportedEntry> onEntry) {
        this.options = options;
        this.writer = writer;
        this.listener = listener;
        this.onEntry = onEntry;
    }

    /** File bytes read so far. */
    long bytesRead() {
        return bytesRead;
    }

    /** Imports {@code path} as {@code entryPath}; every entry is reported by the time this returns. */
    FileBuilder.Built walk(Path path, String entryPath) throws IOException {
        FileBuilder.Built built = visit(path, entryPath);
        directories.forEach(onEntry);
        directories.clear();
        return built;
    }

    private FileBuilder.Built visit(Path path, String entryPath) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isSymbolicLink()) {
            byte[] target = Files.readSymbolicLink(path).toString().getBytes(StandardCharsets.UTF_8);
            byte[] block = DagPb.encode(new PbNode(List.of(), UnixfsData.symlink(target).encode()));
            int size = block.length;
            FileBuilder.Built built = new FileBuilder.Built(writer.writeDagPb(block), size, 0);
            onEntry.accept(new ImportedEntry(entryPath, built.cid(), built.tsize(), EntryType.SYMLINK));
            return built;
        }
        if (attrs.isRegularFile()) {
            try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                FileBuilder fb = new FileBuilder(options, writer, listener, in);
                FileBuilder.Built built = fb.build();
                bytesRead += fb.bytesRead();
                onEntry.accept(new ImportedEntry(entryPath, built.cid(), built.tsize(), EntryType.FILE));
                return built;
            }
        }
        if (attrs.isDirectory()) {
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(path)) {
                for (Path child : dir) {
                    if (options.includeHidden() || !child.getFileName().toString().startsWith(".")) {
                        children.add(child);
                    }
                }
            }
            children.sort((a, b) -> java.util.Arrays.compareUnsigned(nameBytes(a), nameBytes(b)));
            List<DirectoryBuilder.Entry> links = new ArrayList<>(children.size());
            for (Path child : children) {
                String childName = child.getFileName().toString();
                String childPath = entryPath.isEmpty() ? childName : entryPath + "/" + childName;
                FileBuilder.Built built = visit(child, childPath);
                links.add(DirectoryBuilder.Entry.of(childName, built.cid(), built.tsize()));
            }
            FileBuilder.Built built = DirectoryBuilder.build(links, options, writer);
            directories.add(new ImportedEntry(entryPath, built.cid(), built.tsize(), EntryType.DIRECTORY));
            return built;
        }
        throw new FileSystemException(path.toString(), null,
                "not a regular file, directory or symbolic link, so it cannot be imported");
    }

    private static byte[] nameBytes(Path p) {
        return p.getFileName().toString().getBytes(StandardCharsets.UTF_8);
    }
}
