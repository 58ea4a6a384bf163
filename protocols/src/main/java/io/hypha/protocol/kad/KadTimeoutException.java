package io.hypha.protocol.kad;

/** A peer did not answer a DHT request in time. */
public class KadTimeoutException extends KadException {
    public KadTimeoutException(String message) {
        super(message);
    }
}
