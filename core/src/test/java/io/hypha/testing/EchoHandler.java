package io.hypha.testing;

import io.hypha.host.ProtocolHandler;
import io.hypha.host.ProtocolId;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;

/** Test protocol: echoes every byte, half-closes when the peer does. */
@ChannelHandler.Sharable
public final class EchoHandler extends ChannelInboundHandlerAdapter {
    public static final ProtocolId ID = ProtocolId.of("/hypha/echo/1.0.0");
    public static final ProtocolHandler PROTOCOL = stream -> stream.channel().pipeline().addLast(new EchoHandler());

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.write(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            ctx.flush();
            ((DuplexChannel) ctx.channel()).shutdownOutput();
        }
        ctx.fireUserEventTriggered(evt);
    }
}
