package io.hypha.muxer.yamux;

/** A stream-level yamux failure: one stream is gone or refused, the session lives on. */
public final class YamuxStreamException extends YamuxException {
    /** Why the stream failed. */
    public enum Reason {
        /** The peer sent RST. */
        RESET_BY_PEER,
        /** We sent RST. */
        RESET_LOCALLY,
        /** A new stream could not be opened (GoAway received or sent, stream limit, ids exhausted, a resource limit). */
        REFUSED,
        /** A write did not fit the stream's bounded send buffer ({@link YamuxConfig#maxSendBuffer()}). */
        SEND_BUFFER_FULL
    }

    private final int streamId;
    private final Reason reason;

    public YamuxStreamException(int streamId, Reason reason, String message) {
        super("stream " + Integer.toUnsignedString(streamId) + ": " + message);
        this.streamId = streamId;
        this.reason = reason;
    }

    /** With the cause, e.g. the {@link io.hypha.resource.ResourceLimitException} behind a refusal. */
    public YamuxStreamException(int streamId, Reason reason, String message, Throwable cause) {
        this(streamId, reason, message);
        initCause(cause);
    }

    /** The stream id, 0 when no id was allocated. */
    public int streamId() {
        return streamId;
    }

    /** Why the stream failed. */
    public Reason reason() {
        return reason;
    }
}
