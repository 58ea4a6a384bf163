package io.hypha.muxer.yamux;

/** The yamux frame types (yamux spec, "Type" field of the header). */
public enum FrameType {
    /** Carries stream payload; the length field is the payload size. */
    DATA(0),
    /** Grows the receiver's send window by the length field (the delta). */
    WINDOW_UPDATE(1),
    /** Keep-alive and RTT probe on stream 0; the length field is an opaque value echoed back. */
    PING(2),
    /** Session termination on stream 0; the length field is a {@link GoAwayCode}. */
    GO_AWAY(3);

    private static final FrameType[] BY_CODE = values();

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    /** The wire value of this type. */
    public int code() {
        return code;
    }

    /** The type for a wire value; throws {@link IllegalArgumentException} on an unknown one. */
    public static FrameType fromCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown yamux frame type " + code);
        }
        return BY_CODE[code];
    }
}
