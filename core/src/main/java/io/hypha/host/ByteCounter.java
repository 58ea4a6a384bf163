package io.hypha.host;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * First on every connection's pipeline: adds the raw socket bytes read and written to the host's
 * {@link Bandwidth}. It only reads {@code readableBytes()}; buffers pass on untouched (ownership does not move).
 */
@ChannelHandler.Sharable
final class ByteCounter extends ChannelDuplexHandler {
    private final Bandwidth bandwidth;

    ByteCounter(Bandwidth bandwidth) {
        this.bandwidth = bandwidth;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) {
            bandwidth.read(b.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf b) {
            bandwidth.written(b.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
