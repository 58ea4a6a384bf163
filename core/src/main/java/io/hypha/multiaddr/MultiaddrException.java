package io.hypha.multiaddr;

import io.hypha.multiformats.MultiformatException;

/**
 * Thrown when text or bytes claiming to be a multiaddr (or one of its component values) are
 * malformed: unknown protocol, missing or invalid value, truncated or trailing bytes, over-long
 * input. The message names the offending protocol and value.
 */
public class MultiaddrException extends MultiformatException {
    private static final long serialVersionUID = 1L;

    public MultiaddrException(String message) {
        super(message);
    }

    public MultiaddrException(String message, Throwable cause) {
        super(message, cause);
    }
}
