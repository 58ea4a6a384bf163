package io.hypha.node.car;

import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multicodec;

/** A DAG walk reached a block whose codec it cannot read links from, so it cannot know the DAG is complete. */
public class UnsupportedCodecException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient Cid cid;

    public UnsupportedCodecException(Cid cid) {
        super("cannot follow the links of block " + cid + ": codec " + cid.multicodec().map(Multicodec::codecName).orElse("0x" + Long.toHexString(cid.codec()))
                + " is not supported (dag-pb, raw and dag-cbor are)");
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
