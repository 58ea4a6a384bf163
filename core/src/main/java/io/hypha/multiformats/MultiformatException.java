package io.hypha.multiformats;

/**
 * Thrown when bytes or text claiming to be a multiformat value (varint, multibase, multihash, CID,
 * multiaddr, ...) are malformed. The message names what is wrong and where.
 */
public class MultiformatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MultiformatException(String message) {
        super(message);
    }

    public MultiformatException(String message, Throwable cause) {
        super(message, cause);
    }
}
