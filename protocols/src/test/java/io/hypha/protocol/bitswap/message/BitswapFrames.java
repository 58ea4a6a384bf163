package io.hypha.protocol.bitswap.message;

import io.hypha.multiformats.Varint;
import java.io.ByteArrayOutputStream;

/** Protobuf fields written by hand, so that tests can build frames our encoder would never write. */
final class BitswapFrames {
    private BitswapFrames() {}

    /** A length-delimited field (wire type 2). */
    static byte[] field(int number, byte[] value) {
        return concat(Varint.encode((long) number << 3 | 2), Varint.encode(value.length), value);
    }

    /** A varint field (wire type 0); a negative value is written as ten bytes, as protobuf writes an int32. */
    static byte[] varintField(int number, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Varint.encode((long) number << 3));
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
