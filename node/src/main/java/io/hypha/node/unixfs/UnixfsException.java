package io.hypha.node.unixfs;

/** Thrown when bytes claiming to be a UnixFS {@code Data} message are malformed; the message says where. */
public class UnixfsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnixfsException(String message) {
        super(message);
    }

    public UnixfsException(String message, Throwable cause) {
        super(message, cause);
    }
}
