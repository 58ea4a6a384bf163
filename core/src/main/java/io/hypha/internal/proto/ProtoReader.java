package io.hypha.internal.proto;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;

/**
 * Reads protobuf wire format field by field with bounds on every length, for the messages that are not read
 * through generated code (dag-pb and UnixFS, whose canonical form and strictness rules generated code does not
 * give). Usage: {@code while (r.next()) switch (r.field()) { case 1 -> x = r.bytes(MAX); default -> r.skip(); }}.
 *
 * <p>Every malformation throws {@link ProtoException} naming the message, the field (by the names given at
 * construction, else "field N") and the byte offset in the buffer, e.g. {@code "UnixFS Data: Data at byte 3
 * claims 11 bytes but only 1 remain"}. Varints are read as protobuf defines them: at most ten bytes, non-minimal
 * encodings allowed, but none that overflows 64 bits.
 */
public final class ProtoReader {
    /** A protobuf varint carries at most 64 bits, so at most ten bytes. */
    private static final int MAX_VARINT_BYTES = 10;
    /** The largest field number protobuf allows. */
    private static final long MAX_FIELD_NUMBER = (1L << 29) - 1;

    private final byte[] buf;
    private final int end;
    private final String what;
    private final IntFunction<String> names;
    private int pos;
    private int field;
    private int wireType;
    private int fieldOffset;

    public ProtoReader(byte[] buf, String what) {
        this(buf, 0, buf.length, what);
    }

    /**
     * A reader whose error messages call field {@code n} {@code names.apply(n)} (for example "Data"), or
     * "field n" where that returns null.
     */
    public ProtoReader(byte[] buf, String what, IntFunction<String> names) {
        this(buf, 0, buf.length, what, names);
    }

    public ProtoReader(byte[] buf, int offset, int length, String what) {
        this(buf, offset, length, what, n -> null);
    }

    private ProtoReader(byte[] buf, int offset, int length, String what, IntFunction<String> names) {
        if (offset < 0 || length < 0 || offset + length > buf.length) {
            throw new ProtoException(what + ": bad slice");
        }
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
        this.what = what;
        this.names = names;
    }

    /** Advances to the next field; false at the end of the message. */
    public boolean next() {
        if (pos >= end) {
            return false;
        }
        fieldOffset = pos;
        long key = rawVarint();
        if (key >>> 3 == 0 || key >>> 3 > MAX_FIELD_NUMBER) {
            throw new ProtoException(what + ": invalid field number " + Long.toUnsignedString(key >>> 3) + " at byte "
                    + fieldOffset);
        }
        field = (int) (key >>> 3);
        wireType = (int) (key & 7);
        return true;
    }

    public int field() {
        return field;
    }

    public int wireType() {
        return wireType;
    }

    /** The byte offset (in the whole buffer) of the current field's tag. */
    public int fieldOffset() {
        return fieldOffset;
    }

    /** The byte offset (in the whole buffer) of the next byte to read. */
    public int position() {
        return pos;
    }

    private String name() {
        String name = names.apply(field);
        return name != null ? name : "field " + field;
    }

    private void expect(int type) {
        if (wireType != type) {
            throw new ProtoException(what + ": " + name() + " at byte " + fieldOffset + " has wire type " + wireType
                    + ", expected " + type);
        }
    }

    /** A varint field as the raw 64 bits it encodes (int64, and uint64 above 2^63 - 1, come back negative). */
    public long varint() {
        expect(ProtoWriter.WIRE_VARINT);
        return rawVarint();
    }

    /** A varint that must fit in an int between 0 and {@code max}. */
    public int varintInt(int max) {
        int at = pos;
        long v = varint();
        if (v < 0 || v > max) {
            throw new ProtoException(what + ": " + name() + " at byte " + at + " value " + Long.toUnsignedString(v)
                    + " out of range 0.." + max);
        }
        return (int) v;
    }

    /** A uint64 varint that must fit a non-negative {@code long}. */
    public long uint64() {
        expect(ProtoWriter.WIRE_VARINT);
        return uint64Value();
    }

