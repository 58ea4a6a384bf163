package io.hypha.muxer.yamux;

/**
 * A connection-level yamux failure: the session is (or is being) closed. {@link #code()} is the GoAway
 * code that describes it: {@code PROTOCOL_ERROR} for a peer that broke the spec, {@code INTERNAL_ERROR}
 * for a dead connection (keep-alive timeout), {@code NORMAL} for an orderly or transport-level close.
 */
public final class YamuxConnectionException extends YamuxException {
    private final GoAwayCode code;

    public YamuxConnectionException(GoAwayCode code, String message) {
        super(message);
        this.code = code;
    }

    /** The GoAway code describing the failure. */
    public GoAwayCode code() {
        return code;
    }
}
