package io.hypha.node.internal;

import io.hypha.internal.netty.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The listening side the RPC API and the gateway share: binds a TCP socket on the server's own event loop, counts
 * client connections, answers one beyond the limit {@code 503} and closes it (logged at INFO), and hands every
 * other to the server's pipeline set-up.
 */
public final class HttpListener {
    private static final System.Logger LOG = System.getLogger(HttpListener.class.getName());

    private HttpListener() {}

    /**
     * Listens on {@code bind}; completes with the bound server channel, or fails with an {@link IOException} naming
     * {@code what} (the caller shuts its group down then).
     */
    public static CompletableFuture<Channel> listen(EventLoopGroup group, InetSocketAddress bind, int maxConnections,
            String what, Consumer<SocketChannel> pipeline) {
        AtomicInteger open = new AtomicInteger();
        CompletableFuture<Channel> bound = new CompletableFuture<>();
        new ServerBootstrap().group(group)
                .channelFactory(EventLoops.serverSocketChannel(group, bind.getAddress() instanceof Inet6Address))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (open.incrementAndGet() > maxConnections) {
                            open.decrementAndGet();
                            LOG.log(System.Logger.Level.INFO, what + ": more than " + maxConnections
                                    + " connections; refusing " + ch.remoteAddress());
                            ch.writeAndFlush(Unpooled.copiedBuffer("HTTP/1.1 503 Service Unavailable\r\n"
                                    + "Content-Length: 0\r\nConnection: close\r\n\r\n", StandardCharsets.US_ASCII))
                                    .addListener(ChannelFutureListener.CLOSE);
                            return;
                        }
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        pipeline.accept(ch);
                    }
                })
                .bind(bind).addListener(f -> {
                    if (f.isSuccess()) {
                        bound.complete(((ChannelFuture) f).channel());
                    } else {
                        bound.completeExceptionally(new IOException(what + ": listen on " + bind + " failed: "
                                + f.cause().getMessage(), f.cause()));
                    }
                });
        return bound;
    }
}
