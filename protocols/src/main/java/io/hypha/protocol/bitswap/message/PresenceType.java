package io.hypha.protocol.bitswap.message;

import java.util.Optional;

/** {@code BlockPresenceType} (1.2.0): the answer to a want-have, or to a want with sendDontHave. */
public enum PresenceType {
    HAVE(0),
    DONT_HAVE(1);

    private final int code;

    PresenceType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<PresenceType> fromCode(int code) {
        for (PresenceType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
