package io.hypha.protocol.bitswap;

import io.hypha.host.Stream;
import io.hypha.internal.netty.DelimitedFrameReader;
import io.hypha.protocol.bitswap.message.MalformedMessageException;
import io.hypha.resource.StreamScope;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Reads the messages a peer sends on one Bitswap stream (go sends many on a long-lived stream, Helia one batch per
 * stream, several back to back; SPEC-NOTES 1.9). One message is handled at a time, and the stream is read only on
 * demand (autoRead off, one {@code read()} when everything delivered so far is used up), so the yamux window fills and
 * the peer waits while we work: a peer cannot make us queue work. What one read delivers is fed to the frame reader
 * no faster than it completes frames ({@link DelimitedFrameReader#bytesWanted}), so at most one message is buffered
 * however large the window and the peer's frames. The stream is closed when the peer ends its side, or after
 * {@link BitswapProtocol#STREAM_IDLE_TIMEOUT} without a message; it is reset, with a DEBUG line naming the peer and
 * the reason, on malformed or oversized input.
 */
final class BitswapStreamHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(BitswapStreamHandler.class.getName());
    /** Memory is reserved in steps of this much: a wantlist message is a few KiB, a block message up to 4 MiB. */
    static final int RESERVATION_STEP = 64 * 1024;

    /** Where whole message bodies go; the future completes once the message is applied (or fails if malformed). */
    @FunctionalInterface
    interface Sink {
        CompletableFuture<Void> accept(Stream stream, byte[] body);
    }

    private final Stream stream;
    private final Sink sink;
    private final Duration idleTimeout;
    private DelimitedFrameReader reader;
    private ScheduledFuture<?> idleTimer;
    /** Buffers one read delivered that the frame reader has not taken yet (at most one read's worth). */
    private final java.util.ArrayDeque<ByteBuf> delivered = new java.util.ArrayDeque<>();
    private boolean busy;
    private boolean inputClosed;
    private boolean done;

    BitswapStreamHandler(Stream stream, Sink sink, Duration idleTimeout) {
        this.stream = stream;
        this.sink = sink;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        StreamScope scope = stream.resources();
        reader = new DelimitedFrameReader(ctx.alloc(), scope == null ? bytes -> true : scope::tryReserveMemory,
                BitswapProtocol.MAX_MESSAGE_BYTES, RESERVATION_STEP);
        armIdleTimer(ctx);
        ctx.channel().config().setAutoRead(false);
        ctx.read();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        finish();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in) || done) {
            ReferenceCountUtil.release(msg);
            return;
        }
        delivered.add(in);
        process(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        readMoreIfIdle(ctx);
        ctx.fireChannelReadComplete();
    }

    /** Takes whole messages and hands them on, one at a time, feeding the reader from what was delivered. */
    private void process(ChannelHandlerContext ctx) {
        while (!busy && !done) {
            byte[] body;
            try {
                body = reader.next();
                if (body == null) {
                    ByteBuf head = delivered.peek();
                    if (head == null) {
                        if (inputClosed) {
                            endOfInput();
                        }
                        return;
                    }
                    int wanted = Math.max(1, reader.bytesWanted());
                    ByteBuf part = head.readableBytes() <= wanted ? delivered.poll() : head.readRetainedSlice(wanted);
                    reader.append(part);
                    continue;
                }
            } catch (DelimitedFrameReader.FrameException e) {
                reset(e.getMessage());
                return;
            }
            busy = true;
            cancelIdleTimer();
            CompletableFuture<Void> applied;
            try {
                applied = sink.accept(stream, body);
            } catch (RuntimeException e) {
                applied = CompletableFuture.failedFuture(e);
            }
            applied.whenComplete((v, err) -> ctx.executor().execute(() -> next(ctx, err)));
        }
    }

    /** Asks the stream for more once everything delivered is used up and no message is being handled. */
    private void readMoreIfIdle(ChannelHandlerContext ctx) {
        if (!busy && !done && !inputClosed && delivered.isEmpty()) {
            ctx.read();
        }
    }

    private void next(ChannelHandlerContext ctx, Throwable err) {
        if (done) {
            return;
        }
        if (err != null) {
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (!(cause instanceof MalformedMessageException)) {
                LOG.log(System.Logger.Level.WARNING, "handling a Bitswap message from " + stream.remotePeer()
                        + " failed", cause);
            }
            reset("bad message: " + cause.getMessage());
            return;
        }
        busy = false;
        armIdleTimer(ctx);
        process(ctx);
        readMoreIfIdle(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputClosed = true;
            process(ctx);
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void endOfInput() {
        if (reader.buffered() > 0) {
            reset("stream ended inside a message (" + reader.buffered() + " bytes left over)");
        } else if (finish()) {
            stream.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        reset("stream failed: " + cause);
    }

    private void armIdleTimer(ChannelHandlerContext ctx) {
        cancelIdleTimer();
        idleTimer = ctx.executor().schedule(() -> {
            if (finish()) {
                LOG.log(System.Logger.Level.DEBUG, () -> "closing idle Bitswap stream from " + stream.remotePeer());
                stream.close();
            }
        }, idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelIdleTimer() {
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
    }

    private void reset(String reason) {
        if (finish()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "resetting Bitswap stream from " + stream.remotePeer() + ": "
                    + reason);
            stream.reset();
        }
    }

    /** Stops for good; true the first time. */
    private boolean finish() {
        if (done) {
            return false;
        }
        done = true;
        cancelIdleTimer();
        if (reader != null) {
            reader.release();
        }
        ByteBuf b;
        while ((b = delivered.poll()) != null) {
            b.release();
        }
        return true;
    }
}
