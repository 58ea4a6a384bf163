package io.hypha.protocol.ping;

import static io.hypha.protocol.TestHosts.TIMEOUT_S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.host.Connection;
import io.hypha.host.Host;
import io.hypha.protocol.TestHosts;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PingTest {
    private Host a;
    private Host b;

    @BeforeEach
    void start() throws Exception {
        a = TestHosts.start("test/a");
        b = TestHosts.start("test/b");
        b.connect(TestHosts.address(a)).get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        TestHosts.stop(b, a);
    }

    private static PingException pingFailure(java.util.concurrent.CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(TIMEOUT_S, TimeUnit.SECONDS));
        return assertInstanceOf(PingException.class, e.getCause());
    }

    @Test
    void measuresTwentyRoundTripsOnOneStream() throws Exception {
        Ping.install(a);
        Ping pb = Ping.install(b);
        List<Duration> rtts = pb.ping(a.peerId(), 20, Duration.ZERO).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(20, rtts.size());
        for (Duration d : rtts) {
            assertFalse(d.isNegative(), d.toString());
            assertTrue(d.compareTo(PingConfig.DEFAULT_TIMEOUT) < 0, d.toString());
        }
        Duration one = pb.ping(a.peerId()).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertFalse(one.isNegative());
        // and back the other way over the same connection
        Ping.install(a).ping(b.peerId(), 3, Duration.ofMillis(1)).get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    @Test
    void detectsAWrongEcho() throws Exception {
        // a malicious responder: echoes every byte flipped
        a.setStreamHandler(PingProtocol.ID, s -> s.channel().pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf in = (ByteBuf) msg;
                for (int i = in.readerIndex(); i < in.writerIndex(); i++) {
                    in.setByte(i, ~in.getByte(i));
                }
                ctx.writeAndFlush(in);
            }
        }));
        Ping pb = Ping.install(b);
        PingException e = pingFailure(pb.ping(a.peerId()));
        assertEquals(PingException.Reason.WRONG_ECHO, e.reason());
        assertTrue(e.getMessage().contains("echoed different bytes"), e.getMessage());
        Connection c = b.connections(a.peerId()).get(0);
        assertTrue(c.isOpen(), "a wrong echo costs the stream, not the connection");
    }

    @Test
    void timesOutOnASilentResponder() throws Exception {
        a.setStreamHandler(PingProtocol.ID, s -> { });
        Ping pb = Ping.install(b, PingConfig.defaults().withTimeout(Duration.ofMillis(100)));
        assertEquals(PingException.Reason.TIMEOUT, pingFailure(pb.ping(a.peerId())).reason());
    }

    @Test
    void resetsInboundStreamsBeyondTheLimit() throws Exception {
        Ping.install(a);
        Ping pb = Ping.install(b);
        PingSession first = pb.openSession(a.peerId()).get(TIMEOUT_S, TimeUnit.SECONDS);
        PingSession second = pb.openSession(a.peerId()).get(TIMEOUT_S, TimeUnit.SECONDS);
        // a round trip on each proves a counts both as open
        first.ping().get(TIMEOUT_S, TimeUnit.SECONDS);
        second.ping().get(TIMEOUT_S, TimeUnit.SECONDS);
        PingSession third = pb.openSession(a.peerId()).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(PingException.Reason.CLOSED, pingFailure(third.ping()).reason());
        first.ping().get(TIMEOUT_S, TimeUnit.SECONDS);
        first.close();
        second.close();
    }

    @Test
    void aSessionRefusesConcurrentPingsAndFailsAfterClose() throws Exception {
        Ping.install(a);
        PingSession s = Ping.install(b).openSession(a.peerId()).get(TIMEOUT_S, TimeUnit.SECONDS);
        var first = s.ping();
        var second = s.ping();
        first.get(TIMEOUT_S, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class, () -> second.get(TIMEOUT_S, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        s.close();
        assertEquals(PingException.Reason.CLOSED, pingFailure(s.ping()).reason());
    }
}
