package io.hypha.block;

/** The blockstore was closed before the operation could run. */
public class BlockstoreClosedException extends BlockstoreException {
    private static final long serialVersionUID = 1L;

    public BlockstoreClosedException() {
        super("blockstore is closed");
    }
}
