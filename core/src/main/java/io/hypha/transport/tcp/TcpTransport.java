package io.hypha.transport.tcp;

import io.hypha.internal.netty.EventLoops;
import io.hypha.multiaddr.Component;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiaddr.Protocol;
import io.hypha.transport.AcceptOrder;
import io.hypha.transport.Listener;
import io.hypha.transport.Transport;
import io.hypha.transport.TransportException;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * TCP on Netty. Dials and listens on {@code /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>} (a trailing
 * {@code /p2p/<id>} is the host's business and ignored here). Native epoll when available, NIO otherwise;
 * {@code TCP_NODELAY} on every connection. Name resolution runs off the event loop.
 */
public final class TcpTransport implements Transport {
    /** The name of this transport in metrics. */
    public static final String NAME = "tcp";

    private final EventLoopGroup group;
    private final TcpConfig config;
    private final ChannelGroup listeners = new DefaultChannelGroup("tcp-listeners", GlobalEventExecutor.INSTANCE);

    public TcpTransport(EventLoopGroup group, TcpConfig config) {
        this.group = Objects.requireNonNull(group, "group");
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Multiaddr addressOf(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null ? toMultiaddr(inet) : null;
    }

    @Override
    public boolean canDial(Multiaddr address) {
        List<Component> c = address.withoutPeerId().components();
        return c.size() == 2 && isHost(c.get(0).protocol()) && c.get(1).protocol() == Protocol.TCP;
    }

    @Override
    public boolean canListen(Multiaddr address) {
        return isIpTcp(address);
    }

    private static boolean isIpTcp(Multiaddr address) {
        List<Component> c = address.components();
        return c.size() == 2 && (c.get(0).protocol() == Protocol.IP4 || c.get(0).protocol() == Protocol.IP6)
                && c.get(1).protocol() == Protocol.TCP;
    }

    private static boolean isHost(Protocol p) {
        return p == Protocol.IP4 || p == Protocol.IP6 || p == Protocol.DNS || p == Protocol.DNS4 || p == Protocol.DNS6;
    }

    @Override
    public CompletableFuture<Channel> dial(Multiaddr address, ChannelHandler initializer) {
        if (!canDial(address)) {
            return CompletableFuture.failedFuture(new TransportException("tcp cannot dial " + address));
        }
        List<Component> c = address.withoutPeerId().components();
        int port = port(c.get(1));
        return resolve(c.get(0)).thenCompose(ip -> {
            CompletableFuture<Channel> result = new CompletableFuture<>();
            Bootstrap b = new Bootstrap()
                    .group(group)
                    .channel(EventLoops.socketChannel(group))
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                    .handler(initializer);
            b.connect(new InetSocketAddress(ip, port)).addListener((ChannelFuture f) -> {
                if (f.isSuccess()) {
                    result.complete(f.channel());
                } else {
                    result.completeExceptionally(new TransportException(
                            "dial " + address + " failed: " + describe(f.cause()), f.cause()));
                }
            });
            return result;
        });
    }

    @Override
    public CompletableFuture<Listener> listen(Multiaddr address, ChannelHandler childInitializer) {
        if (!canListen(address)) {
            return CompletableFuture.failedFuture(new TransportException("tcp cannot listen on " + address));
        }
        InetSocketAddress bindTo = toSocketAddress(address);
        CompletableFuture<Listener> result = new CompletableFuture<>();
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channelFactory(EventLoops.serverSocketChannel(group, address.components().get(0).protocol() == Protocol.IP6))
                .option(ChannelOption.SO_BACKLOG, config.backlog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .handler(AcceptOrder.STAMP)
                .childHandler(childInitializer);
        b.bind(bindTo).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new TransportException(
                        "listen on " + address + " failed: " + describe(f.cause()), f.cause()));
                return;
            }
            Channel server = f.channel();
            listeners.add(server);
            result.complete(new TcpListener(server, toMultiaddr((InetSocketAddress) server.localAddress())));
        });
        return result;
    }

    @Override
    public void close() {
        listeners.close().awaitUninterruptibly();
    }

    /**
     * {@code /ip4/ADDR/tcp/PORT} or {@code /ip6/ADDR/tcp/PORT} as a socket address.
     *
     * @throws IllegalArgumentException for any other address
     */
    public static InetSocketAddress toSocketAddress(Multiaddr address) {
        if (!isIpTcp(address)) {
            throw new IllegalArgumentException("not an /ip4|ip6/ADDR/tcp/PORT address: " + address);
        }
        List<Component> c = address.components();
        try {
            return new InetSocketAddress(InetAddress.getByAddress(c.get(0).value()), port(c.get(1)));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad IP address in " + address, e);
        }
    }

    /** The multiaddr of a socket address: {@code /ip4|ip6/<addr>/tcp/<port>}. */
    public static Multiaddr toMultiaddr(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        Protocol proto = ip instanceof Inet6Address ? Protocol.IP6 : Protocol.IP4;
        byte[] raw = ip instanceof Inet4Address || ip instanceof Inet6Address ? ip.getAddress() : null;
        if (raw == null) {
            throw new IllegalArgumentException("not an IP address: " + address);
        }
        byte[] port = ByteBuffer.allocate(2).putShort((short) address.getPort()).array();
        return Multiaddr.of(new Component(proto, raw), new Component(Protocol.TCP, port));
    }

    private WriteBufferWaterMark waterMark() {
        return new WriteBufferWaterMark(config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark());
    }

    private static int port(Component tcp) {
        byte[] v = tcp.value();
        return ((v[0] & 0xFF) << 8) | (v[1] & 0xFF);
    }

    /** Resolves the host part; DNS lookups run on a virtual thread, never on an event loop. */
    private static CompletableFuture<InetAddress> resolve(Component host) {
        Protocol p = host.protocol();
        if (p == Protocol.IP4 || p == Protocol.IP6) {
            try {
                return CompletableFuture.completedFuture(InetAddress.getByAddress(host.value()));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(new TransportException("bad address " + host, e));
            }
        }
        String name = host.valueString();
        CompletableFuture<InetAddress> result = new CompletableFuture<>();
        Thread.ofVirtual().name("dns-" + name).start(() -> {
            try {
                for (InetAddress a : InetAddress.getAllByName(name)) {
                    if (p == Protocol.DNS || (p == Protocol.DNS4) == (a instanceof Inet4Address)) {
                        result.complete(a);
                        return;
                    }
                }
                result.completeExceptionally(new TransportException("no " + p.protocolName() + " address for " + name));
            } catch (UnknownHostException e) {
                result.completeExceptionally(new TransportException("cannot resolve " + name, e));
            }
        });
        return result;
    }

    private static String describe(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    private record TcpListener(Channel server, Multiaddr address) implements Listener {
        @Override
        public CompletableFuture<Void> close() {
            CompletableFuture<Void> done = new CompletableFuture<>();
            server.close().addListener(f -> done.complete(null));
            return done;
        }
    }
}
