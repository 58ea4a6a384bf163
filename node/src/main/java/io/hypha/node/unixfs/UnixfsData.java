package io.hypha.node.unixfs;

import io.hypha.internal.proto.ProtoException;
import io.hypha.internal.proto.ProtoReader;
import io.hypha.internal.proto.ProtoWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The UnixFS {@code Data} protobuf message carried in a dag-pb node's {@code Data} field
 * (ipfs/specs {@code unixfs.md}, "Data Format"). Absent optional fields are {@code null}.
 *
 * <p>{@link #encode()} writes fields in field-number order and {@code blocksizes} unpacked (one
 * {@code 0x20 varint} per entry), as Kubo/boxo write them; {@link #decode(byte[])} also accepts packed
 * {@code blocksizes}, skips unknown fields (the spec reserves room for extension) and rejects
 * duplicates of singular fields. Both run on core's hand-written {@link ProtoReader} and {@link ProtoWriter}, as
 * dag-pb does, since the node around this message is hand-written anyway.
 *
 * @param type the node type (required)
 * @param data file bytes for RAW/FILE, the target for SYMLINK, the bitfield for HAMT_SHARD; null when absent
 * @param filesize total file size in bytes, for RAW/FILE
 * @param blocksizes the file sizes of the children, in link order, for FILE
 * @param hashType the HAMT hash function's multihash code (0x22, murmur3-x64-64), for HAMT_SHARD
 * @param fanout the HAMT fanout, for HAMT_SHARD
 * @param mode POSIX permission bits as an unsigned 32-bit value; null when absent
 * @param mtime modification time; null when absent
 */
public record UnixfsData(UnixfsType type, byte[] data, Long filesize, List<Long> blocksizes, Long hashType,
                         Long fanout, Integer mode, UnixTime mtime) {

    private static final int TYPE = 1;
    private static final int DATA = 2;
    private static final int FILESIZE = 3;
    private static final int BLOCKSIZES = 4;
    private static final int HASH_TYPE = 5;
    private static final int FANOUT = 6;
    private static final int MODE = 7;
    private static final int MTIME = 8;
    private static final int MTIME_SECONDS = 1;
    private static final int MTIME_FRACTIONAL_NANOSECONDS = 2;

    public UnixfsData {
        Objects.requireNonNull(type, "type");
        data = data == null ? null : data.clone();
        blocksizes = blocksizes == null ? List.of() : List.copyOf(blocksizes);
        for (Long size : blocksizes) {
            if (size < 0) {
                throw new UnixfsException("negative blocksize " + size);
            }
        }
        requireNonNegative(filesize, "filesize");
        requireNonNegative(hashType, "hashType");
        requireNonNegative(fanout, "fanout");
    }

    /** A single-block or multi-block file node: {@code Type=File, Data?, filesize, blocksizes}. */
    public static UnixfsData file(byte[] data, long filesize, List<Long> blocksizes) {
        return new UnixfsData(UnixfsType.FILE, data, filesize, blocksizes, null, null, null, null);
    }

    /** A plain directory node ({@code 08 01}). */
    public static UnixfsData directory() {
        return new UnixfsData(UnixfsType.DIRECTORY, null, null, List.of(), null, null, null, null);
    }

    /** A symbolic link whose {@code Data} is the target path bytes. */
    public static UnixfsData symlink(byte[] target) {
        return new UnixfsData(UnixfsType.SYMLINK, target, null, List.of(), null, null, null, null);
    }

    /** The data field (a copy), or null when absent. */
    @Override
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    /** Encodes in field-number order with unpacked {@code blocksizes}, byte-compatible with Kubo. */
    public byte[] encode() {
        ProtoWriter w = new ProtoWriter(data == null ? 32 + 10 * blocksizes.size() : data.length + 32);
        w.varint(TYPE, type.code());
        if (data != null) {
            w.bytes(DATA, data);
        }
        if (filesize != null) {
            w.varint(FILESIZE, filesize);
        }
        for (long size : blocksizes) {
            w.varint(BLOCKSIZES, size);
        }
        if (hashType != null) {
            w.varint(HASH_TYPE, hashType);
        }
        if (fanout != null) {
            w.varint(FANOUT, fanout);
        }
        if (mode != null) {
            w.varint(MODE, Integer.toUnsignedLong(mode));
        }
        if (mtime != null) {
            ProtoWriter t = new ProtoWriter(16);
            t.varint(MTIME_SECONDS, mtime.seconds());
            if (mtime.fractionalNanoseconds() != null) {
                t.fixed32(MTIME_FRACTIONAL_NANOSECONDS, mtime.fractionalNanoseconds());
            }
            w.message(MTIME, t);
        }
        return w.toByteArray();
    }

    /** Decodes a UnixFS {@code Data} message; throws {@link UnixfsException} naming the problem and its offset. */
    public static UnixfsData decode(byte[] bytes) {
        try {
            return decode(new ProtoReader(bytes, "UnixFS Data", UnixfsData::fieldName));
        } catch (ProtoException e) {
            throw new UnixfsException(e.getMessage(), e);
        }
    }

    private static UnixfsData decode(ProtoReader r) {
        UnixfsType type = null;
        byte[] data = null;
        Long filesize = null;
        List<Long> blocksizes = new ArrayList<>();
        Long hashType = null;
        Long fanout = null;
        Integer mode = null;
        UnixTime mtime = null;
        boolean[] seen = new boolean[MTIME + 1];
        while (r.next()) {
            int at = r.fieldOffset();
            int field = r.field();
            int wire = r.wireType();
            if (field < seen.length && field != BLOCKSIZES) {
                if (seen[field]) {
                    throw new UnixfsException("UnixFS Data: duplicate field " + field + " at byte " + at);
                }
                seen[field] = true;
            }
            switch (field) {
                case TYPE -> {
                    long code = r.varint();
                    if (code < 0 || code > UnixfsType.HAMT_SHARD.code()) {
                        throw new UnixfsException("UnixFS Data: unknown Type " + Long.toUnsignedString(code)
                                + " at byte " + at);
                    }
                    type = UnixfsType.fromCode(code);
                }
                case DATA -> data = r.bytes();
                case FILESIZE -> filesize = r.uint64();
                case BLOCKSIZES -> {
                    if (wire == ProtoWriter.WIRE_VARINT) {
                        blocksizes.add(r.uint64());
                    } else if (wire == ProtoWriter.WIRE_LENGTH_DELIMITED) {
                        r.packedUint64(blocksizes::add);
                    } else {
                        throw new UnixfsException("UnixFS Data: blocksizes at byte " + at + " has wire type " + wire);
                    }
                }
                case HASH_TYPE -> hashType = r.uint64();
                case FANOUT -> fanout = r.uint64();
                case MODE -> mode = r.uint32();
                case MTIME -> mtime = decodeTime(r.message(Integer.MAX_VALUE, "UnixFS Data mtime", UnixfsData::timeFieldName));
                default -> r.skip();
            }
        }
        if (type == null) {
            throw new UnixfsException("UnixFS Data: required field Type is missing");
        }
        return new UnixfsData(type, data, filesize, blocksizes, hashType, fanout, mode, mtime);
    }

    private static UnixTime decodeTime(ProtoReader r) {
        Long seconds = null;
        Integer nanos = null;
        while (r.next()) {
            int at = r.fieldOffset();
            if (r.field() == MTIME_SECONDS) {
                if (seconds != null) {
                    throw new UnixfsException("UnixFS Data: duplicate mtime.Seconds at byte " + at);
                }
                seconds = r.varint();
            } else if (r.field() == MTIME_FRACTIONAL_NANOSECONDS) {
                if (nanos != null) {
                    throw new UnixfsException("UnixFS Data: duplicate mtime.FractionalNanoseconds at byte " + at);
                }
                nanos = r.fixed32();
            } else {
                r.skip();
            }
        }
        if (seconds == null) {
            throw new UnixfsException("UnixFS Data: mtime without its required Seconds field");
        }
        try {
            return new UnixTime(seconds, nanos);
        } catch (UnixfsException e) {
            throw new UnixfsException("UnixFS Data: " + e.getMessage());
        }
    }

    private static String fieldName(int field) {
        return switch (field) {
            case TYPE -> "Type";
            case DATA -> "Data";
            case FILESIZE -> "filesize";
            case BLOCKSIZES -> "blocksizes";
            case HASH_TYPE -> "hashType";
            case FANOUT -> "fanout";
            case MODE -> "mode";
            case MTIME -> "mtime";
            default -> null;
        };
    }

    private static String timeFieldName(int field) {
        return switch (field) {
            case MTIME_SECONDS -> "Seconds";
            case MTIME_FRACTIONAL_NANOSECONDS -> "FractionalNanoseconds";
            default -> null;
        };
    }

    private static void requireNonNegative(Long value, String name) {
        if (value != null && value < 0) {
            throw new UnixfsException(name + " " + value + " is negative");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnixfsData u && type == u.type && Arrays.equals(data, u.data)
                && Objects.equals(filesize, u.filesize) && blocksizes.equals(u.blocksizes)
                && Objects.equals(hashType, u.hashType) && Objects.equals(fanout, u.fanout)
                && Objects.equals(mode, u.mode) && Objects.equals(mtime, u.mtime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, Arrays.hashCode(data), filesize, blocksizes, hashType, fanout, mode, mtime);
    }

    @Override
    public String toString() {
        return "UnixfsData[type=" + type + ", data=" + (data == null ? "absent" : data.length + " bytes")
                + ", filesize=" + filesize + ", blocksizes=" + blocksizes + ", hashType=" + hashType
                + ", fanout=" + fanout + ", mode=" + (mode == null ? null : Integer.toOctalString(mode))
                + ", mtime=" + mtime + "]";
    }
}
