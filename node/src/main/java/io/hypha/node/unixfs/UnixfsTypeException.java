package io.hypha.node.unixfs;

/** An operation met a UnixFS node of the wrong kind: {@code cat} of a directory, {@code ls} of a file. */
public class UnixfsTypeException extends UnixfsException {
    private static final long serialVersionUID = 1L;

    public UnixfsTypeException(String message) {
        super(message);
    }
}
