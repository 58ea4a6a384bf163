package io.hypha.protocol.ping;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The responder side of ping, behind a {@link PingCodec}: echoes every payload, in order, until the peer
 * half-closes, then half-closes and closes. Back-pressure: while the stream is not writable (the peer does not
 * read its echoes) reading stops, so a peer cannot make us buffer. A stream silent for the idle timeout is
 * closed.
 */
final class PingHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(PingHandler.class.getName());

    private final Duration idleTimeout;
    private ScheduledFuture<?> idle;

    PingHandler(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        armIdleTimer(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelIdleTimer();
    }

    private void armIdleTimer(ChannelHandlerContext ctx) {
        cancelIdleTimer();
        idle = ctx.executor().schedule(() -> {
            LOG.log(System.Logger.Level.DEBUG, () -> "closing idle ping stream " + ctx.channel());
            ctx.close();
        }, idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelIdleTimer() {
        if (idle != null) {
            idle.cancel(false);
            idle = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf payload)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        armIdleTimer(ctx);
        ctx.write(payload);
        if (!ctx.channel().isWritable()) {
            ctx.flush();
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            cancelIdleTimer();
            ctx.flush();
            ((DuplexChannel) ctx.channel()).shutdownOutput().addListener(f -> ctx.close());
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, () -> "ping stream " + ctx.channel() + " failed: " + cause);
        cancelIdleTimer();
        ctx.close();
    }
}
