package io.hypha.protocol.kad.store;

/** A record that failed validation: it is not stored, not returned and not propagated. */
public class InvalidRecordException extends Exception {
    public InvalidRecordException(String message) {
        super(message);
    }

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
