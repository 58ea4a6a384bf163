package io.hypha.muxer.yamux;

/** The reason carried in the length field of a GoAway frame (yamux spec, "Go Away"). */
public enum GoAwayCode {
    /** Normal termination. */
    NORMAL(0),
    /** The peer broke the protocol. */
    PROTOCOL_ERROR(1),
    /** The sender hit an internal error. */
    INTERNAL_ERROR(2);

    private static final GoAwayCode[] BY_CODE = values();

    private final int code;

    GoAwayCode(int code) {
        this.code = code;
    }

    /** The wire value of this code. */
    public int code() {
        return code;
    }

    /** The code for a wire value; throws {@link IllegalArgumentException} on an unknown one. */
    public static GoAwayCode fromCode(long code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown yamux GoAway code " + code);
        }
        return BY_CODE[(int) code];
    }
}
