package io.hypha.muxer.yamux;

import io.hypha.internal.netty.FatalErrors;
import io.hypha.muxer.MuxedStreamChannel;
import io.hypha.resource.StreamScope;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.DefaultChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.ChannelOutputShutdownEvent;
import io.netty.channel.socket.ChannelOutputShutdownException;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;

/**
 * One yamux stream as a Netty child channel of the connection, registered on the connection's event loop
 * (the codec-http2 {@code Http2StreamChannel} model). Created by {@link YamuxHandler}; not constructed by users.
 *
 * <p><b>Writing.</b> Messages are {@code ByteBuf}s; the channel's own {@link ChannelOutboundBuffer} is the only
 * send queue. A flush sends as much as the peer's window allows, in Data frames of at most
 * {@link YamuxConfig#maxFrameSize()}, and stops while the connection is unwritable; the rest stays queued and
 * goes out as WindowUpdates arrive or the connection drains. {@link #isWritable()} is false while the window
 * is exhausted or the connection is unwritable (a user-defined writability bit) or while the queue is above
 * the high water mark; {@code channelWritabilityChanged} fires on each change. The queue is bounded: a write
 * onto a queue already holding {@link YamuxConfig#maxSendBuffer()} bytes (a writer that ignored writability)
 * fails with {@link YamuxStreamException.Reason#SEND_BUFFER_FULL}, as does every later write, and the stream is
 * reset (RST): the peer sees an error rather than a stream with bytes missing. So the queue holds at most that
 * bound plus one write. A write's promise completes
 * when its last byte was handed to the connection.
 *
 * <p><b>Reading.</b> Payload that has to wait (nobody is reading, or it is small) is copied, as it arrives, out
 * of the frame buffers it was decoded from into chunks of at least {@link YamuxConfig#RECEIVE_CHUNK} bytes owned
 * by this queue, filled one after the other:
 * the queue pins what it holds plus less than one chunk, however small or scattered the peer's frames, and
 * nothing it holds keeps a larger buffer alive. Chunks are delivered in {@code channelRead} as {@code ByteBuf}s
 * (ownership moves to the pipeline; message boundaries are not kept: a stream is bytes), honouring {@code autoRead} and {@code read()}: one {@code read()} delivers up to 16 queued buffers
 * (fewer if {@code autoRead} is switched off meanwhile), then {@code channelReadComplete}. Bytes count as <em>consumed</em>, and their window goes back to the peer,
 * when the next {@code read()} is requested after they were delivered; with {@code autoRead} that is right
 * after {@code channelReadComplete}, without it whenever the application calls {@code read()} again (as
 * codec-http2 returns credit). A reader that stops reading therefore stops the sender after one window.
 *
 * <p><b>Closing.</b> {@link #shutdownOutput()} sends FIN once the queue is drained, then fires
 * {@link ChannelOutputShutdownEvent}. The peer's FIN fires {@link ChannelInputShutdownEvent} and
 * {@link ChannelInputShutdownReadComplete} after the last buffered byte was read; the channel stays open
 * (half-closure is always allowed). {@link #close()} fails unsent writes, sends FIN if not sent and drops the
 * read side; {@link #reset()} sends RST. A RST from the peer fires {@code exceptionCaught} with a
 * {@link YamuxStreamException}, and closes the channel, failing unsent writes with it. The end of the session
 * closes the channel the same way with a {@link YamuxConnectionException}, firing {@code exceptionCaught} only
 * when it ended on an error (protocol error, keep-alive timeout).
 */
