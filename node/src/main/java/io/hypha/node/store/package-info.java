/**
 * Block storage on disk: {@link io.hypha.node.store.FileBlockstore}, a Kubo-compatible implementation of the
 * {@link io.hypha.block.Blockstore} seam (go-ds-flatfs {@code next-to-last/2} layout and boxo
 * {@code dshelp.MultihashToDsKey} file names) that verifies hashes on the way in and on the way out.
 */
package io.hypha.node.store;
