/**
 * Block storage: the asynchronous {@link io.hypha.node.store.Blockstore} seam, keyed by multihash, with a
 * Kubo-compatible on-disk implementation ({@link io.hypha.node.store.FileBlockstore}, go-ds-flatfs
 * {@code next-to-last/2} layout and boxo {@code dshelp.MultihashToDsKey} file names) and an in-memory one
 * ({@link io.hypha.node.store.MemoryBlockstore}). Both verify hashes on the way in; the file store also
 * verifies on the way out.
 *
 * <p>Deliberate deviation from Kubo: blocks over {@link io.hypha.node.store.Blockstore#MAX_BLOCK_SIZE}
 * (2 MiB) are refused rather than stored behind a flag, since no peer could fetch them.
 */
package io.hypha.node.store;
