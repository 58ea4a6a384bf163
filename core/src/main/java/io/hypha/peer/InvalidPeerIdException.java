package io.hypha.peer;

/**
 * Thrown when text or bytes claiming to be a peer id are not one: bad base58 or multibase, a CID
 * whose codec is not {@code libp2p-key}, a hash function peer ids do not use, or an inline key that
 * does not decode. The message names what is wrong.
 */
public class InvalidPeerIdException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidPeerIdException(String message) {
        super(message);
    }

    public InvalidPeerIdException(String message, Throwable cause) {
        super(message, cause);
    }
}
