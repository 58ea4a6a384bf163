package io.hypha.protocol.bitswap.message;

import java.util.Optional;

/** {@code Wantlist.WantType}: what a want asks for (1.2.0; earlier versions know only {@link #BLOCK}). */
public enum WantType {
    /** Send the block. */
    BLOCK(0),
    /** Say whether you have it (HAVE), and DONT_HAVE if asked to. */
    HAVE(1);

    private final int code;

    WantType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<WantType> fromCode(int code) {
        for (WantType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
