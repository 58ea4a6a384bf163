package io.hypha.protocol.bitswap.message;

import io.hypha.multiformats.Cid;
import java.util.Objects;

/** One {@code BlockPresence}: whether the sender has {@code cid}. */
public record BlockPresence(Cid cid, PresenceType type) {
    public BlockPresence {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(type, "type");
    }

    public static BlockPresence have(Cid cid) {
        return new BlockPresence(cid, PresenceType.HAVE);
    }

    public static BlockPresence dontHave(Cid cid) {
        return new BlockPresence(cid, PresenceType.DONT_HAVE);
    }
}
