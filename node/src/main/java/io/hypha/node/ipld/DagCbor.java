package io.hypha.node.ipld;

import io.hypha.multiformats.Cid;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DAG-CBOR codec (ipld/specs {@code block-layer/codecs/dag-cbor.md}), canonical in both directions.
 *
 * <p>Encoding: integers and lengths in their shortest form, map keys sorted by length and then bytewise, links as
 * tag 42 over the CID's bytes with a 0x00 prefix, floats always 64-bit, definite lengths only.
 *
 * <p>Decoding is strict ("Strictness" in the spec): it refuses what the encoder would not write, so that decoding
 * then encoding gives the same bytes, and so the same CID: non-shortest heads, indefinite lengths, keys that are
 * not strings or not in canonical order or repeated, tags other than 42, half and single precision floats, NaN and
 * the infinities, {@code undefined} and other simple values, invalid UTF-8 and bytes after the top-level item.
 * Nesting, value count and size are bounded by {@link IpldLimits}.
 */
public final class DagCbor {
    private static final int TAG_CID = 42;
    /** Canonical key order: shorter encodings first, then bytewise (RFC 7049 section 3.9). */
    static final Comparator<byte[]> KEY_ORDER = Comparator.<byte[]>comparingInt(k -> k.length).thenComparing(Arrays::compareUnsigned);

    private DagCbor() {}

    /** Decodes one block strictly. */
    public static Ipld decode(byte[] block) {
        if (block.length > IpldLimits.MAX_BLOCK_BYTES) {
            throw new IpldCodecException("dag-cbor: block of " + block.length + " bytes exceeds the limit of "
                    + IpldLimits.MAX_BLOCK_BYTES);
        }
        Decoder d = new Decoder(block);
        Ipld value = d.item(0);
        if (d.pos != block.length) {
            throw d.error(d.pos, (block.length - d.pos) + " bytes after the top-level item");
        }
        return value;
    }

