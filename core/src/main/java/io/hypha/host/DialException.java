package io.hypha.host;

import java.io.IOException;

/**
 * A connection to a peer could not be made: no usable address, every address failed, the peer is in
 * dial back-off, a connection limit was reached, or the peer proved a different identity.
 */
public class DialException extends IOException {
    private static final long serialVersionUID = 1L;

    public DialException(String message) {
        super(message);
    }

    public DialException(String message, Throwable cause) {
        super(message, cause);
    }
}
