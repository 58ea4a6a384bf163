package io.hypha.testing;

import io.hypha.host.ProtocolHandler;
import io.hypha.host.ProtocolId;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;

/**
 * Test protocol: echoes every byte and half-closes when the peer does. It honours back-pressure as protocol
 * code must: while the stream is unwritable (the peer's window is used up) it stops reading, so its own
 * receive window is not returned and the peer slows down; a failed write closes the stream loudly.
 */
public final class EchoHandler extends ChannelInboundHandlerAdapter {
    public static final ProtocolId ID = ProtocolId.of("/hypha/echo/1.0.0");
    public static final ProtocolHandler PROTOCOL = stream -> stream.channel().pipeline().addLast(new EchoHandler());

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.write(msg).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            ctx.flush();
            ((DuplexChannel) ctx.channel()).shutdownOutput();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
