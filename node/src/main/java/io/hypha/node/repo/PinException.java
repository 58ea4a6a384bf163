package io.hypha.node.repo;

import io.hypha.multiformats.Cid;

/** A pin change is not possible as asked (not pinned, already pinned another way). */
public class PinException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Cid cid;

    public PinException(Cid cid, String message) {
        super(message);
        this.cid = cid;
    }

    /** The CID the change was about. */
    public Cid cid() {
        return cid;
    }
}
