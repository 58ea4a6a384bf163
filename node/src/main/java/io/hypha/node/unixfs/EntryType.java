package io.hypha.node.unixfs;

/** What a UnixFS entry is, as {@code ipfs ls} reports it. */
public enum EntryType {
    /** A file: a raw block, or a dag-pb UnixFS File or Raw node. */
    FILE,
    /** A directory: a flat UnixFS Directory or a HAMT-sharded one. */
    DIRECTORY,
    /** A UnixFS Symlink. */
    SYMLINK
}
