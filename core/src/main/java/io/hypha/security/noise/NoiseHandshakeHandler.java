package io.hypha.security.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.PendingWriteQueue;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a {@link LibP2pNoiseHandshake} over a channel, then replaces itself with the transport codec: a
 * {@link NoiseTransportEncoder} before it and a {@link NoiseTransportDecoder} after it in the pipeline.
 *
 * <p>The initiator sends msg1 as soon as the handler is added to an active channel (or when the channel becomes
 * active). On success the handler fires a {@link NoiseHandshakeCompletionEvent}, completes
 * {@link #handshakeFuture()}, and removes itself; bytes that arrived after the last handshake frame in the same
 * read are handed to the decoder at once, so the next protocol can start immediately. Writes made before that are
 * held and then encrypted in order. On failure (malformed or forged message, bad identity, unexpected peer, no
 * common muxer, connection closed) the future completes exceptionally with a {@link NoiseException}, held writes
 * fail, the exception is fired down the pipeline and the channel is closed.
 *
 * <p>Ownership: inbound buffers are consumed; held outbound buffers are released if the handshake fails.
 */
public final class NoiseHandshakeHandler extends ByteToMessageDecoder implements ChannelOutboundHandler {
    private static final System.Logger LOG = System.getLogger(NoiseHandshakeHandler.class.getName());
    /** Pipeline names of the handlers installed on success. */
    public static final String ENCODER_NAME = "noise-encoder";
    public static final String DECODER_NAME = "noise-decoder";

    private final LibP2pNoiseHandshake handshake;
    private final CompletableFuture<NoiseHandshakeResult> future = new CompletableFuture<>();
    private PendingWriteQueue pendingWrites;
    private boolean started;
    private boolean done;

    public NoiseHandshakeHandler(LibP2pNoiseHandshake handshake) {
        this.handshake = Objects.requireNonNull(handshake, "handshake");
    }

    /** Completes with the result on success, or exceptionally with the reason the handshake failed. */
    public CompletableFuture<NoiseHandshakeResult> handshakeFuture() {
        return future;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        pendingWrites = new PendingWriteQueue(ctx);
        super.handlerAdded(ctx);
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    private void start(ChannelHandlerContext ctx) {
        if (done || started) {
            return;
        }
        started = true;
        try {
            send(ctx, handshake.start());
        } catch (NoiseException e) {
            fail(ctx, e);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (done) {
            return; // already failed: the channel is closing; any input is discarded by the caller
        }
        ByteBuffer view = in.nioBuffer(in.readerIndex(), in.readableBytes());
        int before = view.position();
        byte[] reply;
        try {
            reply = handshake.receive(view);
        } catch (NoiseException e) {
            in.skipBytes(in.readableBytes());
            fail(ctx, e);
            return;
        }
        in.skipBytes(view.position() - before);
        send(ctx, reply);
        if (handshake.isComplete()) {
            succeed(ctx);
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        decode(ctx, in, out);
        if (!done) {
            fail(ctx, new NoiseException("connection closed during the handshake"
                    + (in.isReadable() ? " with " + in.readableBytes() + " bytes of an incomplete frame" : "")));
            in.skipBytes(in.readableBytes());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        super.channelInactive(ctx); // runs decodeLast, which fails the handshake if it is not done
        if (!done) {
            fail(ctx, new NoiseException("connection closed during the handshake"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!done) {
            NoiseException e = cause instanceof NoiseException ne ? ne
                    : new NoiseException("handshake aborted: " + cause, cause);
            done = true;
            future.completeExceptionally(e);
            failPendingWrites(e);
            ctx.close();
        }
        ctx.fireExceptionCaught(cause);
    }

    private void send(ChannelHandlerContext ctx, byte[] frames) {
        if (frames.length > 0) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(frames)).addListener(f -> {
                if (!f.isSuccess() && !done) {
                    fail(ctx, new NoiseException("handshake write failed: " + f.cause(), f.cause()));
                }
            });
        }
    }

    private void succeed(ChannelHandlerContext ctx) {
        done = true;
        NoiseHandshakeResult result = handshake.result();
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.addBefore(ctx.name(), ENCODER_NAME, new NoiseTransportEncoder(result.sendCipher()));
        pipeline.addAfter(ctx.name(), DECODER_NAME, new NoiseTransportDecoder(result.receiveCipher()));
        boolean hadWrites = !pendingWrites.isEmpty();
        pendingWrites.removeAndWriteAll();
        if (hadWrites) {
            ctx.flush();
        }
        ctx.fireUserEventTriggered(new NoiseHandshakeCompletionEvent(result));
        future.complete(result);
        // removal forwards the bytes left after the last handshake frame to the decoder
        pipeline.remove(this);
    }

    private void fail(ChannelHandlerContext ctx, NoiseException reason) {
        if (done) {
            return;
        }
        done = true;
        LOG.log(System.Logger.Level.DEBUG, () -> "noise handshake failed on " + ctx.channel() + ": "
                + reason.getMessage());
        future.completeExceptionally(reason);
        failPendingWrites(reason);
        ctx.fireExceptionCaught(reason);
        ctx.close();
    }

    private void failPendingWrites(Throwable cause) {
        if (pendingWrites != null) {
            pendingWrites.removeAndFailAll(cause);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (!done) {
            done = true;
            NoiseException e = new NoiseException("handshake handler removed before completion");
            future.completeExceptionally(e);
            failPendingWrites(e);
        }
    }

    // Outbound: hold application writes until the transport cipher exists.

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!done) {
            pendingWrites.add(msg, promise);
        } else if (future.isCompletedExceptionally()) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new ClosedChannelException());
        } else {
            ctx.write(msg, promise); // between success and removal: the encoder sits before this handler
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        // held writes are flushed once the handshake completes; handshake frames flush themselves
    }

    @Override
    public void bind(ChannelHandlerContext ctx, SocketAddress localAddress, ChannelPromise promise) {
        ctx.bind(localAddress, promise);
    }

    @Override
    public void connect(ChannelHandlerContext ctx, SocketAddress remoteAddress, SocketAddress localAddress,
            ChannelPromise promise) {
        ctx.connect(remoteAddress, localAddress, promise);
    }

    @Override
    public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.disconnect(promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.close(promise);
    }

    @Override
    public void deregister(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.deregister(promise);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        ctx.read();
    }
}
