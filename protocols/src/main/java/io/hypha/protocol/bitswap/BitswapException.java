package io.hypha.protocol.bitswap;

/** A Bitswap operation failed: a peer could not be reached or written to, or a limit was hit. */
public class BitswapException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BitswapException(String message) {
        super(message);
    }

    public BitswapException(String message, Throwable cause) {
        super(message, cause);
    }
}
