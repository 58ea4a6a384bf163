package io.hypha.protocol.bitswap.message;

import io.hypha.multiformats.Cid;
import java.util.Objects;

/**
 * One {@code Wantlist.Entry}: a want for {@code cid} (or, with {@code cancel}, the end of one). A cancel carries
 * only the CID on the wire; its other fields are ignored.
 */
public record WantlistEntry(Cid cid, int priority, boolean cancel, WantType type, boolean sendDontHave) {
    public WantlistEntry {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(type, "type");
    }

    public static WantlistEntry wantBlock(Cid cid, int priority, boolean sendDontHave) {
        return new WantlistEntry(cid, priority, false, WantType.BLOCK, sendDontHave);
    }

    public static WantlistEntry wantHave(Cid cid, int priority, boolean sendDontHave) {
        return new WantlistEntry(cid, priority, false, WantType.HAVE, sendDontHave);
    }

    public static WantlistEntry cancel(Cid cid) {
        return new WantlistEntry(cid, 0, true, WantType.BLOCK, false);
    }
}
