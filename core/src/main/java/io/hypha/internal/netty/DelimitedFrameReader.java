package io.hypha.internal.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.function.LongPredicate;

/**
 * Gathers the bytes of a stream and cuts them into uvarint length-prefixed message bodies, the framing of kad,
 * Bitswap and identify. A length over the limit fails as soon as its prefix is read, so the body is never buffered;
 * more than one whole frame gathered at once (a peer writing ahead of what we consume) fails too. Confined to one
 * event loop. {@link #append} takes ownership of its buffer; {@link #release} frees what is held and must be called
 * when the stream ends.
 *
 * <p>Memory is reserved as the buffer grows, in steps of {@code reservationStep} up to one whole frame, and kept
 * until the stream ends (its scope then returns it): a stream of small messages holds one step, not what a largest
 * message could take. A refused reservation fails the read, so a node at its memory limit resets streams instead of
 * buffering.
 */
public final class DelimitedFrameReader {
    private final ByteBufAllocator alloc;
    private final LongPredicate reserve;
    private final int maxFrameBytes;
    private final int maxPrefixBytes;
    private final int maxBufferedBytes;
    private final int reservationStep;
    private ByteBuf cumulation;
    private long reserved;

    /** A frame that breaks the framing or a limit: the stream that carried it is reset. */
    public static final class FrameException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public FrameException(String message) {
            super(message);
        }
    }

    /**
     * @param reserve asked for more memory before the buffer grows past what it granted so far; false refuses
     * @param maxFrameBytes the longest message body accepted
     * @param reservationStep memory is reserved in steps of this many bytes
     */
    public DelimitedFrameReader(ByteBufAllocator alloc, LongPredicate reserve, int maxFrameBytes, int reservationStep) {
        if (maxFrameBytes < 1 || reservationStep < 1) {
            throw new IllegalArgumentException("maxFrameBytes and reservationStep must be positive");
        }
        this.alloc = alloc;
        this.reserve = reserve;
        this.maxFrameBytes = maxFrameBytes;
        this.maxPrefixBytes = prefixBytes(maxFrameBytes);
        this.maxBufferedBytes = maxFrameBytes + maxPrefixBytes;
        this.reservationStep = reservationStep;
    }

    /** The bytes of the uvarint prefix of a length of {@code max}: the longest prefix a frame may have. */
    public static int prefixBytes(int max) {
        int n = 1;
        for (long v = max; v >= 0x80; v >>>= 7) {
            n++;
        }
        return n;
    }

    /** What may be buffered at most: one whole frame with its prefix. */
    public int maxBufferedBytes() {
        return maxBufferedBytes;
    }

    /**
     * Adds {@code in} (ownership moves here: it is released or kept).
     *
     * @throws FrameException when more than one whole frame would be held, or the memory for it is refused
     */
    public void append(ByteBuf in) {
        if (cumulation == null) {
            cumulation = in;
        } else {
            cumulation = ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
        }
        if (cumulation.readableBytes() > maxBufferedBytes) {
            throw new FrameException("peer sent " + cumulation.readableBytes() + " bytes ahead of what we consumed");
        }
        int held = cumulation.readableBytes();
        if (held > reserved) {
            long steps = (held + reservationStep - 1L) / reservationStep;
            long target = Math.min(maxBufferedBytes, steps * reservationStep);
            if (!reserve.test(target - reserved)) {
                throw new FrameException("no memory to buffer " + held + " bytes");
            }
            reserved = target;
        }
    }

    /**
     * The next whole message body, or null when it has not fully arrived.
     *
     * @throws FrameException when the length prefix is malformed or over the limit
     */
    public byte[] next() {
        long prefix = prefix();
        if (prefix < 0) {
            return null; // the prefix is not complete yet
        }
        int pos = cumulation.readerIndex() + prefixLength(prefix);
        int length = bodyLength(prefix);
        if (cumulation.writerIndex() - pos < length) {
            return null;
        }
        byte[] body = new byte[length];
        cumulation.getBytes(pos, body);
        cumulation.readerIndex(pos + length);
        if (!cumulation.isReadable()) {
            cumulation.release();
            cumulation = null;
        } else {
            cumulation.discardSomeReadBytes();
        }
        return body;
    }

    /**
     * How many more bytes to append, at most, before the next frame can be taken: the rest of the frame whose prefix
     * is known, or enough for the longest prefix while it is not; 0 when a whole frame is already held. A reader fed
     * no more than this at a time never holds more than one frame, however the stream's bytes were cut.
     *
     * @throws FrameException when the length prefix is malformed or over the limit
     */
    public int bytesWanted() {
        long prefix = prefix();
        if (prefix < 0) {
            return maxPrefixBytes - (cumulation == null ? 0 : cumulation.readableBytes());
        }
        return (int) Math.max(0, prefixLength(prefix) + (long) bodyLength(prefix) - cumulation.readableBytes());
    }

    /**
     * The length prefix at the reader index: its byte count in the high 32 bits and the body's length in the low,
     * or -1 while it is incomplete.
     *
     * @throws FrameException when the prefix is longer than a length within the limit takes, or the length over it
     */
    private long prefix() {
        if (cumulation == null) {
            return -1;
        }
        int start = cumulation.readerIndex();
        int end = cumulation.writerIndex();
        int pos = start;
        long length = 0;
        for (int shift = 0; ; shift += 7) {
            if (pos >= end) {
                return -1;
            }
            if (pos - start >= maxPrefixBytes) {
                throw new FrameException("length prefix longer than " + maxPrefixBytes + " bytes");
            }
            byte b = cumulation.getByte(pos++);
            length |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
        }
        if (length > maxFrameBytes) {
            throw new FrameException("message of " + length + " bytes exceeds " + maxFrameBytes);
        }
        return ((long) (pos - start) << 32) | length;
    }

    private static int prefixLength(long prefix) {
        return (int) (prefix >>> 32);
    }

    private static int bodyLength(long prefix) {
        return (int) prefix;
    }

    /** Memory reserved so far. */
    public long reserved() {
        return reserved;
    }

    /** Bytes held that are not yet part of a returned message. */
    public int buffered() {
        return cumulation == null ? 0 : cumulation.readableBytes();
    }

    public void release() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}
