package io.hypha.node.unixfs;

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
 * duplicates of singular fields.
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
        ProtobufWriter w = new ProtobufWriter();
        w.varintField(TYPE, type.code());
        if (data != null) {
            w.bytesField(DATA, data);
        }
        if (filesize != null) {
            w.varintField(FILESIZE, filesize);
        }
        for (long size : blocksizes) {
            w.varintField(BLOCKSIZES, size);
        }
        if (hashType != null) {
            w.varintField(HASH_TYPE, hashType);
        }
        if (fanout != null) {
            w.varintField(FANOUT, fanout);
        }
        if (mode != null) {
            w.varintField(MODE, Integer.toUnsignedLong(mode));
        }
        if (mtime != null) {
            ProtobufWriter t = new ProtobufWriter();
            t.varintField(MTIME_SECONDS, mtime.seconds());
            if (mtime.fractionalNanoseconds() != null) {
                t.fixed32Field(MTIME_FRACTIONAL_NANOSECONDS, mtime.fractionalNanoseconds());
            }
            w.bytesField(MTIME, t.toByteArray());
        }
        return w.toByteArray();
    }

    /** Decodes a UnixFS {@code Data} message; throws {@link UnixfsException} naming the problem and its offset. */
    public static UnixfsData decode(byte[] bytes) {
        ProtobufReader r = new ProtobufReader(bytes, 0, bytes.length, m -> new UnixfsException("UnixFS Data: " + m));
        UnixfsType type = null;
        byte[] data = null;
        Long filesize = null;
        List<Long> blocksizes = new ArrayList<>();
        Long hashType = null;
        Long fanout = null;
        Integer mode = null;
        UnixTime mtime = null;
        boolean[] seen = new boolean[MTIME + 1];
        while (r.hasMore()) {
            int at = r.position();
            int tag = r.readTag();
            int field = tag >>> 3;
            int wire = tag & 7;
            if (field < seen.length && field != BLOCKSIZES) {
                if (seen[field]) {
                    throw r.error("duplicate field " + field + " at byte " + at);
                }
                seen[field] = true;
            }
            switch (field) {
                case TYPE -> {
                    expectWire(r, wire, ProtobufReader.VARINT, "Type", at);
                    long code = r.readRawVarint();
                    if (code < 0 || code > UnixfsType.HAMT_SHARD.code()) {
                        throw r.error("unknown Type " + Long.toUnsignedString(code) + " at byte " + at);
                    }
                    type = UnixfsType.fromCode(code);
                }
                case DATA -> {
                    expectWire(r, wire, ProtobufReader.LENGTH_DELIMITED, "Data", at);
                    data = r.readBytes("Data");
                }
                case FILESIZE -> {
                    expectWire(r, wire, ProtobufReader.VARINT, "filesize", at);
                    filesize = r.readUint64("filesize");
                }
                case BLOCKSIZES -> {
                    if (wire == ProtobufReader.VARINT) {
                        blocksizes.add(r.readUint64("blocksizes"));
                    } else if (wire == ProtobufReader.LENGTH_DELIMITED) {
                        ProtobufReader packed = r.readMessage("packed blocksizes");
                        while (packed.hasMore()) {
                            blocksizes.add(packed.readUint64("blocksizes"));
                        }
                    } else {
                        throw r.error("blocksizes at byte " + at + " has wire type " + wire);
                    }
                }
                case HASH_TYPE -> {
                    expectWire(r, wire, ProtobufReader.VARINT, "hashType", at);
                    hashType = r.readUint64("hashType");
                }
                case FANOUT -> {
                    expectWire(r, wire, ProtobufReader.VARINT, "fanout", at);
                    fanout = r.readUint64("fanout");
                }
                case MODE -> {
                    expectWire(r, wire, ProtobufReader.VARINT, "mode", at);
                    mode = r.readUint32("mode");
                }
                case MTIME -> {
                    expectWire(r, wire, ProtobufReader.LENGTH_DELIMITED, "mtime", at);
                    mtime = decodeTime(r.readMessage("mtime"));
                }
                default -> r.skip(wire, field);
            }
        }
        if (type == null) {
            throw new UnixfsException("UnixFS Data: required field Type is missing");
        }
        return new UnixfsData(type, data, filesize, blocksizes, hashType, fanout, mode, mtime);
    }

    private static UnixTime decodeTime(ProtobufReader r) {
        Long seconds = null;
        Integer nanos = null;
        while (r.hasMore()) {
            int at = r.position();
            int tag = r.readTag();
            int field = tag >>> 3;
            int wire = tag & 7;
            if (field == MTIME_SECONDS) {
                expectWire(r, wire, ProtobufReader.VARINT, "mtime.Seconds", at);
                if (seconds != null) {
                    throw r.error("duplicate mtime.Seconds at byte " + at);
                }
                seconds = r.readRawVarint();
            } else if (field == MTIME_FRACTIONAL_NANOSECONDS) {
                expectWire(r, wire, ProtobufReader.FIXED32, "mtime.FractionalNanoseconds", at);
                if (nanos != null) {
                    throw r.error("duplicate mtime.FractionalNanoseconds at byte " + at);
                }
                nanos = r.readFixed32("mtime.FractionalNanoseconds");
            } else {
                r.skip(wire, field);
            }
        }
        if (seconds == null) {
            throw r.error("mtime without its required Seconds field");
        }
        try {
            return new UnixTime(seconds, nanos);
        } catch (UnixfsException e) {
            throw r.error(e.getMessage());
        }
    }

    private static void expectWire(ProtobufReader r, int wire, int expected, String field, int at) {
        if (wire != expected) {
            throw r.error(field + " at byte " + at + " has wire type " + wire + ", expected " + expected);
        }
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
