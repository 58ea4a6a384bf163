package io.hypha.node.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.host.Host;
import io.hypha.internal.netty.EventLoops;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multihash;
import io.hypha.protocol.identify.Identify;
import io.hypha.protocol.kad.KadClient;
import io.hypha.protocol.kad.KadCodec;
import io.hypha.protocol.kad.KadMessage;
import io.hypha.protocol.kad.KadProtocol;
import io.hypha.protocol.kad.MessageType;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the DHT of {@code hypha daemon} (Routing.Type dhtserver) in a child JVM with a small heap: a peer that
 * floods GET_PROVIDERS on many streams and never reads the answers, and one that sends garbage and oversized
 * messages. The daemon stays within its memory bounds, logs why it cut each stream, and keeps answering a
 * legitimate peer's requests.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HostileDhtTest {
    static final Map<String, Object> DHT_SERVER = Map.of("Routing", Map.of("Type", "dhtserver"));
    /** Streams the flooding peer opens, and requests it writes on each without reading an answer. */
    static final int FLOOD_STREAMS = 64;
    static final int REQUESTS_PER_STREAM = 2000;

    private static EventLoopGroup group;

    @TempDir
    Path dir;
    private TargetProcess target;

    @BeforeAll
    static void startGroup() {
        group = EventLoops.newGroup(2, "attacker");
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void stopTarget() throws Exception {
        if (target != null) {
            try {
                assertTrue(target.isAlive(), "the daemon died: " + target.tail(30));
                target.stop();
                assertTrue(target.linesContaining("OutOfMemoryError").isEmpty(), "no OutOfMemoryError");
            } finally {
                target.close();
            }
        }
    }

    private Host attacker() throws Exception {
        Host h = Host.builder().eventLoopGroup(group).start().get(20, TimeUnit.SECONDS);
        Identify.install(h);
        h.connect(target.address).get(20, TimeUnit.SECONDS);
        return h;
    }

    /** A legitimate peer's FIND_NODE is answered. */
    private void legitimateRequest() throws Exception {
        try (Host h = attacker()) {
            KadMessage answer = new KadClient(h, Duration.ofSeconds(20))
                    .request(target.peerId, KadMessage.request(MessageType.FIND_NODE, h.peerId().bytes()))
                    .get(30, TimeUnit.SECONDS);
            assertEquals(MessageType.FIND_NODE, answer.type());
        }
    }

    private void assertBounded(String when) throws Exception {
        TargetProcess.Stats s = target.stats();
        System.out.println("[hostile dht] " + when + ": " + s);
        assertTrue(s.heap() < HostileDaemonTest.HEAP_BOUND, when + ": heap " + s);
        assertTrue(s.directUsed() < HostileDaemonTest.DIRECT_BOUND, when + ": direct memory " + s);
    }

    @Test
    void aGetProvidersFloodFromAPeerThatDoesNotReadIsBounded() throws Exception {
        target = TargetProcess.start(dir, Map.of(), DHT_SERVER);
        assertBounded("before");
        byte[] frames;
        {
            byte[] one = KadCodec.encodeDelimited(KadMessage.request(MessageType.GET_PROVIDERS,
                    Multihash.digest(HashAlgorithm.SHA2_256, "flood".getBytes()).bytes()));
            frames = new byte[one.length * REQUESTS_PER_STREAM];
            for (int i = 0; i < REQUESTS_PER_STREAM; i++) {
                System.arraycopy(one, 0, frames, i * one.length, one.length);
            }
        }
        try (Host h = attacker()) {
            List<CompletableFuture<Object>> streams = new ArrayList<>();
            for (int i = 0; i < FLOOD_STREAMS; i++) {
                streams.add(h.newStream(target.peerId, s -> {
                    s.channel().config().setAutoRead(false);
                    s.channel().writeAndFlush(Unpooled.wrappedBuffer(frames));
                    return null;
                }, KadProtocol.ID));
            }
            // the daemon's stream limits may refuse some of them: those are reset, the rest carry the flood
            int opened = 0;
            for (CompletableFuture<Object> f : streams) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                    opened++;
                } catch (java.util.concurrent.ExecutionException refused) {
                    // a stream limit at work
                }
            }
            System.out.println("[hostile dht] flood streams opened: " + opened + " of " + FLOOD_STREAMS);
            assertTrue(opened > 0, "no flood stream was accepted at all");
            legitimateRequest();
            assertBounded("during the flood");
        }
        legitimateRequest();
        assertBounded("after the flood");
    }

    @Test
    void garbageAndOversizedMessagesResetTheirStreamsOnly() throws Exception {
        target = TargetProcess.start(dir, Map.of(), DHT_SERVER);
        try (Host h = attacker()) {
            // a length prefix past the limit, then a well-framed message that is not a kad message
            byte[] tooLong = io.hypha.multiformats.Varint.encode(KadProtocol.MAX_MESSAGE_SIZE + 1);
            byte[] garbage = {5, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
            for (byte[] b : List.of(tooLong, garbage)) {
                h.newStream(target.peerId, s -> {
                    s.channel().writeAndFlush(Unpooled.wrappedBuffer(b));
                    return null;
                }, KadProtocol.ID).get(20, TimeUnit.SECONDS);
            }
            target.awaitLine("resetting kad stream", 20);
            assertFalse(h.connections(target.peerId).isEmpty(), "the connection stays up");
            legitimateRequest();
        }
    }
}
