package io.hypha.security.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.PromiseCombiner;
import java.util.Objects;

/**
 * Outbound half of the Noise transport (libp2p noise/README.md, "Wire Format"): seals every written
 * {@link ByteBuf} into {@code u16 BE length ‖ ciphertext} frames of at most
 * {@value NoiseProtocol#MAX_PLAINTEXT_LENGTH} plaintext bytes each.
 *
 * <p>Each frame is encrypted straight from the written buffer into a fresh outbound (direct, pooled) buffer: no
 * intermediate copy. The write's promise completes when every frame of it has been written.
 *
 * <p>Ownership: the written {@link ByteBuf} is consumed (always released); the frames are handed to the next
 * outbound handler. Anything that is not a {@link ByteBuf} is refused (its promise fails and it is released), since
 * passing it on would put plaintext on the wire. If the send counter is exhausted the write fails and the channel
 * is closed.
 */
public final class NoiseTransportEncoder extends ChannelOutboundHandlerAdapter {
    private static final int FRAME_OVERHEAD = NoiseProtocol.LENGTH_PREFIX_BYTES + NoiseProtocol.TAG_LENGTH;

    private final CipherState cipher;

    /** @param cipher the CipherState to encrypt with; this encoder becomes its only user */
    public NoiseTransportEncoder(CipherState cipher) {
        this.cipher = Objects.requireNonNull(cipher, "cipher");
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf data)) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IllegalArgumentException("the Noise transport only encrypts ByteBuf, not "
                    + msg.getClass().getName()));
            return;
        }
        try {
            int readable = data.readableBytes();
            if (readable == 0) {
                ctx.write(Unpooled.EMPTY_BUFFER, promise);
                return;
            }
            if (readable <= NoiseProtocol.MAX_PLAINTEXT_LENGTH) {
                ctx.write(seal(ctx, data, readable), promise);
                return;
            }
            PromiseCombiner combiner = new PromiseCombiner(ctx.executor());
            while (data.isReadable()) {
                ByteBuf frame = seal(ctx, data, Math.min(data.readableBytes(), NoiseProtocol.MAX_PLAINTEXT_LENGTH));
                combiner.add(ctx.write(frame));
            }
            combiner.finish(promise);
        } catch (NoiseException e) {
            promise.tryFailure(e);
            ctx.fireExceptionCaught(e);
            ctx.close();
        } finally {
            data.release();
        }
    }

    /** Seals the next {@code length} readable bytes of {@code data} into a new frame, advancing its reader index. */
    private ByteBuf seal(ChannelHandlerContext ctx, ByteBuf data, int length) throws NoiseException {
        int sealed = length + NoiseProtocol.TAG_LENGTH;
        ByteBuf frame = ctx.alloc().ioBuffer(length + FRAME_OVERHEAD);
        try {
            frame.writeShort(sealed);
            cipher.encrypt(NoiseTransportDecoder.nioView(data, data.readerIndex(), length),
                    frame.internalNioBuffer(frame.writerIndex(), sealed));
            frame.writerIndex(frame.writerIndex() + sealed);
            data.skipBytes(length);
            return frame;
        } catch (NoiseException | RuntimeException e) {
            frame.release();
            throw e;
        }
    }
}
