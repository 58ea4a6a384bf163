package io.hypha.protocol.identify;

import io.hypha.host.Stream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Netty side of identify. As a handler (behind an {@link IdentifyFrameDecoder}) it reads the messages of one
 * identify or push stream, merges them, and completes {@link #result()} at the peer's end of stream. Failures
 * (timeout, over-size, malformed, reset, close before the end) complete it exceptionally with an
 * {@link IdentifyException} and reset the stream. On success the stream is left to the caller, which closes it
 * (or resets it if it rejects what it read). {@link #send} writes our message on a stream and closes it.
 */
final class IdentifyHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(IdentifyHandler.class.getName());

    private final Stream stream;
    private final Duration timeout;
    private final CompletableFuture<IdentifyMessage> result = new CompletableFuture<>();
    private IdentifyMessage merged;
    private ScheduledFuture<?> timer;

    IdentifyHandler(Stream stream, Duration timeout) {
        this.stream = stream;
        this.timeout = timeout;
    }

    /** Completes with the merged messages at the peer's end of stream. */
    CompletableFuture<IdentifyMessage> result() {
        return result;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> fail(new IdentifyException(IdentifyException.Reason.TIMEOUT,
                "no identify from " + stream.remotePeer() + " within " + timeout.toMillis() + " ms")),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof IdentifyMessage m) {
            merged = merged == null ? m : merged.merge(m);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent && !result.isDone()) {
            if (merged == null) {
                fail(new IdentifyException(IdentifyException.Reason.MALFORMED,
                        stream.remotePeer() + " closed its identify stream without a message"));
            } else {
                cancelTimer();
                result.complete(merged);
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        fail(c instanceof IdentifyException e ? e
                : new IdentifyException(IdentifyException.Reason.CLOSED, "identify stream with " + stream.remotePeer()
                        + " failed: " + c.getMessage(), c));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(new IdentifyException(IdentifyException.Reason.CLOSED,
                "identify stream with " + stream.remotePeer() + " closed before its end"));
        ctx.fireChannelInactive();
    }

    private void fail(IdentifyException e) {
        cancelTimer();
        if (result.completeExceptionally(e)) {
            LOG.log(System.Logger.Level.DEBUG, () -> "resetting " + stream + ": " + e.getMessage());
            stream.reset();
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** Writes one delimited message on {@code stream}, then half-closes and closes it (reset if the write fails). */
    static void send(Stream stream, byte[] delimited) {
        stream.channel().writeAndFlush(Unpooled.wrappedBuffer(delimited)).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.log(System.Logger.Level.DEBUG, () -> "identify write on " + stream + " failed: " + f.cause());
                stream.reset();
                return;
            }
            stream.closeWrite().whenComplete((v, err) -> stream.close());
        });
    }
}
