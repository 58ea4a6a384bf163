package io.hypha.node.unixfs;

import java.util.function.Function;

/**
 * Reads the protobuf wire format (varints, tags, length-delimited fields) from a byte range, for the
 * hand-written dag-pb and UnixFS codecs. Every error is raised through the caller's exception
 * factory so each codec reports its own typed exception, with the byte offset in the message.
 */
final class ProtobufReader {
    /** Wire type 0: varint. */
    static final int VARINT = 0;
    /** Wire type 2: length-delimited. */
    static final int LENGTH_DELIMITED = 2;
    /** Wire type 5: 32-bit little-endian. */
    static final int FIXED32 = 5;
    /** A protobuf varint carries at most 64 bits, so at most ten bytes. */
    static final int MAX_VARINT_BYTES = 10;

    private final byte[] buf;
    private final int limit;
    private final Function<String, ? extends RuntimeException> error;
    private int pos;

    ProtobufReader(byte[] buf, int offset, int limit, Function<String, ? extends RuntimeException> error) {
        this.buf = buf;
        this.pos = offset;
        this.limit = limit;
        this.error = error;
    }

    boolean hasMore() {
        return pos < limit;
    }

    int position() {
        return pos;
    }

    RuntimeException error(String message) {
        return error.apply(message);
    }

    /** Reads a field key; returns {@code fieldNumber << 3 | wireType}, rejecting field number 0. */
    int readTag() {
        int at = pos;
        long key = readRawVarint();
        if (key >>> 3 == 0 || key >>> 3 > Integer.MAX_VALUE >>> 3) {
            throw error.apply("invalid field number " + (key >>> 3) + " at byte " + at);
        }
        return (int) key;
    }

    /** Reads a varint as the raw 64 bits it encodes (uint64 values above 2^63-1 come back negative). */
    long readRawVarint() {
        int at = pos;
        long value = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            if (pos >= limit) {
                throw error.apply("truncated varint at byte " + at);
            }
            int b = buf[pos++] & 0xFF;
            if (i == MAX_VARINT_BYTES - 1 && b > 1) {
                throw error.apply("varint at byte " + at + " overflows 64 bits");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw error.apply("varint at byte " + at + " is longer than " + MAX_VARINT_BYTES + " bytes");
    }

    /** Reads a uint64 field that must fit a non-negative {@code long}, naming {@code field} on error. */
    long readUint64(String field) {
        int at = pos;
        long v = readRawVarint();
        if (v < 0) {
            throw error.apply(field + " at byte " + at + " is larger than " + Long.MAX_VALUE);
        }
        return v;
    }

    /** Reads a uint32 field; the result is the unsigned value held in an {@code int}. */
    int readUint32(String field) {
        int at = pos;
        long v = readRawVarint();
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw error.apply(field + " at byte " + at + " does not fit 32 bits");
        }
        return (int) v;
    }

    int readFixed32(String field) {
        if (limit - pos < Integer.BYTES) {
            throw error.apply("truncated " + field + " at byte " + pos);
        }
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += Integer.BYTES;
        return v;
    }

    /** Reads a length prefix and returns the end offset of the field's bytes, which must fit the input. */
    int readLengthDelimitedEnd(String field) {
        int at = pos;
        long length = readRawVarint();
        if (length < 0 || length > limit - pos) {
            throw error.apply(field + " at byte " + at + " claims " + Long.toUnsignedString(length)
                    + " bytes but only " + (limit - pos) + " remain");
        }
        return pos + (int) length;
    }

    byte[] readBytes(String field) {
        int end = readLengthDelimitedEnd(field);
        byte[] out = java.util.Arrays.copyOfRange(buf, pos, end);
        pos = end;
        return out;
    }

    /** Reads an embedded message's length and returns a reader over its bytes, moving past them. */
    ProtobufReader readMessage(String field) {
        int end = readLengthDelimitedEnd(field);
        ProtobufReader sub = new ProtobufReader(buf, pos, end, error);
        pos = end;
        return sub;
    }

    /** Skips a field of the given wire type (used where unknown fields are tolerated). */
    void skip(int wireType, int fieldNumber) {
        switch (wireType) {
            case VARINT -> readRawVarint();
            case LENGTH_DELIMITED -> pos = readLengthDelimitedEnd("field " + fieldNumber);
            case FIXED32 -> readFixed32("field " + fieldNumber);
            case 1 -> {
                if (limit - pos < Long.BYTES) {
                    throw error.apply("truncated field " + fieldNumber + " at byte " + pos);
                }
                pos += Long.BYTES;
            }
            default -> throw error.apply("field " + fieldNumber + " has unsupported wire type " + wireType
                    + " before byte " + pos);
        }
    }
}
