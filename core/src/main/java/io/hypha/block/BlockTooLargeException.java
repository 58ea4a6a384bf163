package io.hypha.block;

import io.hypha.multiformats.Cid;

/** A block is larger than {@link Blockstore#MAX_BLOCK_SIZE}, so it is neither stored nor read. */
public class BlockTooLargeException extends BlockstoreException {
    private static final long serialVersionUID = 1L;

    public BlockTooLargeException(Cid cid, long size) {
        super("block " + cid + " has " + size + " bytes, more than the limit of " + Blockstore.MAX_BLOCK_SIZE);
    }
}
