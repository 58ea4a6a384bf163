package io.hypha.node.unixfs;

/**
 * Thrown when bytes claiming to be a dag-pb node break the dag-pb spec's strictness rules
 * (unknown fields, fields out of order, duplicates, a link without a valid CID, a size over the limit).
 * The message names the problem and its byte offset.
 */
public class DagPbException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DagPbException(String message) {
        super(message);
    }

    public DagPbException(String message, Throwable cause) {
        super(message, cause);
    }
}
