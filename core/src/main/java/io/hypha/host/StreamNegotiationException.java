package io.hypha.host;

import java.io.IOException;

/** A stream could not be opened: the peer supports none of the protocols asked for, or negotiation timed out. */
public class StreamNegotiationException extends IOException {
    private static final long serialVersionUID = 1L;

    public StreamNegotiationException(String message) {
        super(message);
    }

    public StreamNegotiationException(String message, Throwable cause) {
        super(message, cause);
    }
}
