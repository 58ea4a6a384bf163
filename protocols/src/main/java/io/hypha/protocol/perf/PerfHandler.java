package io.hypha.protocol.perf;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * The Netty side of perf: {@link Server} and {@link Client}, and the {@link Sender} both use to write a given
 * number of bytes at the pace the stream's writability allows.
 */
final class PerfHandler {
    private static final System.Logger LOG = System.getLogger(PerfHandler.class.getName());

    private PerfHandler() {}

    /** Half-closes a stream channel (yamux FIN); a channel that cannot half-close is closed. */
    static ChannelFuture shutdownOutput(Channel ch) {
        return ch instanceof DuplexChannel d ? d.shutdownOutput() : ch.close();
    }

    /**
     * Writes {@code total} bytes in chunks while the channel is writable, resuming on writability changes, then
     * half-closes and runs {@code done} once the FIN is handed to the connection.
     */
    static final class Sender {
        private final int chunk;
        private final Runnable done;
        private long remaining;
        private boolean finished;
        private boolean pumping;

        Sender(long total, int chunk, Runnable done) {
            this.remaining = total;
            this.chunk = chunk;
            this.done = done;
        }

        void pump(ChannelHandlerContext ctx) {
            // A write or flush can fire channelWritabilityChanged synchronously, which calls back in here: the
            // outer call re-checks writability after each flush, so the nested one has nothing to do.
            if (pumping) {
                return;
            }
            pumping = true;
            try {
                Channel ch = ctx.channel();
                while (remaining > 0 && ch.isWritable() && ch.isActive()) {
                    while (remaining > 0 && ch.isWritable()) {
                        int n = (int) Math.min(chunk, remaining);
                        ctx.write(PerfCodec.zeros(n), ctx.voidPromise());
                        remaining -= n;
                    }
                    ctx.flush();
                }
                if (remaining == 0 && !finished) {
                    finished = true;
                    // FIN follows only what was flushed: flush the header of an empty upload too
                    ctx.flush();
                    shutdownOutput(ch).addListener(f -> {
                        if (f.isSuccess()) {
                            done.run();
                        }
                    });
                }
            } finally {
                pumping = false;
            }
        }
    }

    /**
     * The server: reads the header, counts the upload to the end of stream, then sends the bytes asked for and
     * closes. A stream that ends inside the header, or asks for more than the configured maximum, is reset.
     */
    static final class Server extends ChannelInboundHandlerAdapter {
        private final PerfConfig config;
        private final LongConsumer onDrained;
        private final byte[] header = new byte[PerfProtocol.HEADER_BYTES];
        private int headerRead;
        private long requested = -1;
        private long drained;
        private Sender sender;

        /** @param onDrained told the number of upload bytes received, at the end of the upload */
        Server(PerfConfig config, LongConsumer onDrained) {
            this.config = config;
            this.onDrained = onDrained;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf in)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            try {
                while (headerRead < header.length && in.isReadable()) {
                    header[headerRead++] = in.readByte();
                }
                if (headerRead == header.length && requested < 0) {
                    requested = PerfCodec.decodeHeader(header);
                    if (requested < 0 || requested > config.maxResponseBytes()) {
                        reset(ctx, "asks for " + Long.toUnsignedString(requested) + " bytes, more than "
                                + config.maxResponseBytes());
                        return;
                    }
                }
                drained += in.readableBytes();
            } finally {
                in.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent && sender == null && ctx.channel().isActive()) {
                if (requested < 0) {
                    reset(ctx, "ended its stream inside the " + PerfProtocol.HEADER_BYTES + "-byte header");
                } else {
                    onDrained.accept(drained);
                    sender = new Sender(requested, config.writeChunk(), ctx::close);
                    sender.pump(ctx);
                }
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (sender != null) {
                sender.pump(ctx);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(System.Logger.Level.DEBUG, () -> "perf stream " + ctx.channel() + " failed: " + cause);
            ctx.close();
        }

        private static void reset(ChannelHandlerContext ctx, String why) {
            LOG.log(System.Logger.Level.DEBUG, () -> "resetting perf stream " + ctx.channel() + ": the client " + why);
            if (ctx.channel() instanceof io.hypha.muxer.MuxedStreamChannel m) {
                m.reset();
            } else {
                ctx.close();
            }
        }
    }

    /**
     * The client: on becoming active writes the header and the upload, half-closes, counts the download and
     * completes {@link #result()} at the server's end of stream if exactly the bytes asked for arrived.
     */
    static final class Client extends ChannelInboundHandlerAdapter {
        private final Clock clock;
        private final Instant started;
        private final long uploadBytes;
        private final long downloadBytes;
        private final int chunk;
        private final CompletableFuture<PerfResult> result = new CompletableFuture<>();
        private Sender sender;
        private Instant uploadStart;
        private Instant uploadEnd;
        private long received;

        Client(Clock clock, Instant started, long uploadBytes, long downloadBytes, int chunk) {
            this.clock = clock;
            this.started = started;
            this.uploadBytes = uploadBytes;
            this.downloadBytes = downloadBytes;
            this.chunk = chunk;
        }

        CompletableFuture<PerfResult> result() {
            return result;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            if (ctx.channel().isActive()) {
                start(ctx);
            }
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            start(ctx);
            ctx.fireChannelActive();
        }

        private void start(ChannelHandlerContext ctx) {
            if (sender != null) {
                return;
            }
            ctx.write(PerfCodec.header(downloadBytes), ctx.voidPromise());
            uploadStart = clock.instant();
            sender = new Sender(uploadBytes, chunk, () -> uploadEnd = clock.instant());
            sender.pump(ctx);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (sender != null) {
                sender.pump(ctx);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf in) {
                received += in.readableBytes();
            }
            ReferenceCountUtil.release(msg);
            if (received > downloadBytes) {
                fail(ctx, new PerfException("server sent more than the " + downloadBytes + " bytes asked for"));
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent && !result.isDone()) {
                Instant end = clock.instant();
                if (uploadEnd == null) {
                    fail(ctx, new PerfException("server closed its side before our upload finished"));
                } else if (received != downloadBytes) {
                    fail(ctx, new PerfException("server sent " + received + " of the " + downloadBytes
                            + " bytes asked for"));
                } else {
                    result.complete(new PerfResult(uploadBytes, received, Duration.between(uploadStart, uploadEnd),
                            Duration.between(uploadEnd, end), Duration.between(started, end)));
                    ctx.close();
                }
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new PerfException("perf stream closed after " + received + " of "
                    + downloadBytes + " bytes"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx, new PerfException("perf stream failed: " + cause.getMessage(), cause));
        }

        private void fail(ChannelHandlerContext ctx, PerfException e) {
            if (result.completeExceptionally(e)) {
                LOG.log(System.Logger.Level.DEBUG, () -> "perf run on " + ctx.channel() + " failed: " + e.getMessage());
                if (ctx.channel() instanceof io.hypha.muxer.MuxedStreamChannel m) {
                    m.reset();
                } else {
                    ctx.close();
                }
            }
        }
    }
}
