package io.hypha.node.unixfs;

/** The UnixFS {@code Data.DataType} enum (ipfs/specs {@code unixfs.md}, "Data Format"), each with its wire code. */
public enum UnixfsType {
    RAW(0),
    DIRECTORY(1),
    FILE(2),
    METADATA(3),
    SYMLINK(4),
    HAMT_SHARD(5);

    private static final UnixfsType[] BY_CODE = values();

    private final int code;

    UnixfsType(int code) {
        this.code = code;
    }

    /** The value written on the wire. */
    public int code() {
        return code;
    }

    /** The type with this wire code; throws {@link UnixfsException} for an unknown one. */
    public static UnixfsType fromCode(long code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new UnixfsException("unknown UnixFS data type " + code);
        }
        return BY_CODE[(int) code];
    }
}
