package io.hypha.multiaddr;

import io.hypha.multiformats.Varint;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One protocol and its binary value, such as {@code /tcp/4001} ({@link Protocol#TCP}, {@code 0fa1}).
 * The value is validated on construction and copied in and out, so a component is immutable; two
 * components are equal when protocol and value bytes are.
 *
 * @param protocol the protocol
 * @param value the binary value (empty for protocols without one); a copy is returned
 */
public record Component(Protocol protocol, byte[] value) {
    /** Longest input quoted verbatim in an error message. */
    private static final int MAX_QUOTED_CHARS = 80;

    /**
     * @throws MultiaddrException if the value has the wrong size or is invalid for the protocol
     */
    public Component {
        Objects.requireNonNull(protocol, "protocol");
        value = Objects.requireNonNull(value, "value").clone();
        checkValue(protocol, value);
    }

    /** A component without a value, such as {@code /quic-v1}. */
    public static Component of(Protocol protocol) {
        return new Component(protocol, new byte[0]);
    }

    /**
     * Parses a value from its text form ({@code "4001"} for {@code tcp}, a peer id for {@code p2p},
     * the whole path including its leading '/' for {@code unix}).
     *
     * @throws MultiaddrException if the text is not a valid value for the protocol
     */
    public static Component parse(Protocol protocol, String valueText) {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(valueText, "valueText");
        byte[] value;
        try {
            value = protocol.codec().parse(valueText);
        } catch (MultiaddrException e) {
            throw new MultiaddrException("invalid value '" + abbreviate(valueText) + "' for /"
                    + protocol.protocolName() + ": " + e.getMessage(), e);
        }
        return new Component(protocol, value);
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The value's text form as printed in a multiaddr (empty for protocols without a value). */
    public String valueString() {
        return protocol.codec().format(value);
    }

    /** The binary encoding: uvarint code, uvarint length if length-prefixed, value. */
    public byte[] bytes() {
        byte[] out = new byte[encodedLength()];
        writeTo(out, 0);
        return out;
    }

    /** Length of {@link #bytes()}. */
    public int encodedLength() {
        int n = Varint.size(protocol.code()) + value.length;
        return protocol.isLengthPrefixed() ? n + Varint.size(value.length) : n;
    }

    int writeTo(byte[] out, int offset) {
        int i = offset + Varint.write(protocol.code(), out, offset);
        if (protocol.isLengthPrefixed()) {
            i += Varint.write(value.length, out, i);
        }
        System.arraycopy(value, 0, out, i, value.length);
        return i + value.length - offset;
    }

    /** Raw value without copying, for this package's encoders. */
    byte[] valueUnsafe() {
        return value;
    }

    /** The text form of this component alone: {@code /tcp/4001}, {@code /quic-v1}, {@code /unix/tmp/s}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendTo(sb);
        return sb.toString();
    }

    void appendTo(StringBuilder sb) {
        sb.append('/').append(protocol.protocolName());
        if (protocol.hasValue()) {
            if (!protocol.isPath()) {
                sb.append('/');
            }
            sb.append(valueString());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Component other && protocol == other.protocol && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * protocol.hashCode() + Arrays.hashCode(value);
    }

    private static void checkValue(Protocol protocol, byte[] value) {
        int bits = protocol.sizeBits();
        if (bits > 0 && value.length * 8 != bits) {
            throw new MultiaddrException("/" + protocol.protocolName() + " value must be " + bits / 8
                    + " bytes, got " + value.length);
        }
        if (bits == 0 && value.length != 0) {
            throw new MultiaddrException("/" + protocol.protocolName() + " takes no value, got "
                    + value.length + " bytes");
        }
        if (protocol.isLengthPrefixed() && value.length == 0) {
            throw new MultiaddrException("/" + protocol.protocolName() + " value must not be empty");
        }
        try {
            protocol.codec().validate(value);
        } catch (MultiaddrException e) {
            throw new MultiaddrException("invalid value 0x" + abbreviate(HexFormat.of().formatHex(value))
                    + " for /" + protocol.protocolName() + ": " + e.getMessage(), e);
        }
    }

    /** Keeps error messages readable when the offending input is huge. */
    static String abbreviate(String s) {
        return s.length() <= MAX_QUOTED_CHARS ? s : s.substring(0, MAX_QUOTED_CHARS) + "...";
    }
}
