package io.hypha.node.unixfs;

/** How a multi-chunk file's DAG is shaped (boxo {@code ipld/unixfs/importer/balanced} and {@code trickle}). */
public enum Layout {
    /**
     * Every leaf at the same depth, each node filled to {@code maxLinks} left to right; a single-chunk file's
     * root is its leaf. Kubo's default; leaves are UnixFS {@code File} nodes when not raw.
     */
    BALANCED,
    /**
     * Kubo's {@code --trickle}: a root with up to {@code maxLinks} leaves followed by subtrees of growing depth,
     * four of each depth (boxo {@code depthRepeat}); leaves are UnixFS {@code Raw} nodes when not raw, and even a
     * single-chunk file gets a root node above its leaf.
     */
    TRICKLE
}
