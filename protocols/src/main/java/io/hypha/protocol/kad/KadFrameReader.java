package io.hypha.protocol.kad;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.function.LongPredicate;

/**
 * Gathers the bytes of a kad stream and cuts them into uvarint length-prefixed message bodies (spec, "RPC
 * messages"). A length over {@link KadProtocol#MAX_MESSAGE_SIZE} fails as soon as its prefix is read, so the body
 * is never buffered; more than {@link #MAX_BUFFERED_BYTES} gathered at once (a peer writing ahead of our answers)
 * fails too. Confined to one event loop. {@link #append} takes ownership of its buffer; {@link #release} frees
 * what is held and must be called when the stream ends.
 *
 * <p>Memory is reserved as the buffer grows, in steps of {@link #RESERVATION_STEP} up to
 * {@link #MAX_BUFFERED_BYTES}, and kept until the stream ends (its scope then returns it): a stream of small
 * requests, nearly all of them, holds one step, not the 1 MiB a largest message could take. A refused reservation
 * fails the read, so a node at its memory limit resets streams instead of buffering.
 */
final class KadFrameReader {
    /** The uvarint prefix of a length of at most {@link KadProtocol#MAX_MESSAGE_SIZE} takes at most 3 bytes. */
    static final int MAX_LENGTH_PREFIX_BYTES = 3;
    /** What may be buffered: one whole frame, and so the most reserved in the stream's memory scope. */
    static final int MAX_BUFFERED_BYTES = KadProtocol.MAX_MESSAGE_SIZE + MAX_LENGTH_PREFIX_BYTES;

    /** Memory is reserved in steps of this much (a request is a few hundred bytes, an IPNS record up to 10 KiB). */
    static final int RESERVATION_STEP = 16 * 1024;

    private final ByteBufAllocator alloc;
    private final LongPredicate reserve;
    private ByteBuf cumulation;
    private long reserved;

    /**
     * @param reserve asked for more memory before the buffer grows past what it granted so far; false refuses
     */
    KadFrameReader(ByteBufAllocator alloc, LongPredicate reserve) {
        this.alloc = alloc;
        this.reserve = reserve;
    }

    /**
     * Adds {@code in} (ownership moves here: it is released or kept).
     *
     * @throws KadException when more than {@link #MAX_BUFFERED_BYTES} would be held, or the memory for it is refused
     */
    void append(ByteBuf in) {
        if (cumulation == null) {
            cumulation = in;
        } else {
            cumulation = ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
        }
        if (cumulation.readableBytes() > MAX_BUFFERED_BYTES) {
            throw new KadException("peer sent " + cumulation.readableBytes() + " bytes ahead of our answers");
        }
        int held = cumulation.readableBytes();
        if (held > reserved) {
            long steps = (held + RESERVATION_STEP - 1L) / RESERVATION_STEP;
            long target = Math.min(MAX_BUFFERED_BYTES, steps * RESERVATION_STEP);
            if (!reserve.test(target - reserved)) {
                throw new KadException("no memory to buffer " + held + " bytes");
            }
            reserved = target;
        }
    }

    /**
     * The next whole message body, or null when it has not fully arrived.
     *
     * @throws KadException when the length prefix is malformed or over the limit
     */
    byte[] next() {
        if (cumulation == null) {
            return null;
        }
        int start = cumulation.readerIndex();
        int end = cumulation.writerIndex();
        int pos = start;
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            if (pos >= end) {
                return null; // the prefix is not complete yet
            }
            if (pos - start >= MAX_LENGTH_PREFIX_BYTES) {
                throw new KadException("length prefix longer than " + MAX_LENGTH_PREFIX_BYTES + " bytes");
            }
            byte b = cumulation.getByte(pos++);
            length |= (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
        }
        if (length > KadProtocol.MAX_MESSAGE_SIZE) {
            throw new KadException("message of " + length + " bytes exceeds " + KadProtocol.MAX_MESSAGE_SIZE);
        }
        if (end - pos < length) {
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

    /** Memory reserved so far. */
    long reserved() {
        return reserved;
    }

    /** Bytes held that are not yet part of a returned message. */
    int buffered() {
        return cumulation == null ? 0 : cumulation.readableBytes();
    }

    void release() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}
