package io.hypha.security.noise;

/**
 * A Noise handshake or transport message was rejected: malformed, forged, out of bounds, or from a peer whose
 * identity does not check out. It is a connection-level error: the connection that produced it must be closed.
 * The message says what is wrong, for logs and for the remote-facing close reason.
 */
public class NoiseException extends Exception {
    private static final long serialVersionUID = 1L;

    public NoiseException(String message) {
        super(message);
    }

    public NoiseException(String message, Throwable cause) {
        super(message, cause);
    }
}
