package io.hypha.node.ipld;

/** A path names something a node does not hold: a missing key or index, or a step into a scalar. */
public class IpldPathException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public IpldPathException(String message) {
        super(message);
    }
}
