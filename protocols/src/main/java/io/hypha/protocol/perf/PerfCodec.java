package io.hypha.protocol.perf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The perf wire format: an 8-byte big-endian header, then raw bytes whose content does not matter. Outgoing
 * payload is sliced from one shared zeroed buffer that is read-only and unreleasable: slices cost no allocation
 * and no reference counting, and are safe to hand to any number of streams at once.
 */
final class PerfCodec {
    /** Zeros for every upload and download; slices of it need no release (they are released as a no-op). */
    private static final ByteBuf ZEROS = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer(new byte[PerfProtocol.MAX_WRITE_CHUNK]).asReadOnly());

    private PerfCodec() {}

    /** The request header for {@code downloadBytes}; ownership moves to the caller. */
    static ByteBuf header(long downloadBytes) {
        return Unpooled.buffer(PerfProtocol.HEADER_BYTES).writeLong(downloadBytes);
    }

    /** The header's value from its {@value PerfProtocol#HEADER_BYTES} bytes; a u64 above 2^63-1 reads as negative. */
    static long decodeHeader(byte[] header) {
        long v = 0;
        for (byte b : header) {
            v = (v << 8) | (b & 0xFF);
        }
        return v;
    }

    /** {@code length} zero bytes ({@code length <= MAX_WRITE_CHUNK}); releasing it is optional. */
    static ByteBuf zeros(int length) {
        return ZEROS.retainedSlice(0, length);
    }
}
