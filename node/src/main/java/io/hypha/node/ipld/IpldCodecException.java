package io.hypha.node.ipld;

/**
 * A block, or a value, that a codec refuses: malformed or non-canonical bytes, a kind the codec cannot hold, or
 * input past one of {@link IpldLimits}. The message says what and where.
 */
public class IpldCodecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public IpldCodecException(String message) {
        super(message);
    }

    public IpldCodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
