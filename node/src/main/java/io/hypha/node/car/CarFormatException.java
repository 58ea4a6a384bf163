package io.hypha.node.car;

import java.io.IOException;

/**
 * A CAR stream is damaged, truncated, over a size limit, or holds a block that does not match its CID.
 * The message says where: {@code "CAR section 3 at byte offset 1234: ..."} (sections are the blocks after
 * the header, numbered from 0) or {@code "CAR header at byte offset 0: ..."}.
 */
public class CarFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The {@link #section()} value for an error in the header. */
    public static final int HEADER = -1;

    private final int section;
    private final long offset;

    public CarFormatException(int section, long offset, String detail) {
        this(section, offset, detail, null);
    }

    public CarFormatException(int section, long offset, String detail, Throwable cause) {
        super((section == HEADER ? "CAR header" : "CAR section " + section) + " at byte offset " + offset + ": "
                + detail, cause);
        this.section = section;
        this.offset = offset;
    }

    /** The section index (from 0), or {@link #HEADER}. */
    public int section() {
        return section;
    }

    /** Byte offset in the stream where the damaged header or section starts. */
    public long offset() {
        return offset;
    }
}
