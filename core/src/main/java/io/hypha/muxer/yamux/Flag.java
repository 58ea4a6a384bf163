package io.hypha.muxer.yamux;

/**
 * The yamux header flags (yamux spec, "Flags" field). Frames carry them as an {@code int} bit set so
 * decoding allocates nothing; this enum names the bits.
 */
public enum Flag {
    /** Opens a new stream (on Data or WindowUpdate). */
    SYN(0x1),
    /** Acknowledges a new stream (on Data or WindowUpdate), or answers a Ping. */
    ACK(0x2),
    /** Half-closes the sender's direction of a stream. */
    FIN(0x4),
    /** Resets (hard closes) a stream. */
    RST(0x8);

    private final int code;

    Flag(int code) {
        this.code = code;
    }

    /** The bit of this flag. */
    public int code() {
        return code;
    }

    /** Whether this flag is set in {@code flags}. */
    public boolean in(int flags) {
        return (flags & code) != 0;
    }

    /** The flag for a single-bit wire value; throws {@link IllegalArgumentException} otherwise. */
    public static Flag fromCode(int code) {
        for (Flag f : values()) {
            if (f.code == code) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown yamux flag " + code);
    }

    /** The bit set holding {@code flags}. */
    public static int of(Flag... flags) {
        int bits = 0;
        for (Flag f : flags) {
            bits |= f.code;
        }
        return bits;
    }
}
