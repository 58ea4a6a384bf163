package io.hypha.bench;

import io.hypha.muxer.MuxedStreamChannel;
import io.hypha.muxer.MuxerRole;
import io.hypha.muxer.yamux.YamuxConfig;
import io.hypha.muxer.yamux.YamuxFrameCodec;
import io.hypha.muxer.yamux.YamuxHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of one yamux stream over Netty, as a plain main (not a unit test: performance is measured, not
 * asserted). Usage: {@code YamuxThroughput [local|tcp] [MiB per run] [max frame KiB]}; prints MB/s per run.
 */
public final class YamuxThroughput {
    private static final int WARMUP_RUNS = 3;
    private static final int MEASURED_RUNS = 5;
    private static final int WRITE_CHUNK = 64 * 1024;

    private YamuxThroughput() {}

    public static void main(String[] args) throws Exception {
        boolean tcp = args.length > 0 && args[0].equals("tcp");
        int mib = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int frameKib = args.length > 2 ? Integer.parseInt(args[2]) : YamuxConfig.DEFAULT_MAX_FRAME_SIZE / 1024;
        YamuxConfig config = YamuxConfig.DEFAULT.withMaxFrameSize(frameKib * 1024);
        IoHandlerFactory io = tcp ? NioIoHandler.newFactory() : LocalIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, io);
        try {
            Class<? extends ServerChannel> serverType = tcp ? NioServerSocketChannel.class : LocalServerChannel.class;
            Class<? extends Channel> clientType = tcp ? NioSocketChannel.class : LocalChannel.class;
            SocketAddress bindTo = tcp ? new InetSocketAddress("127.0.0.1", 0) : new LocalAddress("yamux-bench");
            Sink sink = new Sink();
            Channel listener = new ServerBootstrap().group(group).channel(serverType)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new YamuxFrameCodec(), new YamuxHandler(config, MuxerRole.RESPONDER, sink));
                        }
                    }).bind(bindTo).sync().channel();
            YamuxHandler client = new YamuxHandler(config, MuxerRole.INITIATOR, sink);
            Bootstrap bootstrap = new Bootstrap().group(group).channel(clientType)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new YamuxFrameCodec(), client);
                        }
                    });
            if (tcp) {
                bootstrap.option(ChannelOption.TCP_NODELAY, true);
            }
            Channel connection = bootstrap.connect(listener.localAddress()).sync().channel();
            System.out.printf("yamux one stream over %s, %d MiB per run, max frame %d KiB, %s%n",
                    tcp ? "loopback TCP (NIO)" : "LocalChannel", mib, frameKib, Runtime.version());
            for (int run = 0; run < WARMUP_RUNS + MEASURED_RUNS; run++) {
                long bytes = (long) mib * 1024 * 1024;
                sink.expect(bytes);
                long start = System.nanoTime();
                client.newStream(new Source(bytes)).get(60, TimeUnit.SECONDS);
                sink.done.get(120, TimeUnit.SECONDS);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%s run %d: %.0f MB/s (%.1f MiB/s)%n", run < WARMUP_RUNS ? "warmup" : "measured",
                        run, bytes / seconds / 1e6, bytes / seconds / (1024 * 1024));
            }
            connection.close().sync();
            listener.close().sync();
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
    }

    /** Writes {@code total} bytes in 64 KiB slices of one shared buffer, honouring writability, then FIN. */
    private static final class Source extends ChannelInboundHandlerAdapter {
        private static final ByteBuf CHUNK = Unpooled.unreleasableBuffer(Unpooled.directBuffer(WRITE_CHUNK).writeZero(WRITE_CHUNK));
        private long remaining;

        Source(long total) {
            this.remaining = total;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        private void pump(ChannelHandlerContext ctx) {
            while (remaining > 0 && ctx.channel().isWritable()) {
                while (remaining > 0 && ctx.channel().isWritable()) {
                    int n = (int) Math.min(WRITE_CHUNK, remaining);
                    ctx.write(CHUNK.retainedSlice(0, n), ctx.voidPromise());
                    remaining -= n;
                }
                ctx.flush();
            }
            if (remaining == 0) {
                remaining = -1;
                ((DuplexChannel) ctx.channel()).shutdownOutput();
            }
        }
    }

    /** Discards what arrives (autoRead on) and completes when the stream's FIN arrives with every byte. */
    @ChannelHandler.Sharable
    private static final class Sink extends ChannelInboundHandlerAdapter {
        private volatile long expected;
        private long received;
        volatile CompletableFuture<Long> done;

        void expect(long bytes) {
            expected = bytes;
            done = new CompletableFuture<>();
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            received = 0;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            received += buf.readableBytes();
            buf.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownEvent.INSTANCE) {
                if (received == expected) {
                    done.complete(received);
                } else {
                    done.completeExceptionally(new IllegalStateException("received " + received + " of " + expected));
                }
                ((MuxedStreamChannel) ctx.channel()).close();
            }
        }
    }
}