public final class YamuxStreamChannel extends AbstractChannel implements MuxedStreamChannel {
    private static final System.Logger LOG = System.getLogger(YamuxStreamChannel.class.getName());
    /** No disconnect; 16 messages per read is Netty's default for stream channels. */
    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);
    /** The user-defined writability bit carrying "peer window open and connection writable". */
    private static final int WINDOW_WRITABILITY_BIT = 1;

    private final YamuxHandler handler;
    private final int streamId;
    private final ChannelConfig config = new DefaultChannelConfig(this);
    /** Received, not yet delivered: our own chunks, bounded by the receive window we granted. */
    private final ArrayDeque<ByteBuf> inbound = new ArrayDeque<>();
    /** Bytes queued in {@link #inbound}. */
    private long queuedBytes;

    private boolean open = true;
    private boolean readRequested;
    private boolean inReadLoop;
    /** Delivered to the pipeline, not yet reported consumed. */
    private int delivered;
    private boolean remoteFin;
    private boolean inputShutdown;
    private ChannelPromise finPromise;
    private boolean outputShutdown;
    /** Set when the session already forgot the stream (RST received, session over): close sends nothing. */
    private boolean streamGone;
    private boolean resetRequested;
    /** A write overflowed the send buffer: later writes fail and the stream is being reset. */
    private boolean overflowed;

    YamuxStreamChannel(YamuxHandler handler, Channel parent, int streamId) {
        super(parent);
        this.handler = handler;
        this.streamId = streamId;
    }

    /** The yamux stream id (unsigned 32 bits). */
    public int streamId() {
        return streamId;
    }

    @Override
    public StreamScope resourceScope() {
        return handler.streamScope(streamId);
    }

    /** Payload received and not yet delivered to the pipeline. */
    public long queuedBytes() {
        return queuedBytes;
    }

    /** Capacity of the chunks holding {@link #queuedBytes()}: the memory the queue pins. */
    public long queuedCapacity() {
        long sum = 0;
        for (ByteBuf b : inbound) {
            sum += b.capacity();
        }
        return sum;
    }

    @Override
    protected DefaultChannelPipeline newChannelPipeline() {
        return new DefaultChannelPipeline(this) {
            /** An error no handler of the stream dealt with: fatal ones go to the host's policy, others close the stream. */
            @Override
            protected void onUnhandledInboundException(Throwable cause) {
                try {
                    if (FatalErrors.isFatal(cause)) {
                        FatalErrors.report(YamuxStreamChannel.this, cause);
                    } else {
                        LOG.log(System.Logger.Level.DEBUG, () -> "closing " + YamuxStreamChannel.this
                                + " on an error its handlers did not handle: " + cause);
                        close();
                    }
                } finally {
                    ReferenceCountUtil.release(cause);
                }
            }
        };
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return true;
    }

    @Override
    protected SocketAddress localAddress0() {
        return parent().localAddress();
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return parent().remoteAddress();
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new StreamUnsafe();
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        throw new UnsupportedOperationException("a yamux stream cannot be bound");
    }

    @Override
    protected void doDisconnect() {
        doClose();
    }

    @Override
    protected void doClose() {
        if (!open) {
            return;
        }
        open = false;
        releaseInbound();
        if (finPromise != null) {
            finPromise.tryFailure(new ClosedChannelException());
            finPromise = null;
        }
        handler.childClosed(this, streamGone, resetRequested);
    }

    // ------------------------------------------------------------------------------------------ reading

    @Override
    protected void doBeginRead() {
        if (!open) {
            return;
        }
        readRequested = true;
        if (delivered > 0) {
            int consumed = delivered;
            delivered = 0;
            handler.consume(streamId, consumed);
        }
        if (!inReadLoop) {
            readLoop();
        }
    }

    private void readLoop() {
        inReadLoop = true;
        try {
            while (readRequested && open) {
                if (inbound.isEmpty()) {
                    if (remoteFin && !inputShutdown) {
                        inputShutdown = true;
                        pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
                        pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
                    }
                    return;
                }
                readRequested = false;
                int budget = METADATA.defaultMaxMessagesPerRead();
                for (ByteBuf buf; open && budget-- > 0 && (buf = inbound.poll()) != null; ) {
                    queuedBytes -= buf.readableBytes();
                    delivered += buf.readableBytes();
                    pipeline().fireChannelRead(buf);
                    if (!config.isAutoRead() && !readRequested) {
                        break; // the application paused reading inside channelRead
                    }
                }
                // With autoRead the head context asks for the next read here, which returns the credit.
                pipeline().fireChannelReadComplete();
            }
        } finally {
            inReadLoop = false;
        }
    }

    /**
     * Payload from the session; ownership moves here. Handed straight to a waiting reader when it is at least a
     * chunk long and nothing is queued; otherwise copied into the queue's chunks and released.
     */
    void onData(ByteBuf data) {
        int n = data.readableBytes();
        if (!open || inputShutdown) {
            data.release();
            handler.consume(streamId, n);
            return;
        }
        if (readRequested && !inReadLoop && inbound.isEmpty() && n >= YamuxConfig.RECEIVE_CHUNK) {
            // A reader is waiting and nothing is queued: the bytes go to it at once, as they are (no copy); the
            // queue never holds them, so they pin nothing here.
            inbound.add(data);
            queuedBytes += n;
            readLoop();
            return;
        }
        int total = n;
        try {
            ByteBuf tail = inbound.peekLast();
            if (tail != null && tail.isWritable()) {
                int k = Math.min(n, tail.writableBytes());
                tail.writeBytes(data, k);
                n -= k;
            }
            if (n > 0) {
                int size = Math.max(n, YamuxConfig.RECEIVE_CHUNK);
                ByteBuf chunk = alloc().heapBuffer(size, size);
                chunk.writeBytes(data, n);
                inbound.add(chunk);
            }
            queuedBytes += total;
        } finally {
            data.release();
        }
        if (readRequested && !inReadLoop) {
            readLoop();
        }
    }

    void onRemoteFin() {
        remoteFin = true;
        if (readRequested && !inReadLoop) {
            readLoop();
        }
    }

    /**
     * The session forgot the stream (RST, or the session ended): unsent writes fail with {@code cause} and the
     * channel closes. {@code exceptionCaught} fires first unless the session ended in an orderly way.
     */
    void onStreamGone(YamuxException cause) {
        if (!open) {
            return;
        }
        streamGone = true;
        releaseInbound();
        if (!(cause instanceof YamuxConnectionException e && e.code() == GoAwayCode.NORMAL)) {
            pipeline().fireExceptionCaught(cause);
        }
        ((StreamUnsafe) unsafe()).closeWith(cause);
    }

    private void releaseInbound() {
        for (ByteBuf buf; (buf = inbound.poll()) != null; ) {
            buf.release();
        }
        queuedBytes = 0;
    }

    // ------------------------------------------------------------------------------------------ writing

    @Override
    protected Object filterOutboundMessage(Object msg) throws Exception {
        if (!(msg instanceof ByteBuf buf)) {
            throw new UnsupportedOperationException("a yamux stream writes ByteBuf, not " + msg.getClass().getName());
        }
        if (finPromise != null || outputShutdown) {
            throw new ChannelOutputShutdownException("yamux stream output is shut down");
        }
        ChannelOutboundBuffer queue = unsafe().outboundBuffer();
        long queued = queue == null ? 0 : queue.totalPendingWriteBytes();
        if (overflowed) {
            throw new YamuxStreamException(streamId, YamuxStreamException.Reason.SEND_BUFFER_FULL,
                    "stream is being reset: its send buffer overflowed");
        }
        if (queued >= handler.config().maxSendBuffer()) {
            // The channel turned unwritable long before the queue got here: this writer ignores back-pressure.
            // Overflow action: this write and every later one fail, and the stream is reset, so the peer sees an
            // error instead of a stream with a hole in it. (One write of any size into a queue below the bound
            // is accepted: protocols write whole messages of up to a few MiB.)
            overflowed = true;
            eventLoop().execute(this::reset);
            throw new YamuxStreamException(streamId, YamuxStreamException.Reason.SEND_BUFFER_FULL,
                    "write of " + buf.readableBytes() + " bytes onto a send buffer already holding " + queued
                            + " bytes (limit " + handler.config().maxSendBuffer() + "); resetting the stream");
        }
        return msg;
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) throws Exception {
        int maxFrame = handler.config().maxFrameSize();
        boolean blockedByConnection;
        do {
            blockedByConnection = false;
            for (Object msg; (msg = in.current()) != null; ) {
                ByteBuf buf = (ByteBuf) msg;
                int readable = buf.readableBytes();
                if (readable == 0) {
                    in.remove();
                    continue;
                }
                long window = handler.sendWindow(streamId);
                if (window < 0) {
                    throw new ClosedChannelException();
                }
                if (window == 0) {
                    break;
                }
                if (!parent().isWritable()) {
                    blockedByConnection = true;
                    break;
                }
                int n = (int) Math.min(Math.min(readable, window), maxFrame);
                handler.writeData(streamId, buf.retainedSlice(buf.readerIndex(), n));
                in.removeBytes(n);
            }
            if (finPromise != null && in.isEmpty()) {
                sendFin();
            }
            handler.flushIfNeeded();
            // Flushing the connection may drain it at once. Its "writable again" event then arrives while this
            // flush is still running, when Netty ignores a nested flush of this channel: carry on here instead,
            // or the stream would stall with window and data left.
        } while (blockedByConnection && parent().isWritable() && in.current() != null);
        updateWritability(in);
    }

    /** Re-evaluates writability and sends what the window now allows. */
    void onWritabilityInputsChanged() {
        ChannelOutboundBuffer queue = unsafe().outboundBuffer();
        if (!open || queue == null) {
            return;
        }
        updateWritability(queue);
        ((StreamUnsafe) unsafe()).resumeWrite();
    }

    private void updateWritability(ChannelOutboundBuffer queue) {
        queue.setUserDefinedWritability(WINDOW_WRITABILITY_BIT, handler.sendWindow(streamId) > 0 && parent().isWritable());
    }

    // ------------------------------------------------------------------------------------------ half-close, reset

    @Override
    public boolean isInputShutdown() {
        return inputShutdown || !open;
    }

    @Override
    public ChannelFuture shutdownInput() {
        return shutdownInput(newPromise());
    }

    /** Stops reading: queued and later payload is discarded (its window returned so the peer is not stalled). */
    @Override
    public ChannelFuture shutdownInput(ChannelPromise promise) {
        inLoop(() -> {
            if (!inputShutdown && open) {
                inputShutdown = true;
                int n = delivered;
                for (ByteBuf buf; (buf = inbound.poll()) != null; ) {
                    n += buf.readableBytes();
                    buf.release();
                }
                delivered = 0;
                queuedBytes = 0;
                handler.consume(streamId, n);
                pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
            }
            promise.trySuccess();
        });
        return promise;
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShutdown || finPromise != null || !open;
    }

    @Override
    public ChannelFuture shutdownOutput() {
        return shutdownOutput(newPromise());
    }

    /** Half-closes: FIN goes out after everything already written was sent; the promise completes then. */
    @Override
    public ChannelFuture shutdownOutput(ChannelPromise promise) {
        inLoop(() -> {
            if (!open) {
                promise.tryFailure(new ClosedChannelException());
            } else if (outputShutdown || finPromise != null) {
                promise.trySuccess();
            } else {
                finPromise = promise;
                ChannelOutboundBuffer queue = unsafe().outboundBuffer();
                if (queue == null || queue.isEmpty()) {
                    sendFin();
                    handler.flushIfNeeded();
                } else {
                    unsafe().flush();
                }
            }
        });
        return promise;
    }

    private void sendFin() {
        ChannelPromise promise = finPromise;
        finPromise = null;
        outputShutdown = true;
        handler.closeWrite(streamId);
        promise.trySuccess();
        pipeline().fireUserEventTriggered(ChannelOutputShutdownEvent.INSTANCE);
    }

    @Override
    public boolean isShutdown() {
        return isInputShutdown() && isOutputShutdown();
    }

    @Override
    public ChannelFuture shutdown() {
        return shutdown(newPromise());
    }

    @Override
    public ChannelFuture shutdown(ChannelPromise promise) {
        shutdownInput().addListener(f -> shutdownOutput(promise));
        return promise;
    }

    @Override
    public ChannelFuture reset() {
        inLoop(() -> {
            if (open) {
                resetRequested = true;
                ((StreamUnsafe) unsafe()).closeWith(new YamuxStreamException(streamId,
                        YamuxStreamException.Reason.RESET_LOCALLY, "reset"));
            }
        });
        return closeFuture();
    }

    private void inLoop(Runnable task) {
        if (eventLoop().inEventLoop()) {
            task.run();
        } else {
            eventLoop().execute(task);
        }
    }

    @Override
    public String toString() {
        return "YamuxStreamChannel[" + Integer.toUnsignedString(streamId) + " on " + parent() + "]";
    }

    private final class StreamUnsafe extends AbstractUnsafe {
        @Override
        public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
            promise.setFailure(new UnsupportedOperationException("a yamux stream is opened by YamuxHandler.newStream"));
        }

        void resumeWrite() {
            flush0();
        }

        void closeWith(Exception cause) {
            ClosedChannelException closed = new ClosedChannelException();
            closed.initCause(cause);
            close(voidPromise(), cause, closed);
        }
    }
}
