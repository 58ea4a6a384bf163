package io.hypha.node.unixfs;

/**
 * How a directory's size is estimated to decide whether it becomes a HAMT shard (boxo
 * {@code ipld/unixfs/io/directory.go} {@code SizeEstimationMode}). In every mode the directory is sharded when
 * the estimate is strictly greater than the threshold: a directory exactly at the threshold stays flat.
 */
public enum HamtSizeEstimation {
    /** {@code links-bytes} (unixfs-v0-2015): the sum over entries of name bytes plus binary CID bytes. */
    LINKS,
    /**
     * {@code block-bytes} (unixfs-v1-2025): the exact size of the flat directory's dag-pb block, every link's
     * protobuf framing and Tsize included.
     */
    BLOCK
}
