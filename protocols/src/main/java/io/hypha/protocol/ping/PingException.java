package io.hypha.protocol.ping;

import java.io.IOException;

/** A ping failed; {@link #reason()} says how. */
public final class PingException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why a ping failed. */
    public enum Reason {
        /** No echo within {@link PingConfig#timeout()}. */
        TIMEOUT,
        /** The echo differs from the payload sent. */
        WRONG_ECHO,
        /** The stream was closed or reset (for instance by the peer's stream limit), or the session closed. */
        CLOSED
    }

    private final Reason reason;

    public PingException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public PingException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
