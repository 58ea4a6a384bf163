package io.hypha.block;

import io.hypha.multiformats.Cid;

/** Bytes offered for storage do not hash to the CID they were offered under; nothing was stored. */
public class HashMismatchException extends BlockstoreException {
    private static final long serialVersionUID = 1L;

    private final transient Cid cid;

    public HashMismatchException(Cid cid, String detail) {
        super("block data does not match " + cid + ": " + detail);
        this.cid = cid;
    }

    /** The CID the data was offered under. */
    public Cid cid() {
        return cid;
    }
}
