package io.hypha.protocol.kad;

import io.hypha.host.Stream;
import io.hypha.resource.StreamScope;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads the one response to a request on an outbound kad stream and completes {@link #result()} with it, then
 * closes the stream. Anything else completes it with {@link KadException} and resets the stream: a response of
 * another type, a malformed or oversized one, the peer ending or resetting the stream first, or no response within
 * the timeout (timer on the stream's event loop).
 */
final class KadResponseReader extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(KadResponseReader.class.getName());

    private final Stream stream;
    private final MessageType expected;
    private final Duration timeout;
    private final CompletableFuture<KadMessage> result = new CompletableFuture<>();
    private KadFrameReader reader;
    private ScheduledFuture<?> timer;

    KadResponseReader(Stream stream, MessageType expected, Duration timeout) {
        this.stream = stream;
        this.expected = expected;
        this.timeout = timeout;
    }

    CompletableFuture<KadMessage> result() {
        return result;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        StreamScope scope = stream.resources();
        reader = new KadFrameReader(ctx.alloc(), scope == null ? bytes -> false : scope::tryReserveMemory);
        timer = ctx.executor().schedule(() -> fail(new KadTimeoutException("no " + expected + " response from "
                + stream.remotePeer() + " within " + timeout.toMillis() + " ms")), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cleanUp();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in) || result.isDone()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        KadMessage response;
        try {
            reader.append(in);
            byte[] body = reader.next();
            if (body == null) {
                return;
            }
            response = KadCodec.decode(body);
        } catch (KadException e) {
            fail("bad response from " + stream.remotePeer() + ": " + e.getMessage());
            return;
        }
        if (response.type() != expected) {
            fail(stream.remotePeer() + " answered " + expected + " with " + response.type());
            return;
        }
        cleanUp();
        result.complete(response);
        stream.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            fail(stream.remotePeer() + " ended the stream without a " + expected + " response");
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail("stream to " + stream.remotePeer() + " closed before a " + expected + " response");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail("stream to " + stream.remotePeer() + " failed: " + cause);
    }

    private void fail(String reason) {
        fail(new KadException(reason));
    }

    private void fail(KadException failure) {
        String reason = failure.getMessage();
        cleanUp();
        if (result.completeExceptionally(failure)) {
            LOG.log(System.Logger.Level.DEBUG, () -> "resetting kad stream: " + reason);
            stream.reset();
        }
    }

    private void cleanUp() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (reader != null) {
            reader.release();
        }
    }
}
