package io.hypha.internal.netty;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.channels.spi.SelectorProvider;
import java.util.function.Consumer;

/** Event loop groups and the socket channel classes that go with them: native epoll when present, else NIO. */
public final class EventLoops {
    private EventLoops() {}

    /** Whether the native epoll transport loaded on this machine. */
    public static boolean epollAvailable() {
        return Epoll.isAvailable();
    }

    /** A group of {@code threads} daemon event loops named {@code name-N}, epoll when available. */
    public static EventLoopGroup newGroup(int threads, String name) {
        return newGroup(threads, name, null);
    }

    /**
     * As {@link #newGroup(int, String)}; an error that ends an event-loop thread goes to {@code onDeath}
     * when it is a {@link VirtualMachineError} (the loop is dead: the owner must not run on half-dead).
     */
    public static EventLoopGroup newGroup(int threads, String name, Consumer<Throwable> onDeath) {
        DefaultThreadFactory factory = new DefaultThreadFactory(name, true) {
            @Override
            protected Thread newThread(Runnable r, String threadName) {
                Thread t = super.newThread(r, threadName);
                if (onDeath != null) {
                    Thread.UncaughtExceptionHandler previous = t.getUncaughtExceptionHandler();
                    t.setUncaughtExceptionHandler((thread, error) -> {
                        if (FatalErrors.isFatal(error)) {
                            onDeath.accept(error);
                        }
                        previous.uncaughtException(thread, error);
                    });
                }
                return t;
            }
        };
        return new MultiThreadIoEventLoopGroup(threads, factory,
                epollAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /**
     * A group of {@code threads} daemon event loops named {@code name-N} that run Netty's in-JVM local channels
     * (and only those). In Netty 4.2 a channel runs on a loop whose {@code IoHandler} accepts its kind of handle:
     * the NIO and epoll handlers refuse local channels, so these need a group of {@link LocalIoHandler} loops.
     */
    public static EventLoopGroup newLocalGroup(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true),
                LocalIoHandler.newFactory());
    }

    /** Whether Netty's local channels can be registered on {@code group}'s loops. */
    public static boolean runsLocalChannels(EventLoopGroup group) {
        return group instanceof IoEventLoopGroup io && io.isIoType(LocalIoHandler.class);
    }

    private static boolean isEpoll(EventLoopGroup group) {
        return group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class);
    }

    /** The client socket channel class that runs on {@code group}. */
    public static Class<? extends SocketChannel> socketChannel(EventLoopGroup group) {
        return isEpoll(group) ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** The datagram (UDP) channel class that runs on {@code group}. */
    public static Class<? extends DatagramChannel> datagramChannel(EventLoopGroup group) {
        return isEpoll(group) ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /**
     * Linux {@code IPV6_V6ONLY} (level {@code IPPROTO_IPV6} 41, option 26): an IPv6 listener that takes no IPv4
     * connections, so {@code /ip4/0.0.0.0/tcp/P} and {@code /ip6/::/tcp/P} can both be bound, as go-libp2p does.
     */
    private static final IntegerUnixChannelOption IPV6_V6ONLY = new IntegerUnixChannelOption("IPV6_V6ONLY", 41, 26);

    /**
     * Makes server sockets of one address family on {@code group}: IPv4 sockets for IPv4 addresses, and for IPv6
     * addresses IPv6 sockets that are IPv6-only where the platform lets us say so (native epoll). The dual-stack
     * default would report an IPv4 listener as {@code ::} and stop the IPv6 one from binding the same port.
     */
    public static ChannelFactory<ServerChannel> serverSocketChannel(EventLoopGroup group, boolean ipv6) {
        SocketProtocolFamily family = ipv6 ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
        if (isEpoll(group)) {
            return () -> {
                EpollServerSocketChannel ch = new EpollServerSocketChannel(family);
                if (ipv6) {
                    ch.config().setOption(IPV6_V6ONLY, 1);
                }
                return ch;
            };
        }
        return () -> new NioServerSocketChannel(SelectorProvider.provider(), family);
    }
}
