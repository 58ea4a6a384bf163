package io.hypha.protocol.kad;

/** A DHT message that breaks the protocol, or a request that failed. */
public class KadException extends RuntimeException {
    public KadException(String message) {
        super(message);
    }

    public KadException(String message, Throwable cause) {
        super(message, cause);
    }
}
