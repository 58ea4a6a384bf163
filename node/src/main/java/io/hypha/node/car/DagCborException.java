package io.hypha.node.car;

/** A DAG-CBOR block is malformed where a DAG walk needed to read its links; the message says where. */
public class DagCborException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DagCborException(String message) {
        super(message);
    }
}
