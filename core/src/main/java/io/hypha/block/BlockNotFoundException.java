package io.hypha.block;

import io.hypha.multiformats.Cid;

/** A block needed to complete an operation (a DAG walk, an export) is not in the blockstore. */
public class BlockNotFoundException extends BlockstoreException {
    private static final long serialVersionUID = 1L;

    private final transient Cid cid;

    public BlockNotFoundException(Cid cid, String context) {
        super("block " + cid + " is not in the blockstore" + (context == null || context.isEmpty() ? "" : " (" + context + ")"));
        this.cid = cid;
    }

    /** The missing block's CID. */
    public Cid cid() {
        return cid;
    }
}
