package io.hypha.transport;

import java.io.IOException;

/** A dial or listen failed: unreachable, refused, timed out, or an address this transport cannot use. */
public class TransportException extends IOException {
    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
