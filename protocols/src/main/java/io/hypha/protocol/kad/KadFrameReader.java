package io.hypha.protocol.kad;

import io.hypha.internal.netty.DelimitedFrameReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.LongPredicate;

/**
 * Cuts a kad stream into uvarint length-prefixed message bodies (spec, "RPC messages") of at most
 * {@link KadProtocol#MAX_MESSAGE_SIZE}, with the limits and memory accounting of {@link DelimitedFrameReader}; its
 * failures surface as {@link KadException}. Confined to one event loop. {@link #append} takes ownership of its
 * buffer; {@link #release} frees what is held and must be called when the stream ends.
 */
final class KadFrameReader {
    /** The uvarint prefix of a length of at most {@link KadProtocol#MAX_MESSAGE_SIZE} takes at most 3 bytes. */
    static final int MAX_LENGTH_PREFIX_BYTES = DelimitedFrameReader.prefixBytes(KadProtocol.MAX_MESSAGE_SIZE);
    /** What may be buffered: one whole frame, and so the most reserved in the stream's memory scope. */
    static final int MAX_BUFFERED_BYTES = KadProtocol.MAX_MESSAGE_SIZE + MAX_LENGTH_PREFIX_BYTES;

    /** Memory is reserved in steps of this much (a request is a few hundred bytes, an IPNS record up to 10 KiB). */
    static final int RESERVATION_STEP = 16 * 1024;

    private final DelimitedFrameReader frames;

    /**
     * @param reserve asked for more memory before the buffer grows past what it granted so far; false refuses
     */
    KadFrameReader(ByteBufAllocator alloc, LongPredicate reserve) {
        this.frames = new DelimitedFrameReader(alloc, reserve, KadProtocol.MAX_MESSAGE_SIZE, RESERVATION_STEP);
    }

    /**
     * Adds {@code in} (ownership moves here: it is released or kept).
     *
     * @throws KadException when more than {@link #MAX_BUFFERED_BYTES} would be held, or the memory for it is refused
     */
    void append(ByteBuf in) {
        try {
            frames.append(in);
        } catch (DelimitedFrameReader.FrameException e) {
            throw new KadException(e.getMessage());
        }
    }

    /**
     * The next whole message body, or null when it has not fully arrived.
     *
     * @throws KadException when the length prefix is malformed or over the limit
     */
    byte[] next() {
        try {
            return frames.next();
        } catch (DelimitedFrameReader.FrameException e) {
            throw new KadException(e.getMessage());
        }
    }

    /** Memory reserved so far. */
    long reserved() {
        return frames.reserved();
    }

    /** Bytes held that are not yet part of a returned message. */
    int buffered() {
        return frames.buffered();
    }

    void release() {
        frames.release();
    }
}
