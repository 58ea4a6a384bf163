package io.hypha.internal.proto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes protobuf wire format by hand, field by field, in the order called: for messages whose canonical form
 * fixes an order generated code does not follow (dag-pb writes Links, field 2, before Data, field 1) and whose
 * bytes are hashed into CIDs, and for tests that need exact or deliberately malformed bytes.
 */
public final class ProtoWriter {
    public static final int WIRE_VARINT = 0;
    public static final int WIRE_FIXED64 = 1;
    public static final int WIRE_LENGTH_DELIMITED = 2;
    public static final int WIRE_FIXED32 = 5;

    private byte[] buf;
    private int size;

    public ProtoWriter() {
        this(64);
    }

    public ProtoWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }

    /** Bytes {@code value}, as an unsigned 64-bit value, takes as a varint: 1 to 10. */
    public static int varintSize(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            n++;
            value >>>= 7;
        }
        return n;
    }

    public ProtoWriter rawVarint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buf[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[size++] = (byte) value;
        return this;
    }

    public ProtoWriter rawBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
        return this;
    }

    public ProtoWriter tag(int field, int wireType) {
        return rawVarint(((long) field << 3) | wireType);
    }

    /** A varint field (int32/int64/uint64/bool/enum); negative int32/int64 take ten bytes, as protobuf says. */
    public ProtoWriter varint(int field, long value) {
        return tag(field, WIRE_VARINT).rawVarint(value);
    }

    public ProtoWriter bool(int field, boolean value) {
        return varint(field, value ? 1 : 0);
    }

    public ProtoWriter bytes(int field, byte[] value) {
        return tag(field, WIRE_LENGTH_DELIMITED).rawVarint(value.length).rawBytes(value);
    }

    public ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** An embedded message field holding {@code message}'s bytes. */
    public ProtoWriter message(int field, ProtoWriter message) {
        tag(field, WIRE_LENGTH_DELIMITED).rawVarint(message.size);
        ensure(message.size);
        System.arraycopy(message.buf, 0, buf, size, message.size);
        size += message.size;
        return this;
    }

    public ProtoWriter fixed32(int field, int value) {
        tag(field, WIRE_FIXED32);
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[size++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    public ProtoWriter fixed64(int field, long value) {
        tag(field, WIRE_FIXED64);
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** The bytes prefixed by their length as a varint: the framing of libp2p's delimited messages. */
    public byte[] toDelimitedByteArray() {
        return new ProtoWriter(size + 5).rawVarint(size).rawBytes(toByteArray()).toByteArray();
    }
}
