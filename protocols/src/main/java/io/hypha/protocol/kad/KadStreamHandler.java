package io.hypha.protocol.kad;

import io.hypha.host.Stream;
import io.hypha.resource.StreamScope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * One inbound kad stream: request, response, request, response... (spec: a server "must handle additional RPC
 * request messages on an incoming stream"; go reuses one stream per peer). One request is handled at a time: while
 * the server works and its answer is being written, reading stops (autoRead off), so a peer cannot make us queue
 * work or answers. The stream is closed when the peer ends its side with no request pending, after
 * {@code maxRequests} requests, or after {@code idleTimeout} without one (timer on the stream's event loop); it is
 * reset, with a DEBUG line naming the peer and the reason, on malformed or oversized input or a refused request.
 */
final class KadStreamHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(KadStreamHandler.class.getName());

    private final KadServer server;
    private final Stream stream;
    private final Duration idleTimeout;
    private final int maxRequests;
    private KadFrameReader reader;
    private ScheduledFuture<?> idleTimer;
    private int requests;
    /** A request is being answered: nothing more is read or decoded until its answer is written. */
    private boolean busy;
    private boolean inputClosed;
    private boolean done;

    KadStreamHandler(KadServer server, Stream stream, Duration idleTimeout, int maxRequests) {
        this.server = server;
        this.stream = stream;
        this.idleTimeout = idleTimeout;
        this.maxRequests = maxRequests;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        StreamScope scope = stream.resources();
        reader = new KadFrameReader(ctx.alloc(), scope == null ? bytes -> true : scope::tryReserveMemory);
        armIdleTimer(ctx);
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
        try {
            reader.append(in);
        } catch (KadException e) {
            reset(e.getMessage());
            return;
        }
        process(ctx);
    }

    /** Takes the next whole request, if there is one and none is being answered, and hands it to the server. */
    private void process(ChannelHandlerContext ctx) {
        if (busy || done) {
            return;
        }
        KadMessage request;
        try {
            byte[] body = reader.next();
            if (body == null) {
                if (inputClosed) {
                    endOfInput();
                }
                return;
            }
            request = KadCodec.decode(body);
        } catch (KadException e) {
            reset("malformed request: " + e.getMessage());
            return;
        }
        busy = true;
        requests++;
        cancelIdleTimer();
        ctx.channel().config().setAutoRead(false);
        server.handle(stream.remotePeer(), request).whenComplete((response, err) ->
                ctx.executor().execute(() -> answer(ctx, request, response, err)));
    }

    private void answer(ChannelHandlerContext ctx, KadMessage request, Optional<KadMessage> response, Throwable err) {
        if (done) {
            return;
        }
        if (err != null) {
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (!(cause instanceof KadException)) {
                LOG.log(System.Logger.Level.WARNING, "answering " + request + " failed", cause);
            }
            reset(request.type() + " refused: " + cause.getMessage());
            return;
        }
        if (response.isEmpty()) {
            next(ctx);
            return;
        }
        byte[] frame;
        try {
            frame = KadCodec.encodeBounded(response.get(), KadProtocol.MAX_OUTBOUND_MESSAGE_SIZE);
        } catch (KadException e) {
            reset("our answer to " + request.type() + " does not fit: " + e.getMessage());
            return;
        }
        ctx.writeAndFlush(Unpooled.wrappedBuffer(frame)).addListener(f -> {
            if (f.isSuccess()) {
                next(ctx);
            } else {
                reset("writing the answer failed: " + f.cause());
            }
        });
    }

    /** The answer is out: go on with the next request, or end the stream. */
    private void next(ChannelHandlerContext ctx) {
        if (done) {
            return;
        }
        busy = false;
        if (requests >= maxRequests) {
            close("after " + requests + " requests");
            return;
        }
        armIdleTimer(ctx);
        ctx.channel().config().setAutoRead(true);
        process(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputClosed = true;
            process(ctx);
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** The peer ended its side and every whole request it sent is answered. */
    private void endOfInput() {
        if (reader.buffered() > 0) {
            reset("stream ended inside a message (" + reader.buffered() + " bytes left over)");
        } else {
            close("at the peer's end of stream");
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
        idleTimer = ctx.executor().schedule(() -> close("idle for " + idleTimeout.toSeconds() + " s"),
                idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelIdleTimer() {
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
    }

    private void reset(String reason) {
        if (finish()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "resetting kad stream from " + stream.remotePeer() + ": "
                    + reason);
            stream.reset();
        }
    }

    private void close(String reason) {
        if (finish()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "closing kad stream from " + stream.remotePeer() + " "
                    + reason);
            stream.close();
        }
    }

    /** Frees what is held; true the first time. */
    private boolean finish() {
        if (done) {
            return false;
        }
        done = true;
        cancelIdleTimer();
        if (reader != null) {
            reader.release();
        }
        return true;
    }
}
