package io.hypha.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.testing.EchoHandler;
import io.hypha.testing.StreamCollector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DuplexChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The host's byte counters: the counting handler, the rates over a window, and real traffic between two hosts. */
class BandwidthTest {
    private static final long TIMEOUT_S = 20;

    /** A clock the test moves. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void ratesAreMeasuredOverAtLeastOneSecond() {
        ManualClock clock = new ManualClock();
        AtomicLong in = new AtomicLong();
        AtomicLong out = new AtomicLong();
        Bandwidth bw = new Bandwidth(clock, in::get, out::get);
        in.addAndGet(1000);
        clock.now = clock.now.plusMillis(500);
        assertEquals(0.0, bw.snapshot().rateIn(), "no full window yet");
        clock.now = clock.now.plusMillis(1500);
        out.addAndGet(4000);
        Bandwidth.Stats s = bw.snapshot();
        assertEquals(500.0, s.rateIn(), 1e-9);
        assertEquals(2000.0, s.rateOut(), 1e-9);
        clock.now = clock.now.plus(Duration.ofMillis(100));
        assertEquals(500.0, bw.snapshot().rateIn(), 1e-9, "a sample within the window keeps the last rate");
        clock.now = clock.now.plus(Duration.ofSeconds(1));
        assertEquals(0.0, bw.snapshot().rateIn(), 1e-9, "nothing read in the new window");
    }

    @Test
    void hostsCountTheirConnectionsTraffic() throws Exception {
        try (Host a = Host.builder().listen("/ip4/127.0.0.1/tcp/0").protocol(EchoHandler.ID, EchoHandler.PROTOCOL)
                        .config(HostConfig.defaults("test/a").withEventLoopThreads(1)).start().get(TIMEOUT_S, TimeUnit.SECONDS);
                Host b = Host.builder().config(HostConfig.defaults("test/b").withEventLoopThreads(1)).start()
                        .get(TIMEOUT_S, TimeUnit.SECONDS)) {
            b.connect(a.listenAddresses().get(0).withPeerId(a.peerId())).get(TIMEOUT_S, TimeUnit.SECONDS);
            StreamCollector collector = new StreamCollector();
            Stream s = b.newStream(a.peerId(), st -> {
                st.channel().pipeline().addLast(collector);
                return st;
            }, EchoHandler.ID).get(TIMEOUT_S, TimeUnit.SECONDS);
            s.channel().writeAndFlush(Unpooled.wrappedBuffer(new byte[50_000]));
            ((DuplexChannel) s.channel()).shutdownOutput();
            assertEquals(50_000, collector.received.get(TIMEOUT_S, TimeUnit.SECONDS).length);
            Bandwidth.Stats sent = b.bandwidth().snapshot();
            assertTrue(sent.totalOut() > 50_000 && sent.totalIn() > 50_000, sent.toString());
            assertTrue(a.bandwidth().snapshot().totalIn() > 50_000, a.bandwidth().snapshot().toString());
        }
    }
}
