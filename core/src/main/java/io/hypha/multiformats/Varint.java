package io.hypha.multiformats;

import java.nio.ByteBuffer;

/**
 * Unsigned LEB128 varint as the multiformats spec defines it (multiformats/unsigned-varint): minimal
 * encoding, at most {@link #MAX_BYTES} bytes, so at most 63 bits of value.
 */
public final class Varint {
    /** The spec's limit: nine bytes, 63 bits of payload. */
    public static final int MAX_BYTES = 9;
    /** The largest value that fits in {@link #MAX_BYTES} bytes. */
    public static final long MAX_VALUE = Long.MAX_VALUE;

    private Varint() {}

    /** Number of bytes {@code value} takes when encoded. */
    public static int size(long value) {
        requireEncodable(value);
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /** Encodes {@code value} (0 to 2^63-1). */
    public static byte[] encode(long value) {
        byte[] out = new byte[size(value)];
        write(value, out, 0);
        return out;
    }

    /** Writes {@code value} at {@code offset} and returns the number of bytes written. */
    public static int write(long value, byte[] out, int offset) {
        requireEncodable(value);
        int i = offset;
        while ((value & ~0x7FL) != 0) {
            out[i++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[i++] = (byte) value;
        return i - offset;
    }

    /** Writes {@code value} at the buffer's position, advancing it. */
    public static void write(long value, ByteBuffer out) {
        requireEncodable(value);
        while ((value & ~0x7FL) != 0) {
            out.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    /**
     * Decodes a varint at {@code offset}. Returns the value and its length; throws on truncated,
     * over-long (more than nine bytes) or non-minimal input.
     */
    public static Decoded decode(byte[] in, int offset) {
        return decode(in, offset, in.length);
    }

    /** As {@link #decode(byte[], int)}, reading no byte at or beyond {@code limit}. */
    public static Decoded decode(byte[] in, int offset, int limit) {
        if (offset < 0 || offset > limit || limit > in.length) {
            throw new MultiformatException("varint: offset " + offset + " outside input of " + limit + " bytes");
        }
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (offset + i >= limit) {
                throw new MultiformatException("varint: truncated after " + i + " byte(s)");
            }
            int b = in[offset + i] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new MultiformatException("varint: not minimally encoded (" + (i + 1) + " bytes)");
                }
                return new Decoded(value, i + 1);
            }
        }
        throw new MultiformatException("varint: longer than " + MAX_BYTES + " bytes");
    }

    /** Reads a varint at the buffer's position and advances past it. */
    public static long read(ByteBuffer in) {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (!in.hasRemaining()) {
                throw new MultiformatException("varint: truncated after " + i + " byte(s)");
            }
            int b = in.get() & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new MultiformatException("varint: not minimally encoded (" + (i + 1) + " bytes)");
                }
                return value;
            }
        }
        throw new MultiformatException("varint: longer than " + MAX_BYTES + " bytes");
    }

    /** Reads a varint that must fit an int between 0 and {@code max}, naming {@code what} on error. */
    public static int readInt(ByteBuffer in, int max, String what) {
        long v = read(in);
        if (v > max) {
            throw new MultiformatException(what + " " + v + " exceeds the limit of " + max);
        }
        return (int) v;
    }

    private static void requireEncodable(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varint: negative value " + value + " cannot be encoded");
        }
    }

    /** A decoded value and the number of bytes it occupied. */
    public record Decoded(long value, int length) {}
}
