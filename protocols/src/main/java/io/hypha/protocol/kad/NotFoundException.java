package io.hypha.protocol.kad;

/** A lookup ended without what it looked for: a peer's addresses, or a valid record for a key. */
public class NotFoundException extends KadException {
    public NotFoundException(String message) {
        super(message);
    }
}
