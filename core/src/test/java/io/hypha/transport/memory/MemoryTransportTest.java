package io.hypha.transport.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hypha.internal.netty.EventLoops;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.transport.Listener;
import io.hypha.transport.Transport;
import io.hypha.transport.TransportContract;
import io.hypha.transport.TransportException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MemoryTransportTest {
    private static final long TIMEOUT_S = 10;
    private final MemoryTransport.Network one = new MemoryTransport.Network(1);
    private final MemoryTransport.Network two = new MemoryTransport.Network(1);

    @AfterEach
    void stop() {
        one.close();
        two.close();
    }

    @Test
    void networksDoNotSeeEachOther() throws Exception {
        try (Transport a = new MemoryTransport(one.eventLoopGroup(), one);
                Transport b = new MemoryTransport(two.eventLoopGroup(), two)) {
            Listener l = a.listen(Multiaddr.parse("/memory/0"), new ChannelInboundHandlerAdapter())
                    .get(TIMEOUT_S, TimeUnit.SECONDS);
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> b.dial(l.address(), new ChannelInboundHandlerAdapter()).get(TIMEOUT_S, TimeUnit.SECONDS));
            assertInstanceOf(TransportException.class, e.getCause());
            Channel ch = a.dial(l.address(), new ChannelInboundHandlerAdapter()).get(TIMEOUT_S, TimeUnit.SECONDS);
            ch.close().syncUninterruptibly();
        }
    }

    @Test
    void aNumberTakenCannotBeTakenAgainUntilReleased() throws Exception {
        try (Transport t = new MemoryTransport(one.eventLoopGroup(), one)) {
            Multiaddr seven = Multiaddr.parse("/memory/7");
            Listener l = t.listen(seven, new ChannelInboundHandlerAdapter()).get(TIMEOUT_S, TimeUnit.SECONDS);
            assertEquals(seven, l.address());
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> t.listen(seven, new ChannelInboundHandlerAdapter()).get(TIMEOUT_S, TimeUnit.SECONDS));
            assertInstanceOf(TransportException.class, e.getCause());
            l.close().get(TIMEOUT_S, TimeUnit.SECONDS);
            t.listen(seven, new ChannelInboundHandlerAdapter()).get(TIMEOUT_S, TimeUnit.SECONDS);
        }
    }

    @Test
    void givenSocketEventLoopsItRunsOnTheNetworksLoops() throws Exception {
        EventLoopGroup nio = EventLoops.newGroup(1, "memory-nio");
        try (Transport t = new MemoryTransport(nio, one)) {
            Listener l = t.listen(Multiaddr.parse("/memory/0"), new ChannelInboundHandlerAdapter())
                    .get(TIMEOUT_S, TimeUnit.SECONDS);
            Channel ch = t.dial(l.address(), new ChannelInboundHandlerAdapter()).get(TIMEOUT_S, TimeUnit.SECONDS);
            assertSame(one.eventLoopGroup(), ch.eventLoop().parent());
            ch.close().syncUninterruptibly();
        } finally {
            nio.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** The whole contract again on NIO or epoll loops, which cannot run local channels themselves. */
    @Nested
    class OnSocketEventLoops extends TransportContract {
        @Override
        protected EventLoopGroup newGroup() {
            return EventLoops.newGroup(1, "memory-contract-nio");
        }

        @Override
        protected Transport newTransport(EventLoopGroup group) {
            return new MemoryTransport(group, one);
        }

        @Override
        protected Multiaddr anyListenAddress() {
            return Multiaddr.parse("/memory/0");
        }

        @Override
        protected Multiaddr foreignAddress() {
            return Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");
        }
    }
}
