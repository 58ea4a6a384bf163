package io.hypha.protocol.bitswap.message;

/** A Bitswap message that breaks the wire format or a limit: the stream that carried it is reset. */
public final class MalformedMessageException extends Exception {
    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
