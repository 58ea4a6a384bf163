package io.hypha.node.unixfs;

import io.hypha.multiformats.Cid;
import java.util.Objects;

/**
 * One file, directory or symlink an import produced, as a line of Kubo's {@code ipfs add} output
 * ({@code added <cid> <path>}).
 *
 * @param path the entry's path, {@code /}-separated, starting with the imported file or directory name
 *     (empty for the wrapping directory of {@code --wrap-with-directory} or an unnamed stream)
 * @param cid the entry's root CID
 * @param size the cumulative size of the entry's DAG in bytes (block bytes, the {@code Tsize} a parent link
 *     carries; Kubo's {@code Size} field)
 * @param type what the entry is
 */
public record ImportedEntry(String path, Cid cid, long size, EntryType type) {
    public ImportedEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(type, "type");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
    }
}
