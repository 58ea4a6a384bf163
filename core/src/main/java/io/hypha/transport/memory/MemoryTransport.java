package io.hypha.transport.memory;

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
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.SocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connections inside one JVM on Netty's local channels, addressed {@code /memory/<n>}. Listening on
 * {@code /memory/0} takes a fresh number, as port 0 does for TCP. Every dialer is given a fresh number of its
 * own too, so both ends of a connection have an address, as with TCP's ephemeral ports. Dialing a number
 * nobody listens on fails at once with a {@link TransportException}.
 *
 * <p>Numbers belong to a {@link Network}: hosts see each other only through the same network, so tests can
 * run side by side. A network also owns a small group of event loops for local channels, which hosts may
 * share ({@code HostBuilder.eventLoopGroup(network.eventLoopGroup())}).
 *
 * <p>Event loops: Netty 4.2 runs a channel only on a loop whose {@code IoHandler} accepts its kind of
 * handle, and the NIO and epoll handlers refuse local channels. So connections run on the group this
 * transport is given when that group is made of {@code LocalIoHandler} loops, and on the network's group
 * otherwise. Everything the host layers on top (multistream, Noise, yamux) runs on the channel's own loop,
 * whichever that is.
 */
public final class MemoryTransport implements Transport {
    /** The name of this transport in metrics. */
    public static final String NAME = "memory";

    private final Network network;
    private final EventLoopGroup group;
    private final ChannelGroup listeners = new DefaultChannelGroup("memory-listeners", GlobalEventExecutor.INSTANCE);

