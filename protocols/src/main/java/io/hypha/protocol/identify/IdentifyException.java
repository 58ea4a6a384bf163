package io.hypha.protocol.identify;

import java.io.IOException;

/** An identify exchange failed; {@link #reason()} says how. */
public final class IdentifyException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why an identify exchange failed. */
    public enum Reason {
        /** No end of stream within {@link IdentifyConfig#timeout()}. */
        TIMEOUT,
        /** A message over {@link IdentifyProtocol#MAX_MESSAGE_SIZE}, or more than {@link IdentifyProtocol#MAX_MESSAGES}. */
        TOO_LARGE,
        /** Not a valid Identify protobuf, a malformed public key, or a stream ending inside a message. */
        MALFORMED,
        /** The public key is not the one the connection authenticated. */
        KEY_MISMATCH,
        /** The stream or connection closed (or was reset) before the exchange finished. */
        CLOSED
    }

    private final Reason reason;

    public IdentifyException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public IdentifyException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
