package io.hypha.block;

import io.hypha.multiformats.Cid;

/**
 * A stored block no longer hashes to its key (disk corruption, or a file edited behind the store's
 * back). The block is not served; {@link #location()} says where it lives so an operator can repair it.
 */
public class CorruptBlockException extends BlockstoreException {
    private static final long serialVersionUID = 1L;

    private final transient Cid cid;
    private final String location;

    public CorruptBlockException(Cid cid, String location, String detail) {
        super("stored block " + cid + " at " + location + " is corrupt: " + detail);
        this.cid = cid;
        this.location = location;
    }

    public Cid cid() {
        return cid;
    }

    /** Where the corrupt copy is stored (a file path for {@link FileBlockstore}). */
    public String location() {
        return location;
    }
}
