package io.hypha.node.unixfs;

import java.io.ByteArrayOutputStream;

/** Writes the protobuf wire format, fields in the order the caller emits them. */
final class ProtobufWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Number of bytes {@code value} (as an unsigned 64-bit value) takes as a varint. */
    static int varintSize(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            n++;
            value >>>= 7;
        }
        return n;
    }

    ProtobufWriter tag(int fieldNumber, int wireType) {
        return rawVarint((long) fieldNumber << 3 | wireType);
    }

    /** Writes the 64 bits of {@code value} as an unsigned varint (negative values take ten bytes). */
    ProtobufWriter rawVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
        return this;
    }

    ProtobufWriter varintField(int fieldNumber, long value) {
        return tag(fieldNumber, ProtobufReader.VARINT).rawVarint(value);
    }

    ProtobufWriter bytesField(int fieldNumber, byte[] value) {
        tag(fieldNumber, ProtobufReader.LENGTH_DELIMITED).rawVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    ProtobufWriter fixed32Field(int fieldNumber, int value) {
        tag(fieldNumber, ProtobufReader.FIXED32);
        out.write(value & 0xFF);
        out.write(value >>> 8 & 0xFF);
        out.write(value >>> 16 & 0xFF);
        out.write(value >>> 24 & 0xFF);
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
