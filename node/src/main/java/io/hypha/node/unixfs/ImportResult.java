package io.hypha.node.unixfs;

import io.hypha.multiformats.Cid;
import java.util.List;
import java.util.Objects;

/**
 * What an import produced.
 *
 * @param root the root CID (the wrapping directory's with {@code --wrap-with-directory})
 * @param size the cumulative size of the root's DAG in bytes
 * @param bytesRead file bytes read
 * @param entries every file, directory and symlink: files and symlinks first, then directories, children before
 *     their directory, the root last (the order Kubo's add prints them in)
 */
public record ImportResult(Cid root, long size, long bytesRead, List<ImportedEntry> entries) {
    public ImportResult {
        Objects.requireNonNull(root, "root");
        entries = List.copyOf(entries);
    }
}
