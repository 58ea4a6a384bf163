package io.hypha.muxer.yamux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.muxer.MuxedStreamChannel;
import io.hypha.muxer.MuxerRole;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two yamux sessions over Netty's local transport: the muxer contract end to end. */
class YamuxNettyContractTest {
    private static final int MIB = 1024 * 1024;
    /** Upper bound for any single wait; a hang fails the test instead of blocking the build. */
    private static final long TIMEOUT_SECONDS = 60;

    private static EventLoopGroup group;
    private final List<Channel> toClose = new ArrayList<>();

    @BeforeAll
    static void startGroup() {
        group = new MultiThreadIoEventLoopGroup(2, LocalIoHandler.newFactory());
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void closeChannels() {
        for (Channel c : toClose) {
            c.close().syncUninterruptibly();
        }
    }

    /** A connected pair of sessions; {@code monitor} watches the server's wire. */
    private record Pair(Channel clientConnection, YamuxHandler client, Channel serverConnection, YamuxHandler server,
                        WireMonitor monitor) {}

    private Pair connect(YamuxConfig config, ChannelHandler serverInbound) throws Exception {
        LocalAddress address = new LocalAddress("yamux-" + UUID.randomUUID());
        CompletableFuture<Channel> serverConnection = new CompletableFuture<>();
        WireMonitor monitor = new WireMonitor();
        AtomicReference<YamuxHandler> serverHandler = new AtomicReference<>();
        Channel listener = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        YamuxHandler handler = new YamuxHandler(config, MuxerRole.RESPONDER, serverInbound);
                        ch.pipeline().addLast(new YamuxFrameCodec(), monitor, handler);
                        serverHandler.set(handler);
                        serverConnection.complete(ch);
                    }
                }).bind(address).sync().channel();
        toClose.add(listener);
        YamuxHandler client = new YamuxHandler(config, MuxerRole.INITIATOR, new RefusingInitializer());
        Channel clientConnection = new Bootstrap().group(group).channel(LocalChannel.class)
                .handler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast(new YamuxFrameCodec(), client);
                    }
                }).connect(address).sync().channel();
        toClose.add(clientConnection);
        Channel server = serverConnection.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        toClose.add(server);
        return new Pair(clientConnection, client, server, serverHandler.get(), monitor);
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static void await(ChannelFuture future) {
        assertTrue(future.awaitUninterruptibly(TIMEOUT_SECONDS, TimeUnit.SECONDS), "timed out");
    }

    // ---------------------------------------------------------------------------------------------- handlers

    /** Inbound handler of the client side: this suite never expects the server to open streams. */
    @ChannelHandler.Sharable
    private static final class RefusingInitializer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ((MuxedStreamChannel) ctx.channel()).reset();
        }
    }

    /** Adds a fresh handler from {@code factory} to every inbound stream. */
    @ChannelHandler.Sharable
    private static final class PerStream extends ChannelInitializer<Channel> {
        private final Supplier<ChannelHandler> factory;

        PerStream(Supplier<ChannelHandler> factory) {
            this.factory = factory;
        }

        @Override
        protected void initChannel(Channel ch) {
            ch.pipeline().addLast(factory.get());
        }
    }

    /** Echoes everything, pausing reads while the stream is unwritable; FIN after the peer's FIN. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
            if (!ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(false);
                ctx.flush();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(true);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownEvent.INSTANCE) {
                ctx.flush();
                ((DuplexChannel) ctx.channel()).shutdownOutput().addListener(f -> ctx.close());
            }
        }
    }

    /**
     * Writes {@code payload} honouring writability, then FIN; checksums what comes back until the peer's FIN.
     * Records the largest send queue seen.
     */
    private static final class Sender extends ChannelInboundHandlerAdapter {
        private final byte[] payload;
        private final int chunk;
        private final boolean readBack;
        private int written;
        private boolean finSent;
        private final CRC32 crc = new CRC32();
        private long received;
        long maxQueued;
        final CompletableFuture<Long> done = new CompletableFuture<>();

        Sender(byte[] payload, int chunk, boolean readBack) {
            this.payload = payload;
            this.chunk = chunk;
            this.readBack = readBack;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            writeMore(ctx);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            writeMore(ctx);
        }

        private void writeMore(ChannelHandlerContext ctx) {
            while (written < payload.length && ctx.channel().isWritable()) {
                while (written < payload.length && ctx.channel().isWritable()) {
                    int n = Math.min(chunk, payload.length - written);
                    ctx.write(Unpooled.wrappedBuffer(payload, written, n)).addListener(f -> {
                        if (!f.isSuccess()) {
                            done.completeExceptionally(f.cause());
                        }
                    });
                    written += n;
                    maxQueued = Math.max(maxQueued, ctx.channel().unsafe().outboundBuffer().totalPendingWriteBytes());
                }
                ctx.flush();
            }
            if (written == payload.length && !finSent) {
                finSent = true;
                ((DuplexChannel) ctx.channel()).shutdownOutput();
                if (!readBack) {
                    done.complete(0L);
                }
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            received += buf.readableBytes();
            crc.update(buf.nioBuffer());
            buf.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownEvent.INSTANCE) {
                if (received != payload.length) {
                    done.completeExceptionally(new AssertionError("echoed " + received + " of " + payload.length));
                } else {
                    done.complete(crc.getValue());
                }
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            done.completeExceptionally(cause);
        }
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    // ---------------------------------------------------------------------------------------------- tests

    @Test
    void fiftyConcurrentStreamsEachEchoOneMebibyte() throws Exception {
        Pair pair = connect(YamuxConfig.DEFAULT, new PerStream(Echo::new));
        List<Sender> senders = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        List<CompletableFuture<MuxedStreamChannel>> opened = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] payload = randomBytes(MIB, i);
            Sender sender = new Sender(payload, 16 * 1024, true);
            payloads.add(payload);
            senders.add(sender);
            opened.add(pair.client().newStream(sender));
        }
        for (int i = 0; i < 50; i++) {
            MuxedStreamChannel stream = await(opened.get(i));
            assertEquals(2 * i + 1, ((YamuxStreamChannel) stream).streamId());
        }
        for (int i = 0; i < 50; i++) {
            assertEquals(crc(payloads.get(i)), await(senders.get(i).done), "stream " + i);
            assertTrue(senders.get(i).maxQueued <= YamuxConfig.DEFAULT_MAX_SEND_BUFFER);
        }
        assertNull(pair.monitor().violation);
        assertEquals(50L * MIB, pair.monitor().dataBytes);
        assertTrue(pair.clientConnection().isActive());
    }

    @Test
    void sixtyFourMebibytesToASlowReaderStayWithinTheWindow() throws Exception {
        CompletableFuture<Long> readerDone = new CompletableFuture<>();
        long[] readCalls = new long[1];
        ChannelHandler slowReader = new PerStream(() -> new ChannelInboundHandlerAdapter() {
            private final CRC32 crc = new CRC32();

            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                ctx.channel().config().setAutoRead(false);
            }

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.read();
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf buf = (ByteBuf) msg;
                crc.update(buf.nioBuffer());
                buf.release();
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                // Slow consumer: the next read, and so the window credit, only a millisecond later.
                readCalls[0]++;
                ctx.executor().schedule(() -> {
                    ctx.read();
                }, 1, TimeUnit.MILLISECONDS);
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt == ChannelInputShutdownEvent.INSTANCE) {
                    readerDone.complete(crc.getValue());
                    ctx.close();
                }
            }
        });
        Pair pair = connect(YamuxConfig.DEFAULT, slowReader);
        byte[] payload = randomBytes(64 * MIB, 64);
        Sender sender = new Sender(payload, 64 * 1024, false);
        await(pair.client().newStream(sender));
        await(sender.done);
        assertEquals(crc(payload), await(readerDone));
        assertNull(pair.monitor().violation, pair.monitor().violation);
        assertEquals(64L * MIB, pair.monitor().dataBytes);
        assertTrue(pair.monitor().maxOutstandingWindow <= YamuxConfig.MAX_STREAM_WINDOW_LIMIT);
        assertTrue(sender.maxQueued <= YamuxConfig.DEFAULT_MAX_SEND_BUFFER, "send queue " + sender.maxQueued);
        assertTrue(readCalls[0] > 1);
    }

    @Test
    void writabilityFollowsThePeersWindow() throws Exception {
        CompletableFuture<ChannelHandlerContext> receiver = new CompletableFuture<>();
        Pair pair = connect(YamuxConfig.DEFAULT, new PerStream(() -> new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                ctx.channel().config().setAutoRead(false);
                receiver.complete(ctx);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ((ByteBuf) msg).release();
            }
        }));
        CompletableFuture<Void> writableAgain = new CompletableFuture<>();
        MuxedStreamChannel stream = await(pair.client().newStream(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                if (ctx.channel().isWritable()) {
                    writableAgain.complete(null);
                }
            }
        }));
        CompletableFuture<Long> queuedWhenBlocked = new CompletableFuture<>();
        stream.eventLoop().execute(() -> {
            stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[YamuxConfig.SPEC_INITIAL_WINDOW]));
            stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[1000]));
            queuedWhenBlocked.complete(stream.unsafe().outboundBuffer().totalPendingWriteBytes());
        });
        assertTrue(await(queuedWhenBlocked) >= 1000, "data beyond the window waits in the channel's own buffer");
        CompletableFuture<Boolean> writable = new CompletableFuture<>();
        stream.eventLoop().execute(() -> writable.complete(stream.isWritable()));
        assertFalse(await(writable), "window exhausted");
        assertFalse(writableAgain.isDone());
        ChannelHandlerContext reader = await(receiver);
        reader.executor().execute(() -> reader.channel().config().setAutoRead(true));
        await(writableAgain);
    }

    @Test
    void writeBeyondTheSendBufferFailsTypedAndResetsTheStream() throws Exception {
        Pair pair = connect(YamuxConfig.DEFAULT.withMaxSendBuffer(64 * 1024), new PerStream(() -> new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                ctx.channel().config().setAutoRead(false);
            }
        }));
        MuxedStreamChannel stream = await(pair.client().newStream(new ChannelInboundHandlerAdapter()));
        // one write larger than the bound is accepted into an empty queue: it fills the peer's window
        ChannelFuture fill = stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[YamuxConfig.SPEC_INITIAL_WINDOW]));
        await(fill);
        assertTrue(fill.isSuccess(), String.valueOf(fill.cause()));
        // the reader is not reading: this one waits in the queue, which is then at the bound
        ChannelFuture queued = stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[64 * 1024]));
        assertFalse(queued.isDone(), "no window left: the write waits");
        ChannelFuture tooMuch = stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[1]));
        await(tooMuch);
        YamuxStreamException e = assertInstanceOf(YamuxStreamException.class, tooMuch.cause());
        assertEquals(YamuxStreamException.Reason.SEND_BUFFER_FULL, e.reason());
        ChannelFuture after = stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[1]));
        await(after);
        assertTrue(after.cause() != null, "no write may follow the hole an overflow leaves");
        await(stream.closeFuture());
        assertFalse(stream.isActive(), "an overflowing stream is reset, never left open with bytes missing");
    }

    /**
     * One write larger than a frame, to a peer that does not read: it goes out frame by frame within the peer's
     * window. (Sending the first frame makes the connection unwritable for a moment; the flush that drains it
     * must not leave the rest of the write stranded.)
     */
    @Test
    void aWriteLargerThanAFrameCompletesWithinTheWindowWhileThePeerDoesNotRead() throws Exception {
        Pair pair = connect(YamuxConfig.DEFAULT, new PerStream(() -> new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                ctx.channel().config().setAutoRead(false);
            }
        }));
        MuxedStreamChannel stream = await(pair.client().newStream(new ChannelInboundHandlerAdapter()));
        ChannelFuture write = stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[YamuxConfig.SPEC_INITIAL_WINDOW]));
        await(write);
        assertTrue(write.isSuccess(), String.valueOf(write.cause()));
        assertFalse(stream.isWritable(), "the peer's window is used up");
    }

    @Test
    void halfCloseBothWays() throws Exception {
        CompletableFuture<String> serverGot = new CompletableFuture<>();
        CompletableFuture<Void> serverClosed = new CompletableFuture<>();
        Pair pair = connect(YamuxConfig.DEFAULT, new PerStream(() -> new ChannelInboundHandlerAdapter() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                text.append(((ByteBuf) msg).toString(StandardCharsets.UTF_8));
                ((ByteBuf) msg).release();
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt == ChannelInputShutdownEvent.INSTANCE) {
                    serverGot.complete(text.toString());
                    assertTrue(ctx.channel().isActive(), "half-closed, still open");
                    ctx.writeAndFlush(Unpooled.copiedBuffer("world", StandardCharsets.UTF_8));
                    ((DuplexChannel) ctx.channel()).shutdownOutput().addListener(f -> ctx.close());
                    ctx.channel().closeFuture().addListener(f -> serverClosed.complete(null));
                }
            }
        }));
        CompletableFuture<String> clientGot = new CompletableFuture<>();
        MuxedStreamChannel stream = await(pair.client().newStream(new ChannelInboundHandlerAdapter() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                text.append(((ByteBuf) msg).toString(StandardCharsets.UTF_8));
                ((ByteBuf) msg).release();
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt == ChannelInputShutdownEvent.INSTANCE) {
                    clientGot.complete(text.toString());
                }
            }
        }));
        stream.writeAndFlush(Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8));
        await(stream.shutdownOutput());
        assertTrue(stream.isOutputShutdown());
        assertEquals("hello", await(serverGot));
        assertEquals("world", await(clientGot));
        await(serverClosed);
        await(stream.close());
        CompletableFuture<Integer> counts = new CompletableFuture<>();
        pair.serverConnection().eventLoop().execute(() -> counts.complete(pair.server().streamCount()));
        assertEquals(0, await(counts));
    }

    @Test
    void resetReachesThePeerAsATypedException() throws Exception {
        Pair pair = connect(YamuxConfig.DEFAULT, new PerStream(() -> new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ((ByteBuf) msg).release();
                ((MuxedStreamChannel) ctx.channel()).reset();
            }
        }));
        CompletableFuture<Throwable> clientError = new CompletableFuture<>();
        MuxedStreamChannel stream = await(pair.client().newStream(new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                clientError.complete(cause);
            }
        }));
        stream.writeAndFlush(Unpooled.copiedBuffer("x", StandardCharsets.UTF_8));
        YamuxStreamException e = assertInstanceOf(YamuxStreamException.class, await(clientError));
        assertEquals(YamuxStreamException.Reason.RESET_BY_PEER, e.reason());
        await(stream.closeFuture());
        ChannelFuture late = stream.writeAndFlush(Unpooled.copiedBuffer("y", StandardCharsets.UTF_8));
        await(late);
        assertFalse(late.isSuccess());
    }

    @Test
    void closingTheConnectionClosesStreamsAndFailsPendingOpens() throws Exception {
        Pair pair = connect(YamuxConfig.DEFAULT, new PerStream(() -> new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                ctx.channel().config().setAutoRead(false);
            }
        }));
        MuxedStreamChannel stream = await(pair.client().newStream(new ChannelInboundHandlerAdapter()));
        CompletableFuture<CompletableFuture<MuxedStreamChannel>> pending = new CompletableFuture<>();
        CompletableFuture<ChannelFuture> blockedWrite = new CompletableFuture<>();
        pair.clientConnection().eventLoop().execute(() -> {
            stream.write(Unpooled.wrappedBuffer(new byte[YamuxConfig.SPEC_INITIAL_WINDOW]));
            blockedWrite.complete(stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[10])));
            pending.complete(pair.client().newStream(new ChannelInboundHandlerAdapter()));
            pair.clientConnection().close();
        });
        ExecutionException failed = assertThrows(ExecutionException.class, () -> await(await(pending)));
        assertInstanceOf(YamuxConnectionException.class, failed.getCause());
        ChannelFuture write = await(blockedWrite);
        await(write);
        assertInstanceOf(YamuxConnectionException.class, write.cause(), "data still waiting for window fails typed");
        await(stream.closeFuture());
        await(pair.serverConnection().closeFuture());
        ExecutionException after = assertThrows(ExecutionException.class,
                () -> await(pair.client().newStream(new ChannelInboundHandlerAdapter())));
        assertInstanceOf(YamuxConnectionException.class, after.getCause());
    }

    @Test
    void goAwayStopsNewStreamsButNotExistingOnes() throws Exception {
        Pair pair = connect(YamuxConfig.DEFAULT, new PerStream(Echo::new));
        byte[] payload = randomBytes(300_000, 7);
        Sender sender = new Sender(payload, 16 * 1024, true);
        CompletableFuture<Void> sent = new CompletableFuture<>();
        pair.clientConnection().eventLoop().execute(() -> {
            // SYN first, GoAway right behind it on the wire: the stream is accepted, later ones are not.
            pair.client().newStream(sender);
            pair.client().goAway();
            sent.complete(null);
        });
        await(sent);
        assertEquals(crc(payload), await(sender.done), "the existing stream finishes");
        for (YamuxHandler side : List.of(pair.client(), pair.server())) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> await(side.newStream(new ChannelInboundHandlerAdapter())));
            YamuxStreamException e = assertInstanceOf(YamuxStreamException.class, refused.getCause());
            assertEquals(YamuxStreamException.Reason.REFUSED, e.reason());
        }
    }
}
