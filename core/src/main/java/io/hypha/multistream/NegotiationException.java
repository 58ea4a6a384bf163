package io.hypha.multistream;

import java.io.IOException;
import java.util.Objects;

/** A multistream-select negotiation that did not select a protocol, and why. */
public final class NegotiationException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** The peer broke the protocol: a bad frame, a missing header, an unexpected answer. */
        PROTOCOL_ERROR,
        /** The peer sent a message over the size limit. */
        MESSAGE_TOO_LARGE,
        /** Every proposal was answered {@code na}. */
        NO_COMMON_PROTOCOL,
        /** The peer made more proposals than {@link MultistreamProtocol#MAX_PROPOSALS}. */
        TOO_MANY_PROPOSALS,
        /** The negotiation did not finish within its time limit. */
        TIMEOUT,
        /** The channel closed, failed or lost the negotiating handler before a protocol was selected. */
        CLOSED,
        /** The caller's code that installs the next protocol's handler failed. */
        INSTALL_FAILED
    }

    private final Reason reason;

    public NegotiationException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public NegotiationException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
