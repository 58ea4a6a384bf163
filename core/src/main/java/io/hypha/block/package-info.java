/**
 * Blocks and their storage seam, shared by the node and the protocols that move blocks (Bitswap): a
 * {@link io.hypha.block.Block} is a CID and its bytes, a {@link io.hypha.block.Blockstore} stores blocks
 * asynchronously keyed by multihash and verifies them on the way in, and {@link io.hypha.block.MemoryBlockstore}
 * is its in-memory implementation. The Kubo-compatible on-disk store lives in the node
 * ({@code io.hypha.node.store.FileBlockstore}). No formats here: dag-pb, UnixFS and CAR are the node's.
 *
 * <p>Deliberate deviation from Kubo: blocks over {@link io.hypha.block.Blockstore#MAX_BLOCK_SIZE} (2 MiB) are
 * refused rather than stored behind a flag, since no peer could fetch them.
 */
package io.hypha.block;
