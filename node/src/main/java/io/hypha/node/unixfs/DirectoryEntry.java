package io.hypha.node.unixfs;

import io.hypha.multiformats.Cid;
import java.util.Objects;

/**
 * One entry of a UnixFS directory, as {@code ipfs ls} lists it.
 *
 * @param name the entry's name (for a HAMT-sharded directory, without the shard's hex prefix)
 * @param cid the entry's root CID
 * @param size for a file its size in bytes; for a symlink its target's length; for a directory the cumulative
 *     size of its DAG as the parent link's {@code Tsize} records it
 * @param type what the entry is
 */
public record DirectoryEntry(String name, Cid cid, long size, EntryType type) {
    public DirectoryEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(type, "type");
    }
}