    /** Encodes {@code value} canonically. */
    public static byte[] encode(Ipld value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value, 0);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Ipld value, int depth) {
        if (depth > IpldLimits.MAX_DEPTH) {
            throw new IpldCodecException("dag-cbor: nesting deeper than " + IpldLimits.MAX_DEPTH);
        }
        switch (value) {
            case Ipld.MapNode m -> {
                List<Map.Entry<byte[], Ipld>> entries = new ArrayList<>();
                for (Map.Entry<String, Ipld> e : m.entries().entrySet()) {
                    entries.add(Map.entry(e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue()));
                }
                entries.sort(Map.Entry.comparingByKey(KEY_ORDER));
                head(out, 5, entries.size());
                for (Map.Entry<byte[], Ipld> e : entries) {
                    head(out, 3, e.getKey().length);
                    out.writeBytes(e.getKey());
                    write(out, e.getValue(), depth + 1);
                }
            }
            case Ipld.ListNode l -> {
                head(out, 4, l.items().size());
                for (Ipld item : l.items()) {
                    write(out, item, depth + 1);
                }
            }
            case Ipld.StringNode s -> {
                byte[] b = s.value().getBytes(StandardCharsets.UTF_8);
                head(out, 3, b.length);
                out.writeBytes(b);
            }
            case Ipld.BytesNode b -> {
                head(out, 2, b.length());
                out.writeBytes(b.value());
            }
            case Ipld.IntNode i -> {
                BigInteger v = i.value();
                if (v.signum() >= 0) {
                    head(out, 0, v.longValue()); // unsigned 64 bits: longValue keeps the bits
                } else {
                    head(out, 1, v.negate().subtract(BigInteger.ONE).longValue());
                }
            }
            case Ipld.FloatNode f -> {
                out.write(0xFB);
                out.writeBytes(ByteBuffer.allocate(8).putDouble(f.value()).array());
            }
            case Ipld.BoolNode b -> out.write(b.value() ? 0xF5 : 0xF4);
            case Ipld.NullNode n -> out.write(0xF6);
            case Ipld.LinkNode l -> {
                head(out, 6, TAG_CID);
                byte[] cid = l.cid().bytes();
                head(out, 2, cid.length + 1);
                out.write(0);
                out.writeBytes(cid);
            }
        }
    }

    /** Writes a head with {@code arg} read as an unsigned 64-bit number, in its shortest form. */
    private static void head(ByteArrayOutputStream out, int major, long arg) {
        int m = major << 5;
        if (Long.compareUnsigned(arg, 24) < 0) {
            out.write(m | (int) arg);
        } else if (Long.compareUnsigned(arg, 0x100) < 0) {
            out.write(m | 24);
            out.write((int) arg);
        } else if (Long.compareUnsigned(arg, 0x10000) < 0) {
            out.write(m | 25);
            out.writeBytes(ByteBuffer.allocate(2).putShort((short) arg).array());
        } else if (Long.compareUnsigned(arg, 0x1_0000_0000L) < 0) {
            out.write(m | 26);
            out.writeBytes(ByteBuffer.allocate(4).putInt((int) arg).array());
        } else {
            out.write(m | 27);
            out.writeBytes(ByteBuffer.allocate(8).putLong(arg).array());
        }
    }

    /** One decoding: a cursor, the values made so far and the nesting depth. */
    private static final class Decoder {
        private final byte[] b;
        private int pos;
        private int values;

        Decoder(byte[] b) {
            this.b = b;
        }

        Ipld item(int depth) {
            if (depth > IpldLimits.MAX_DEPTH) {
                throw error(pos, "nesting deeper than " + IpldLimits.MAX_DEPTH);
            }
            if (++values > IpldLimits.MAX_VALUES) {
                throw error(pos, "more than " + IpldLimits.MAX_VALUES + " values");
            }
            int at = pos;
            if (at >= b.length) {
                throw error(at, "truncated");
            }
            int major = (b[at] & 0xFF) >>> 5;
            if (major == 7) {
                return simple(at);
            }
            long arg = head(at);
            return switch (major) {
                case 0 -> new Ipld.IntNode(unsigned(arg));
                case 1 -> new Ipld.IntNode(unsigned(arg).add(BigInteger.ONE).negate());
                case 2 -> new Ipld.BytesNode(take(at, arg));
                case 3 -> new Ipld.StringNode(utf8(at, take(at, arg)));
                case 4 -> {
                    int n = count(at, arg, 1);
                    List<Ipld> items = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        items.add(item(depth + 1));
                    }
                    yield new Ipld.ListNode(items);
                }
                case 5 -> map(at, count(at, arg, 2), depth);
                case 6 -> link(at, arg);
                default -> throw new AssertionError(major);
            };
        }

        private Ipld map(int at, int n, int depth) {
            Map<String, Ipld> entries = new LinkedHashMap<>(Math.min(n, 1024) * 2);
            byte[] previous = null;
            for (int i = 0; i < n; i++) {
                int keyAt = pos;
                if (keyAt >= b.length || (b[keyAt] & 0xFF) >>> 5 != 3) {
                    throw error(keyAt, "map key is not a string");
                }
                byte[] key = take(keyAt, head(keyAt));
                if (previous != null) {
                    int order = KEY_ORDER.compare(previous, key);
                    if (order == 0) {
                        throw error(keyAt, "duplicate map key \"" + utf8(keyAt, key) + "\"");
                    }
                    if (order > 0) {
                        throw error(keyAt, "map key \"" + utf8(keyAt, key) + "\" is out of canonical order");
                    }
                }
                previous = key;
                entries.put(utf8(keyAt, key), item(depth + 1));
            }
            return new Ipld.MapNode(entries);
        }

        private Ipld link(int at, long tag) {
            if (tag != TAG_CID) {
                throw error(at, "tag " + Long.toUnsignedString(tag) + " (only tag 42, a CID, is allowed)");
            }
            int bytesAt = pos;
            if (bytesAt >= b.length || (b[bytesAt] & 0xFF) >>> 5 != 2) {
                throw error(bytesAt, "tag 42 is not followed by a byte string");
            }
            byte[] raw = take(bytesAt, head(bytesAt));
            if (raw.length < 2 || raw[0] != 0) {
                throw error(bytesAt, "tag 42 does not hold a 0x00-prefixed CID");
            }
            try {
                return new Ipld.LinkNode(Cid.decode(Arrays.copyOfRange(raw, 1, raw.length)));
            } catch (IllegalArgumentException e) {
                throw error(bytesAt, "invalid CID: " + e.getMessage());
            }
        }

        private Ipld simple(int at) {
            int initial = b[pos++] & 0xFF;
            return switch (initial & 0x1F) {
                case 20 -> new Ipld.BoolNode(false);
                case 21 -> new Ipld.BoolNode(true);
                case 22 -> new Ipld.NullNode();
                case 27 -> {
                    if (b.length - pos < 8) {
                        throw error(at, "truncated float");
                    }
                    double v = ByteBuffer.wrap(b, pos, 8).getDouble();
                    pos += 8;
                    if (!Double.isFinite(v)) {
                        throw error(at, "float " + v + " (NaN and the infinities are not allowed)");
                    }
                    yield new Ipld.FloatNode(v);
                }
                case 25, 26 -> throw error(at, "16 or 32-bit float (DAG-CBOR floats are always 64-bit)");
                default -> throw error(at, "simple value 0x" + Integer.toHexString(initial)
                        + " (only false, true, null and 64-bit floats are allowed)");
            };
        }

        /** Reads a head's argument, refusing indefinite, reserved and non-shortest forms. */
        private long head(int at) {
            int info = b[pos++] & 0x1F;
            if (info < 24) {
                return info;
            }
            int size = switch (info) {
                case 24 -> 1;
                case 25 -> 2;
                case 26 -> 4;
                case 27 -> 8;
                default -> throw error(at, "indefinite or reserved length (additional info " + info + ")");
            };
            if (b.length - pos < size) {
                throw error(at, "truncated head");
            }
            long value = 0;
            for (int i = 0; i < size; i++) {
                value = value << 8 | (b[pos++] & 0xFF);
            }
            long smallest = switch (size) {
                case 1 -> 24;
                case 2 -> 0x100;
                case 4 -> 0x10000;
                default -> 0x1_0000_0000L;
            };
            if (Long.compareUnsigned(value, smallest) < 0) {
                throw error(at, "non-canonical head: " + value + " written in " + size + " bytes");
            }
            return value;
        }

        private int count(int at, long items, int bytesPerItem) {
            long left = b.length - pos;
            if (items < 0 || items > left / bytesPerItem) {
                throw error(at, Long.toUnsignedString(items) + " items cannot fit in the " + left + " bytes left");
            }
            return (int) items;
        }

        private byte[] take(int at, long length) {
            if (length < 0 || length > b.length - pos) {
                throw error(at, "string of " + Long.toUnsignedString(length) + " bytes runs past the end");
            }
            byte[] out = Arrays.copyOfRange(b, pos, pos + (int) length);
            pos += (int) length;
            return out;
        }

        private String utf8(int at, byte[] bytes) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw error(at, "string is not valid UTF-8");
            }
        }

        private static BigInteger unsigned(long v) {
            return v >= 0 ? BigInteger.valueOf(v) : BigInteger.valueOf(v).add(BigInteger.ONE.shiftLeft(64));
        }

        IpldCodecException error(int at, String detail) {
            return new IpldCodecException("dag-cbor: at byte " + at + ": " + detail);
        }
    }
}
