package io.hypha.protocol.perf;

import static io.hypha.protocol.TestHosts.TIMEOUT_S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.host.Host;
import io.hypha.host.StreamNegotiationException;
import io.hypha.protocol.TestHosts;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PerfTest {
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

    @Test
    void theServerIsOffByDefault() {
        assertFalse(a.protocols().contains(PerfProtocol.ID));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> Perf.run(b, a.peerId(), 10, 10).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertInstanceOf(StreamNegotiationException.class, e.getCause());
    }

    @Test
    void movesExactByteCountsBothWays() throws Exception {
        CompletableFuture<Long> drained = new CompletableFuture<>();
        a.setStreamHandler(PerfProtocol.ID, s -> s.channel().pipeline()
                .addLast(new PerfHandler.Server(PerfConfig.defaults(), drained::complete)));
        long up = 10L * 1024 * 1024 + 3;
        long down = 5L * 1024 * 1024 + 7;
        PerfResult r = Perf.run(b, a.peerId(), up, down).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(up, drained.get(TIMEOUT_S, TimeUnit.SECONDS));
        assertEquals(up, r.uploadBytes());
        assertEquals(down, r.downloadBytes());
        assertTrue(r.total().compareTo(r.download()) >= 0);
        assertTrue(r.uploadBytesPerSecond() > 0 && r.downloadBytesPerSecond() > 0);

        // and the other way, with the public server and an odd chunk size
        Perf.enableServer(b);
        PerfResult back = Perf.run(a, b.peerId(), 1_000_001, 2_000_003, new PerfConfig(4099, 1L << 30))
                .get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(1_000_001, back.uploadBytes());
        assertEquals(2_000_003, back.downloadBytes());
    }

    @Test
    void handlesEmptyTransfersAndManyConcurrentRuns() throws Exception {
        Perf.enableServer(a);
        PerfResult empty = Perf.run(b, a.peerId(), 0, 0).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(0, empty.uploadBytes());
        assertEquals(0, empty.downloadBytes());
        java.util.List<CompletableFuture<PerfResult>> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            runs.add(Perf.run(b, a.peerId(), 300_000 + i, 700_000 + i));
        }
        for (int i = 0; i < runs.size(); i++) {
            assertEquals(700_000 + i, runs.get(i).get(TIMEOUT_S, TimeUnit.SECONDS).downloadBytes());
        }
    }

    @Test
    void disablingTheServerStopsIt() throws Exception {
        Perf.enableServer(a);
        Perf.run(b, a.peerId(), 1, 1).get(TIMEOUT_S, TimeUnit.SECONDS);
        Perf.disableServer(a);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> Perf.run(b, a.peerId(), 1, 1).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertInstanceOf(StreamNegotiationException.class, e.getCause());
    }
}