    /**
     * A transport on {@code network}, running its channels on {@code group} when that group runs local channels
     * and on the network's group otherwise.
     */
    public MemoryTransport(EventLoopGroup group, Network network) {
        this.network = Objects.requireNonNull(network, "network");
        this.group = EventLoops.runsLocalChannels(Objects.requireNonNull(group, "group")) ? group
                : network.eventLoopGroup();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean canDial(Multiaddr address) {
        Multiaddr a = address.withoutPeerId();
        return isMemory(a) && number(a) != 0;
    }

    @Override
    public boolean canListen(Multiaddr address) {
        return isMemory(address);
    }

    private static boolean isMemory(Multiaddr address) {
        List<Component> c = address.components();
        return c.size() == 1 && c.get(0).protocol() == Protocol.MEMORY;
    }

    @Override
    public CompletableFuture<Channel> dial(Multiaddr address, ChannelHandler initializer) {
        if (!canDial(address)) {
            return CompletableFuture.failedFuture(new TransportException("memory cannot dial " + address));
        }
        long target = number(address.withoutPeerId());
        long local;
        try {
            local = network.claim(0);
        } catch (TransportException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Channel> result = new CompletableFuture<>();
        ChannelFuture connect = new Bootstrap()
                .group(group)
                .channel(LocalChannel.class)
                .handler(initializer)
                .connect(network.localAddress(target), network.localAddress(local));
        connect.channel().closeFuture().addListener(f -> network.release(local));
        connect.addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                result.complete(f.channel());
            } else {
                network.release(local);
                result.completeExceptionally(new TransportException("dial " + address + " failed: "
                        + (f.cause().getMessage() != null ? f.cause().getMessage() : f.cause()), f.cause()));
            }
        });
        return result;
    }

    @Override
    public CompletableFuture<Listener> listen(Multiaddr address, ChannelHandler childInitializer) {
        if (!canListen(address)) {
            return CompletableFuture.failedFuture(new TransportException("memory cannot listen on " + address));
        }
        long n;
        try {
            n = network.claim(number(address));
        } catch (TransportException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Listener> result = new CompletableFuture<>();
        ChannelFuture bind = new ServerBootstrap()
                .group(group)
                .channel(LocalServerChannel.class)
                .handler(AcceptOrder.STAMP)
                .childHandler(childInitializer)
                .bind(network.localAddress(n));
        bind.channel().closeFuture().addListener(f -> network.release(n));
        bind.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                network.release(n);
                result.completeExceptionally(new TransportException("listen on " + address + " failed: "
                        + f.cause().getMessage(), f.cause()));
                return;
            }
            listeners.add(f.channel());
            result.complete(new MemoryListener(f.channel(), toMultiaddr(n)));
        });
        return result;
    }

    @Override
    public Multiaddr addressOf(SocketAddress address) {
        if (!(address instanceof LocalAddress local)) {
            return null;
        }
        return network.number(local).map(MemoryTransport::toMultiaddr).orElse(null);
    }

    @Override
    public void close() {
        listeners.close().awaitUninterruptibly();
    }

    /** {@code /memory/<n>}. */
    public static Multiaddr toMultiaddr(long n) {
        return Multiaddr.of(Component.parse(Protocol.MEMORY, Long.toUnsignedString(n)));
    }

    private static long number(Multiaddr memory) {
        return Long.parseUnsignedLong(memory.components().get(0).valueString());
    }

    private record MemoryListener(Channel server, Multiaddr address) implements Listener {
        @Override
        public CompletableFuture<Void> close() {
            CompletableFuture<Void> done = new CompletableFuture<>();
            server.close().addListener(f -> done.complete(null));
            return done;
        }
    }

    /**
     * A space of {@code /memory/<n>} numbers, and event loops for local channels. Transports on different
     * networks never reach each other. Netty's registry of local addresses is shared by the whole JVM, so a
     * network names its addresses with a random prefix of its own, and hands out each number once until it
     * is released. Close it after the hosts that use it.
     */
    public static final class Network implements AutoCloseable {
        /** Event loop threads of a network made with {@link #Network()}. */
        public static final int DEFAULT_THREADS = 2;
        /** Fresh numbers tried before {@code /memory/0} gives up (only numbers bound explicitly collide). */
        static final int MAX_CLAIM_ATTEMPTS = 1024;

        private final String prefix = "hypha-memory-" + UUID.randomUUID() + "-";
        private final AtomicLong next = new AtomicLong();
        private final Set<Long> inUse = ConcurrentHashMap.newKeySet();
        private final EventLoopGroup group;

        /** A network with {@link #DEFAULT_THREADS} event loop threads. */
        public Network() {
            this(DEFAULT_THREADS);
        }

        /** A network with {@code threads} event loop threads for local channels. */
        public Network(int threads) {
            if (threads <= 0) {
                throw new IllegalArgumentException("threads must be positive");
            }
            this.group = EventLoops.newLocalGroup(threads, "hypha-memory");
        }

        /**
         * This network's event loops: they run local channels only, so a host given this group
         * ({@code HostBuilder.eventLoopGroup}) must use memory transports only.
         */
        public EventLoopGroup eventLoopGroup() {
            return group;
        }

        /** Stops the event loops; hosts using them should be closed first. */
        @Override
        public void close() {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }

        /** Takes {@code n}, or a fresh number when {@code n} is 0. */
        long claim(long n) throws TransportException {
            if (n != 0) {
                if (!inUse.add(n)) {
                    throw new TransportException("/memory/" + Long.toUnsignedString(n) + " is in use");
                }
                return n;
            }
            for (int i = 0; i < MAX_CLAIM_ATTEMPTS; i++) {
                long fresh = next.incrementAndGet();
                if (fresh != 0 && inUse.add(fresh)) {
                    return fresh;
                }
            }
            throw new TransportException("no free /memory number after " + MAX_CLAIM_ATTEMPTS + " attempts");
        }

        void release(long n) {
            inUse.remove(n);
        }

        LocalAddress localAddress(long n) {
            return new LocalAddress(prefix + Long.toUnsignedString(n));
        }

        /** The number of one of this network's local addresses. */
        java.util.Optional<Long> number(LocalAddress address) {
            String id = address.id();
            if (!id.startsWith(prefix)) {
                return java.util.Optional.empty();
            }
            try {
                return java.util.Optional.of(Long.parseUnsignedLong(id.substring(prefix.length())));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        }
    }
}
