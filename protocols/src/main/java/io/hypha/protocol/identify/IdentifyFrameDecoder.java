package io.hypha.protocol.identify;

import static io.hypha.protocol.identify.IdentifyProtocol.MAX_LENGTH_PREFIX_BYTES;
import static io.hypha.protocol.identify.IdentifyProtocol.MAX_MESSAGES;
import static io.hypha.protocol.identify.IdentifyProtocol.MAX_MESSAGE_SIZE;

import io.hypha.internal.proto.ProtoException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits an identify stream into uvarint-delimited messages and decodes each into an {@link IdentifyMessage}.
 * A length over {@link IdentifyProtocol#MAX_MESSAGE_SIZE} fails as soon as its prefix is read (the body is never
 * buffered), as does an eleventh message; the stream ending inside a message fails too. Failures are
 * {@link IdentifyException}s (wrapped in a {@code DecoderException} by Netty). Inbound {@code ByteBuf}s are
 * consumed; nothing is emitted until a whole message has arrived.
 */
final class IdentifyFrameDecoder extends ByteToMessageDecoder {
    private int messages;
    /** Set after the first failure: everything after it is discarded, so the failure is reported once. */
    private boolean failed;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws IdentifyException {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeOne(in, out);
        } catch (IdentifyException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private void decodeOne(ByteBuf in, List<Object> out) throws IdentifyException {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int pos = start;
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            if (pos >= end) {
                return; // the prefix is not complete yet
            }
            if (pos - start >= MAX_LENGTH_PREFIX_BYTES) {
                throw new IdentifyException(IdentifyException.Reason.TOO_LARGE,
                        "identify message length prefix longer than " + MAX_LENGTH_PREFIX_BYTES + " bytes");
            }
            byte b = in.getByte(pos++);
            length |= (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
        }
        if (length > MAX_MESSAGE_SIZE) {
            throw new IdentifyException(IdentifyException.Reason.TOO_LARGE,
                    "identify message of " + length + " bytes exceeds " + MAX_MESSAGE_SIZE);
        }
        if (end - pos < length) {
            return;
        }
        if (++messages > MAX_MESSAGES) {
            throw new IdentifyException(IdentifyException.Reason.TOO_LARGE,
                    "more than " + MAX_MESSAGES + " identify messages on one stream");
        }
        byte[] body = new byte[length];
        in.getBytes(pos, body);
        in.readerIndex(pos + length);
        try {
            out.add(IdentifyCodec.decode(body));
        } catch (ProtoException e) {
            throw new IdentifyException(IdentifyException.Reason.MALFORMED, e.getMessage(), e);
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws IdentifyException {
        decode(ctx, in, out);
        if (in.isReadable() && !failed) {
            failed = true;
            int left = in.readableBytes();
            in.skipBytes(left);
            throw new IdentifyException(IdentifyException.Reason.MALFORMED,
                    "identify stream ended inside a message (" + left + " bytes left over)");
        }
    }
}
