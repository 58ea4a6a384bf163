package io.hypha.node.repo;

/** The datastore failed: it is closed, its file is damaged or unreadable, or a disk write failed. */
public class DatastoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatastoreException(String message) {
        super(message);
    }

    public DatastoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
