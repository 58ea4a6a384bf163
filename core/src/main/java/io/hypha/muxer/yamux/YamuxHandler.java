package io.hypha.muxer.yamux;

import io.hypha.muxer.MuxedSession;
import io.hypha.muxer.MuxedStreamChannel;
import io.hypha.muxer.MuxerRole;
import io.hypha.internal.netty.FatalErrors;
import io.hypha.resource.ConnectionScope;
import io.hypha.resource.StreamScope;
import io.netty.channel.Channel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Netty side of a yamux session: sits after {@link YamuxFrameCodec} in the connection's pipeline, feeds
 * frames to a {@link YamuxSession} and gives every stream a {@link YamuxStreamChannel} child with its own
 * pipeline (as codec-http2's {@code Http2MultiplexHandler}). It only translates; the rules live in the session.
 *
 * <ul>
 *   <li>Outbound streams: {@link #newStream(ChannelHandler)}. Inbound streams get the {@code inboundStreamHandler}
 *       given at construction (shared by all streams, so {@link ChannelHandler.Sharable}).</li>
 *   <li>Frames the session emits are written to the connection and flushed at the end of the current read
 *       batch, or at the end of the stream operation that caused them.</li>
 *   <li>Connection writability: while the connection is unwritable no stream sends Data (their writability
 *       drops too); when it drains every stream resumes.</li>
 *   <li>Back-pressure on the peer: when a flush leaves the connection unwritable (the peer does not read what
 *       we send) with {@link #PAUSE_READING_PONGS} or more ping answers waiting in it, reading stops
 *       ({@code autoRead} off) until it drains, so a peer cannot make us queue answers to frames it keeps
 *       sending; the session ends it as a flood past {@link YamuxSession#MAX_QUEUED_PONGS}. A full output alone
 *       does not stop reading: two peers writing bulk data to each other would both stop reading and
 *       deadlock, and what else a peer's frames make us write is bounded by windows and stream limits.</li>
 *   <li>Data frames are judged from their header ({@link YamuxSession#admitData}) before their payload is
 *       buffered; see {@link YamuxFrameCodec.Decoder}.</li>
 *   <li>Keep-alive runs on the connection's event loop, at the session's next deadline.</li>
 *   <li>A codec error or a session protocol error sends GoAway and closes the connection; closing the
 *       connection closes every stream and fails any pending open with a {@link YamuxConnectionException}.</li>
 * </ul>
 */
public final class YamuxHandler extends ChannelDuplexHandler implements MuxedSession, YamuxSession.Output {
    private static final Logger LOG = System.getLogger(YamuxHandler.class.getName());
    /**
     * Ping answers waiting behind a full output at which the connection stops being read: a well-behaved peer
     * keeps one ping in flight (go-yamux, js and rust yamux all do), so a second one waiting means a peer that
     * pings and does not read.
     */
    public static final int PAUSE_READING_PONGS = 2;
    /** How long a connection cut off with GoAway waits for the peer to close after reading it (see {@code lingerAndClose}). */
    public static final Duration CLOSE_LINGER = Duration.ofSeconds(1);

    private final YamuxConfig config;
    private final MuxerRole role;
    private final ChannelHandler inboundStreamHandler;
    private final Clock clock;
    private final ConnectionScope scope;
    private final IntObjectMap<YamuxStreamChannel> children = new IntObjectHashMap<>();
    /** Reading was switched off: the output is full and the peer keeps pinging ({@link #PAUSE_READING_PONGS}). */
    private boolean readingPaused;

    private ChannelHandlerContext ctx;
    private YamuxSession session;
    private boolean started;
    private boolean inRead;
    private boolean flushNeeded;
    private ScheduledFuture<?> timer;

    public YamuxHandler(YamuxConfig config, MuxerRole role, ChannelHandler inboundStreamHandler) {
        this(config, role, inboundStreamHandler, Clock.systemUTC());
    }

    /** As {@link #YamuxHandler(YamuxConfig, MuxerRole, ChannelHandler)} with the clock for RTT and auto-tuning. */
    public YamuxHandler(YamuxConfig config, MuxerRole role, ChannelHandler inboundStreamHandler, Clock clock) {
        this(config, role, inboundStreamHandler, clock, ConnectionScope.unlimited());
    }

    /** A handler whose streams are accounted in {@code scope} (see {@link YamuxSession}). */
    public YamuxHandler(YamuxConfig config, MuxerRole role, ChannelHandler inboundStreamHandler, Clock clock,
            ConnectionScope scope) {
        if (!inboundStreamHandler.getClass().isAnnotationPresent(ChannelHandler.Sharable.class)) {
            throw new IllegalArgumentException("the inbound stream handler is added to every stream: it must be @Sharable");
        }
        this.config = config;
        this.role = role;
        this.inboundStreamHandler = inboundStreamHandler;
        this.clock = clock;
        this.scope = scope;
    }

    YamuxConfig config() {
        return config;
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.session = new YamuxSession(config, role, clock, this, scope);
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    private void start() {
        if (started) {
            return;
        }
        started = true;
        session.start();
        flushIfNeeded();
        scheduleTick();
    }

    private void scheduleTick() {
        session.nextDeadline().ifPresent(deadline -> {
            long delayMillis = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
            timer = ctx.executor().schedule(this::onTimer, delayMillis, TimeUnit.MILLISECONDS);
        });
    }

    private void onTimer() {
        timer = null;
        session.tick(clock.instant());
        flushIfNeeded();
        scheduleTick();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.transportClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        session.transportClosed();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        session.close();
        flushNeeded = false;
        flush();
        ctx.close(promise);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        YamuxConnectionException error = cause instanceof DecoderException && cause.getCause() instanceof YamuxConnectionException e
                ? e
                : new YamuxConnectionException(GoAwayCode.INTERNAL_ERROR, "connection failed: " + cause);
        LOG.log(Level.DEBUG, "yamux: closing session on " + ctx.channel() + ": " + error.getMessage(), cause);
        session.fail(error);
        flushIfNeeded();
        if (FatalErrors.isFatal(cause)) {
            ctx.fireExceptionCaught(cause);
        }
    }

    // ------------------------------------------------------------------------------------------ connection input

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof YamuxFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        inRead = true;
        session.receive(frame);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inRead = false;
        flushIfNeeded();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && session != null) {
            session.outputDrained();
            if (readingPaused) {
                readingPaused = false;
                ctx.channel().config().setAutoRead(true);
            }
        }
        for (YamuxStreamChannel child : new ArrayList<>(children.values())) {
            child.onWritabilityInputsChanged();
        }
        flushIfNeeded();
        ctx.fireChannelWritabilityChanged();
    }

    // ------------------------------------------------------------------------------------------ session output

    @Override
    public void frame(YamuxFrame frame) {
        ctx.write(frame, ctx.voidPromise());
        flushNeeded = true;
    }

    @Override
    public void event(YamuxEvent event) {
        switch (event) {
            case YamuxEvent.StreamOpened opened -> openInbound(opened.streamId());
            case YamuxEvent.StreamAcknowledged ignored -> { }
            case YamuxEvent.DataReceived data -> {
                YamuxStreamChannel child = children.get(data.streamId());
                if (child == null) {
                    data.data().release();
                } else {
                    child.onData(data.data());
                }
            }
            case YamuxEvent.WindowUpdated updated -> {
                YamuxStreamChannel child = children.get(updated.streamId());
                if (child != null) {
                    child.onWritabilityInputsChanged();
                }
            }
            case YamuxEvent.RemoteClosed closed -> {
                YamuxStreamChannel child = children.get(closed.streamId());
                if (child != null) {
                    child.onRemoteFin();
                }
            }
            case YamuxEvent.StreamReset reset -> {
                YamuxStreamChannel child = children.get(reset.streamId());
                if (child != null) {
                    child.onStreamGone(new YamuxStreamException(reset.streamId(),
                            reset.byPeer() ? YamuxStreamException.Reason.RESET_BY_PEER : YamuxStreamException.Reason.RESET_LOCALLY,
                            reset.byPeer() ? "reset by peer" : "reset: peer sent data after its FIN"));
                }
            }
            case YamuxEvent.GoAwayReceived goAway -> ctx.fireUserEventTriggered(goAway);
            case YamuxEvent.SessionClosed closed -> onSessionClosed(closed.cause());
        }
    }

    private void openInbound(int streamId) {
        YamuxStreamChannel child = new YamuxStreamChannel(this, ctx.channel(), streamId);
        child.pipeline().addLast(inboundStreamHandler);
        children.put(streamId, child);
        ChannelFuture registered = ctx.channel().eventLoop().register(child);
        registered.addListener(f -> {
            if (!f.isSuccess()) {
                LOG.log(Level.WARNING, "yamux: could not register inbound stream " + streamId, f.cause());
                child.unsafe().closeForcibly();
                session.reset(streamId);
                flushIfNeeded();
            }
        });
    }

    private void onSessionClosed(YamuxConnectionException cause) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        for (YamuxStreamChannel child : new ArrayList<>(children.values())) {
            child.onStreamGone(cause);
        }
        children.clear();
        // The GoAway must leave before the close, even in the middle of a read batch.
        flushNeeded = false;
        flush();
        Channel ch = ctx.channel();
        if (!ch.isOpen()) {
            return;
        }
        if (!(ch instanceof DuplexChannel duplex) || !ch.isActive()) {
            ctx.close();
            return;
        }
        lingerAndClose(ch, duplex);
    }

    /**
     * Closes so that the GoAway reaches the peer: closing a socket with unread input makes the kernel reset the
     * connection and drop what it has not sent yet, and a peer we cut off is usually still sending. So the
     * socket's input is discarded from now on, its output is shut down once the GoAway is written to it (the
     * peer reads the GoAway, then end of stream), and it closes when the peer closes or after
     * {@link #CLOSE_LINGER}, whichever comes first.
     */
    private static void lingerAndClose(Channel ch, DuplexChannel duplex) {
        ch.pipeline().addFirst(new DiscardInput());
        ChannelHandlerContext head = ch.pipeline().firstContext();
        ch.config().setAutoRead(true);
        ScheduledFuture<?> deadline = ch.eventLoop().schedule(() -> {
            ch.close();
        }, CLOSE_LINGER.toMillis(), TimeUnit.MILLISECONDS);
        ch.closeFuture().addListener(f -> deadline.cancel(false));
        // written below every handler: queued behind the GoAway, so it completes once the GoAway is in the socket
        head.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (f.isSuccess()) {
                duplex.shutdownOutput();
            } else {
                ch.close();
            }
        });
    }

    /** Drops a closing connection's input before it is decrypted or decoded, and closes at its end. */
    private static final class DiscardInput extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    // ------------------------------------------------------------------------------------------ application input

    @Override
    public CompletableFuture<MuxedStreamChannel> newStream(ChannelHandler initializer) {
        CompletableFuture<MuxedStreamChannel> result = new CompletableFuture<>();
        if (ctx == null) {
            result.completeExceptionally(new IllegalStateException("YamuxHandler is not in a pipeline"));
            return result;
        }
        try {
            ctx.executor().execute(() -> openOutbound(initializer, result));
        } catch (RuntimeException rejected) {
            result.completeExceptionally(new YamuxConnectionException(GoAwayCode.NORMAL, "event loop shut down"));
        }
        return result;
    }

    private void openOutbound(ChannelHandler initializer, CompletableFuture<MuxedStreamChannel> result) {
        int streamId;
        try {
            if (!ctx.channel().isActive()) {
                throw new YamuxConnectionException(GoAwayCode.NORMAL, "connection is not open");
            }
            streamId = session.open();
        } catch (YamuxException e) {
            result.completeExceptionally(e);
            return;
        }
        YamuxStreamChannel child = new YamuxStreamChannel(this, ctx.channel(), streamId);
        child.pipeline().addLast(initializer);
        children.put(streamId, child);
        ctx.channel().eventLoop().register(child).addListener(f -> {
            if (f.isSuccess()) {
                result.complete(child);
            } else {
                child.unsafe().closeForcibly();
                session.reset(streamId);
                result.completeExceptionally(f.cause());
            }
            flushIfNeeded();
        });
        flushIfNeeded();
    }

    /** Sends GoAway(NORMAL): no new streams either way, existing ones finish. */
    public void goAway() {
        ctx.executor().execute(() -> {
            session.goAway();
            flushIfNeeded();
        });
    }

    @Override
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        ctx.channel().close().addListener(f -> result.complete(null));
        return result;
    }

    /** The last measured round-trip time, if any; call on the event loop. */
    public Duration rtt() {
        return session.rtt().orElse(null);
    }

    /** Live streams; call on the event loop. */
    public int streamCount() {
        return session.streamCount();
    }

    // ------------------------------------------------------------------------------------------ child callbacks

    long sendWindow(int streamId) {
        return session.sendWindow(streamId);
    }

    /** Sends one Data frame; ownership of {@code data} moves to the session. */
    void writeData(int streamId, ByteBuf data) {
        session.write(streamId, data);
    }

    void consume(int streamId, int bytes) {
        session.consume(streamId, bytes);
        flushIfNeeded();
    }

    void closeWrite(int streamId) {
        session.closeWrite(streamId);
    }

    void childClosed(YamuxStreamChannel child, boolean streamGone, boolean reset) {
        children.remove(child.streamId());
        if (!streamGone) {
            if (reset) {
                session.reset(child.streamId());
            } else {
                session.close(child.streamId());
            }
        }
        flushIfNeeded();
    }

    void flushIfNeeded() {
        if (flushNeeded && !inRead) {
            flushNeeded = false;
            flush();
        }
    }

    /**
     * Flushes. If the connection is writable after that, our output has drained; if it is not and a peer that
     * does not read keeps pinging ({@link #PAUSE_READING_PONGS}), reading stops until it drains.
     */
    private void flush() {
        ctx.flush();
        Channel ch = ctx.channel();
        if (ch.isWritable()) {
            session.outputDrained();
        } else if (session.queuedPongs() >= PAUSE_READING_PONGS && ch.isActive() && ch.config().isAutoRead()) {
            readingPaused = true;
            ch.config().setAutoRead(false);
            LOG.log(Level.DEBUG, () -> "yamux: " + ch + " pings and does not read; reading paused");
        }
    }

    /** Called by the decoder for each Data header (see {@link YamuxSession#admitData}). */
    YamuxSession.DataAdmission admitData(int streamId, int flags, long length) throws YamuxConnectionException {
        return session == null ? YamuxSession.DataAdmission.DELIVER : session.admitData(streamId, flags, length);
    }

    /** The resource scope of a live stream, or null. */
    StreamScope streamScope(int streamId) {
        return session.streamScope(streamId);
    }

    @Override
    public String toString() {
        return "YamuxHandler[" + role + ", streams=" + children.size() + "]";
    }

}
