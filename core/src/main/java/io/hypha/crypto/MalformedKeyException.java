package io.hypha.crypto;

/**
 * Thrown when bytes claiming to be a libp2p key (protobuf envelope or key data) are malformed or
 * outside what libp2p accepts: unknown or duplicate fields, wrong lengths, points off the curve,
 * RSA moduli outside {@value RsaPublicKey#MIN_BITS}..{@value RsaPublicKey#MAX_BITS} bits. The message
 * names the key type and what is wrong.
 */
public class MalformedKeyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedKeyException(String message) {
        super(message);
    }

    public MalformedKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
