package io.hypha.host;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A libp2p protocol id such as {@code /ipfs/ping/1.0.0}, as negotiated by multistream-select. Valid ids
 * are non-empty UTF-8 of at most {@link #MAX_LENGTH} bytes with no line break.
 */
public record ProtocolId(String value) implements Comparable<ProtocolId> {
    /** A multistream message is at most 1024 bytes with its length prefix and newline (go/js). */
    public static final int MAX_LENGTH = 1000;

    public ProtocolId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty protocol id");
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("protocol id contains a line break");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) {
            throw new IllegalArgumentException("protocol id longer than " + MAX_LENGTH + " bytes");
        }
    }

    public static ProtocolId of(String value) {
        return new ProtocolId(value);
    }

    @Override
    public int compareTo(ProtocolId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
