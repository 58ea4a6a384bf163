package io.hypha.node.car;

import io.hypha.multiformats.Cid;
import io.hypha.multiformats.MultiformatException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The CARv1 header (ipld/specs {@code transport/car/carv1}): a DAG-CBOR map
 * {@code {"roots": [CID...], "version": 1}}. Only the DAG-CBOR this needs is implemented: definite-length
 * maps, arrays, text and byte strings, unsigned integers and tag 42 CIDs (a byte string holding
 * {@code 0x00 ‖ binary CID}).
 *
 * <p>{@link #encode()} writes "roots" before "version", which is both DAG-CBOR's canonical key order
 * (shorter key first) and what go-car and js-car write (checked against the gateway-conformance fixtures).
 *
 * @param roots the root CIDs, in order (may be empty: the spec leaves the number of roots open)
 */
public record CarHeader(List<Cid> roots) {
    /** The only CAR version this reader accepts. */
    public static final int VERSION = 1;
    /** Most roots a decoded header may list (a header is at most {@link CarReader#MAX_HEADER_BYTES} anyway). */
    public static final int MAX_ROOTS = 65_536;

    private static final int MAJOR_UNSIGNED = 0;
    private static final int MAJOR_BYTES = 2;
    private static final int MAJOR_TEXT = 3;
    private static final int MAJOR_ARRAY = 4;
    private static final int MAJOR_MAP = 5;
    private static final int MAJOR_TAG = 6;
    /** DAG-CBOR's tag for a CID (IANA CBOR tag 42). */
    private static final int TAG_CID = 42;
    /** The multibase "identity" prefix DAG-CBOR puts before a binary CID in tag 42. */
    private static final int CID_PREFIX = 0x00;
    private static final String ROOTS = "roots";
    private static final String VERSION_KEY = "version";

    public CarHeader {
        roots = List.copyOf(roots);
    }

    /** The header's DAG-CBOR bytes (without the length prefix). */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        head(out, MAJOR_MAP, 2);
        text(out, ROOTS);
        head(out, MAJOR_ARRAY, roots.size());
        for (Cid root : roots) {
            head(out, MAJOR_TAG, TAG_CID);
            byte[] cid = root.bytes();
            head(out, MAJOR_BYTES, cid.length + 1);
            out.write(CID_PREFIX);
            out.writeBytes(cid);
        }
        text(out, VERSION_KEY);
        head(out, MAJOR_UNSIGNED, VERSION);
        return out.toByteArray();
    }

    /** Decodes a header's DAG-CBOR bytes, reporting errors at offsets relative to {@code bytes}. */
    public static CarHeader decode(byte[] bytes) throws CarFormatException {
        return decode(bytes, 0);
    }

    /** As {@link #decode(byte[])}, adding {@code baseOffset} to reported offsets (the header's place in a stream). */
    static CarHeader decode(byte[] bytes, long baseOffset) throws CarFormatException {
        Cursor c = new Cursor(bytes, baseOffset);
        long entries = c.expect(MAJOR_MAP, "a map");
        List<Cid> roots = null;
        Long version = null;
        for (long i = 0; i < entries; i++) {
            long keyAt = c.offset();
            String key = c.text();
            switch (key) {
                case ROOTS -> {
                    if (roots != null) {
                        throw c.error(keyAt, "duplicate key \"roots\"");
                    }
                    roots = readRoots(c);
                }
                case VERSION_KEY -> {
                    if (version != null) {
                        throw c.error(keyAt, "duplicate key \"version\"");
                    }
                    version = c.expect(MAJOR_UNSIGNED, "an unsigned integer version");
                }
                default -> throw c.error(keyAt, "unexpected key \"" + key + "\"");
            }
        }
        if (c.pos != bytes.length) {
            throw c.error(c.offset(), (bytes.length - c.pos) + " bytes after the header map");
        }
        if (version == null) {
            throw c.error(baseOffset, "no \"version\"");
        }
        if (version != VERSION) {
            throw c.error(baseOffset, "version " + version + " is not supported (only CARv" + VERSION
                    + (version == 2 ? "; this is a CARv2 pragma" : "") + ")");
        }
        if (roots == null) {
            throw c.error(baseOffset, "no \"roots\"");
        }
        return new CarHeader(roots);
    }

    private static List<Cid> readRoots(Cursor c) throws CarFormatException {
        long count = c.expect(MAJOR_ARRAY, "an array of roots");
        if (count > MAX_ROOTS) {
            throw c.error(c.offset(), count + " roots exceed the limit of " + MAX_ROOTS);
        }
        List<Cid> roots = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            long at = c.offset();
            long tag = c.expect(MAJOR_TAG, "a tag-42 CID");
            if (tag != TAG_CID) {
                throw c.error(at, "root " + i + " has tag " + tag + ", expected " + TAG_CID);
            }
            byte[] raw = c.bytes();
            if (raw.length < 2 || raw[0] != CID_PREFIX) {
                throw c.error(at, "root " + i + " is not a 0x00-prefixed binary CID");
            }
            try {
                roots.add(Cid.decode(java.util.Arrays.copyOfRange(raw, 1, raw.length)));
            } catch (MultiformatException e) {
                throw c.error(at, "root " + i + " is not a valid CID: " + e.getMessage());
            }
        }
        return roots;
    }

    private static void head(ByteArrayOutputStream out, int major, long value) {
        int m = major << 5;
        if (value < 24) {
            out.write(m | (int) value);
        } else if (value < 0x100) {
            out.write(m | 24);
            out.write((int) value);
        } else if (value < 0x1_0000) {
            out.write(m | 25);
            out.write((int) (value >>> 8));
            out.write((int) value & 0xFF);
        } else if (value < 0x1_0000_0000L) {
            out.write(m | 26);
            for (int s = 24; s >= 0; s -= 8) {
                out.write((int) (value >>> s) & 0xFF);
            }
        } else {
            out.write(m | 27);
            for (int s = 56; s >= 0; s -= 8) {
                out.write((int) (value >>> s) & 0xFF);
            }
        }
    }

    private static void text(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        head(out, MAJOR_TEXT, b.length);
        out.writeBytes(b);
    }

    /** Reads CBOR heads and strings from the header bytes. */
    private static final class Cursor {
        private final byte[] buf;
        private final long base;
        private int pos;

        Cursor(byte[] buf, long base) {
            this.buf = buf;
            this.base = base;
        }

        long offset() {
            return base + pos;
        }

        CarFormatException error(long at, String detail) {
            return new CarFormatException(CarFormatException.HEADER, at, "malformed header: " + detail);
        }

        /** Reads a head of the given major type and returns its argument. */
        long expect(int major, String what) throws CarFormatException {
            long at = offset();
            if (pos >= buf.length) {
                throw error(at, "ends where " + what + " was expected");
            }
            int initial = buf[pos++] & 0xFF;
            if (initial >>> 5 != major) {
                throw error(at, "found CBOR major type " + (initial >>> 5) + " where " + what + " was expected");
            }
            int info = initial & 0x1F;
            if (info < 24) {
                return info;
            }
            int size = switch (info) {
                case 24 -> 1;
                case 25 -> 2;
                case 26 -> 4;
                case 27 -> 8;
                default -> throw error(at, "indefinite or reserved length (additional info " + info
                        + ") is not DAG-CBOR");
            };
            if (buf.length - pos < size) {
                throw error(at, "truncated CBOR head");
            }
            long value = 0;
            for (int i = 0; i < size; i++) {
                value = value << 8 | (buf[pos++] & 0xFF);
            }
            if (value < 0) {
                throw error(at, "CBOR argument does not fit 63 bits");
            }
            return value;
        }

        byte[] bytes() throws CarFormatException {
            return payload(MAJOR_BYTES, "a byte string");
        }

        String text() throws CarFormatException {
            return new String(payload(MAJOR_TEXT, "a text key"), StandardCharsets.UTF_8);
        }

        private byte[] payload(int major, String what) throws CarFormatException {
            long at = offset();
            long length = expect(major, what);
            if (length > buf.length - pos) {
                throw error(at, what + " of " + length + " bytes runs past the header's end");
            }
            byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + (int) length);
            pos += (int) length;
            return out;
        }
    }
}