    /** A uint32 varint; the result is the unsigned value held in an {@code int}. */
    public int uint32() {
        int at = pos;
        long v = varint();
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new ProtoException(what + ": " + name() + " at byte " + at + " does not fit 32 bits");
        }
        return (int) v;
    }

    public boolean bool() {
        int at = pos;
        long v = varint();
        if (v != 0 && v != 1) {
            throw new ProtoException(what + ": " + name() + " at byte " + at + " is not a bool");
        }
        return v == 1;
    }

    /** A length-delimited field of at most {@code maxLength} bytes. */
    public byte[] bytes(int maxLength) {
        expect(ProtoWriter.WIRE_LENGTH_DELIMITED);
        int len = length(maxLength);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return out;
    }

    /** A length-delimited field bounded only by the input. */
    public byte[] bytes() {
        return bytes(Integer.MAX_VALUE);
    }

    /** A UTF-8 string field of at most {@code maxLength} bytes; malformed UTF-8 is rejected. */
    public String string(int maxLength) {
        int at = fieldOffset;
        byte[] b = bytes(maxLength);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtoException(what + ": " + name() + " at byte " + at + " is not valid UTF-8");
        }
    }

    /** An embedded message of at most {@code maxLength} bytes, read with its own reader. */
    public ProtoReader message(int maxLength, String name) {
        return message(maxLength, name, n -> null);
    }

    /** An embedded message of at most {@code maxLength} bytes, read with its own reader naming its fields. */
    public ProtoReader message(int maxLength, String name, IntFunction<String> fieldNames) {
        expect(ProtoWriter.WIRE_LENGTH_DELIMITED);
        int len = length(maxLength);
        ProtoReader r = new ProtoReader(buf, pos, len, name, fieldNames);
        pos += len;
        return r;
    }

    /**
     * A packed repeated uint64 field (one length-delimited run of varints), each value handed to {@code sink};
     * every value must fit a non-negative {@code long}.
     */
    public void packedUint64(LongConsumer sink) {
        expect(ProtoWriter.WIRE_LENGTH_DELIMITED);
        int len = length(Integer.MAX_VALUE);
        ProtoReader packed = new ProtoReader(buf, pos, len, what, names); // a varint may not run past the run
        packed.field = field;
        packed.fieldOffset = fieldOffset;
        pos += len;
        while (packed.pos < packed.end) {
            sink.accept(packed.uint64Value());
        }
    }

    public int fixed32() {
        expect(ProtoWriter.WIRE_FIXED32);
        require(4);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (buf[pos++] & 0xFF) << (8 * i);
        }
        return v;
    }

    public long fixed64() {
        expect(ProtoWriter.WIRE_FIXED64);
        require(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) (buf[pos++] & 0xFF) << (8 * i);
        }
        return v;
    }

    /** Skips the current field (unknown fields are ignored where the spec says so). */
    public void skip() {
        switch (wireType) {
            case ProtoWriter.WIRE_VARINT -> rawVarint();
            case ProtoWriter.WIRE_FIXED64 -> {
                require(8);
                pos += 8;
            }
            case ProtoWriter.WIRE_LENGTH_DELIMITED -> {
                int len = length(Integer.MAX_VALUE); // not "pos += length(..)": length() itself moves pos
                pos += len;
            }
            case ProtoWriter.WIRE_FIXED32 -> {
                require(4);
                pos += 4;
            }
            default -> throw new ProtoException(what + ": " + name() + " at byte " + fieldOffset
                    + " has unsupported wire type " + wireType);
        }
    }

    /** Reads a length prefix, checks it against {@code max} and what is left, and returns it. */
    private int length(int max) {
        int at = pos;
        long len = rawVarint();
        if (len < 0 || len > max) { // negative: a 10-byte varint of 2^63 or more
            throw new ProtoException(what + ": " + name() + " at byte " + at + " is " + Long.toUnsignedString(len)
                    + " bytes, limit " + max);
        }
        if (len > end - pos) {
            throw new ProtoException(what + ": " + name() + " at byte " + at + " claims " + len
                    + " bytes but only " + (end - pos) + " remain");
        }
        return (int) len;
    }

    private void require(int n) {
        if (n > end - pos) {
            throw new ProtoException(what + ": truncated " + name() + " at byte " + pos);
        }
    }

    private long uint64Value() {
        int at = pos;
        long v = rawVarint();
        if (v < 0) {
            throw new ProtoException(what + ": " + name() + " at byte " + at + " is larger than " + Long.MAX_VALUE);
        }
        return v;
    }

    private long rawVarint() {
        int at = pos;
        long v = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            if (pos >= end) {
                throw new ProtoException(what + ": truncated varint at byte " + at);
            }
            int b = buf[pos++] & 0xFF;
            if (i == MAX_VARINT_BYTES - 1 && b > 1) {
                throw new ProtoException(what + ": varint at byte " + at + " overflows 64 bits");
            }
            v |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new ProtoException(what + ": varint at byte " + at + " is longer than " + MAX_VARINT_BYTES + " bytes");
    }
}
