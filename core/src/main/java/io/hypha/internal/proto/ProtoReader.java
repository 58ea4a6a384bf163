package io.hypha.internal.proto;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads protobuf wire format field by field with bounds on every length. Usage:
 * {@code while (r.next()) switch (r.field()) { case 1 -> x = r.bytes(MAX); default -> r.skip(); }}.
 * Every malformation throws {@link ProtoException} naming the message and the field.
 */
public final class ProtoReader {
    private final byte[] buf;
    private final int end;
    private final String what;
    private int pos;
    private int field;
    private int wireType;

    public ProtoReader(byte[] buf, String what) {
        this(buf, 0, buf.length, what);
    }

    public ProtoReader(byte[] buf, int offset, int length, String what) {
        if (offset < 0 || length < 0 || offset + length > buf.length) {
            throw new ProtoException(what + ": bad slice");
        }
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
        this.what = what;
    }

    /** Advances to the next field; false at the end of the message. */
    public boolean next() {
        if (pos >= end) {
            return false;
        }
        long key = rawVarint();
        if (key >>> 3 == 0 || key >>> 3 > 0x1FFFFFFF) {
            throw new ProtoException(what + ": invalid field number " + (key >>> 3));
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

    private void expect(int type) {
        if (wireType != type) {
            throw new ProtoException(what + ": field " + field + " has wire type " + wireType + ", expected " + type);
        }
    }

    public long varint() {
        expect(ProtoWriter.WIRE_VARINT);
        return rawVarint();
    }

    /** A varint that must fit in an int between 0 and {@code max}. */
    public int varintInt(int max) {
        long v = varint();
        if (v < 0 || v > max) {
            throw new ProtoException(what + ": field " + field + " value " + v + " out of range 0.." + max);
        }
        return (int) v;
    }

    public boolean bool() {
        long v = varint();
        if (v > 1) {
            throw new ProtoException(what + ": field " + field + " is not a bool");
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

    /** A UTF-8 string field of at most {@code maxLength} bytes; malformed UTF-8 is rejected. */
    public String string(int maxLength) {
        byte[] b = bytes(maxLength);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtoException(what + ": field " + field + " is not valid UTF-8");
        }
    }

    /** An embedded message of at most {@code maxLength} bytes, read with its own reader. */
    public ProtoReader message(int maxLength, String name) {
        expect(ProtoWriter.WIRE_LENGTH_DELIMITED);
        int len = length(maxLength);
        ProtoReader r = new ProtoReader(buf, pos, len, name);
        pos += len;
        return r;
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
            default -> throw new ProtoException(what + ": field " + field + " has unsupported wire type " + wireType);
        }
    }

    private int length(int max) {
        long len = rawVarint();
        if (len < 0 || len > max) { // negative: a 10-byte varint above 2^63
            throw new ProtoException(what + ": field " + field + " is " + Long.toUnsignedString(len) + " bytes, limit " + max);
        }
        require((int) Math.min(len, Integer.MAX_VALUE));
        return (int) len;
    }

    private void require(int n) {
        if (n > end - pos) {
            throw new ProtoException(what + ": truncated in field " + field);
        }
    }

    private long rawVarint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new ProtoException(what + ": truncated varint");
            }
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new ProtoException(what + ": varint longer than 10 bytes");
    }
}
