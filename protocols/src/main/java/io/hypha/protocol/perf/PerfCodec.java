package io.hypha.protocol.perf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The perf wire format: an 8-byte big-endian header, then raw bytes whose content does not matter. Outgoing
 * payload is sliced from one shared zeroed buffer that is unreleasable: slices cost no allocation and no
 * reference counting (no contended atomic between event loops), and any number of streams may send it at once.
 *
 * <p>The buffer is deliberately not wrapped read-only: a read-only heap buffer is not array-backed, so the JDK's
 * ChaCha20-Poly1305 (Noise) copies it before encrypting; PerfBenchmark measured about 550 MB/s with a
 * read-only buffer against about 1.1 GB/s without, on two cores. Nothing downstream writes into it (yamux and
 * Noise only read), and it is private to this class.
 */
final class PerfCodec {
    /** Zeros for every upload and download; slices of it need no release (they are released as a no-op). */
    private static final ByteBuf ZEROS = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer(new byte[PerfProtocol.MAX_WRITE_CHUNK]));

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
