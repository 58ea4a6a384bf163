package io.hypha.block;

/**
 * A blockstore operation failed for a reason the caller may want to tell apart from an I/O error.
 * Subclasses say which: {@link HashMismatchException}, {@link CorruptBlockException},
 * {@link BlockTooLargeException}, {@link BlockstoreClosedException}. Disk failures complete futures
 * with the underlying {@link java.io.IOException} instead.
 */
public class BlockstoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BlockstoreException(String message) {
        super(message);
    }

    public BlockstoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
