package io.hypha.internal.proto;

/** Malformed protobuf: truncated, over a limit, wrong wire type, or a missing required field. */
public final class ProtoException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ProtoException(String message) {
        super(message);
    }

    public ProtoException(String message, Throwable cause) {
        super(message, cause);
    }
}
