package io.hypha.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.host.Connection;
import io.hypha.host.DialException;
import io.hypha.host.Host;
import io.hypha.host.HostConfig;
import io.hypha.host.HostEvent;
import io.hypha.host.Stream;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import io.hypha.testing.StreamCollector;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DuplexChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hypha against a real js-libp2p peer (Node 22, js-libp2p 3.x, Noise, yamux) over TCP on 127.0.0.1, in
 * both directions: connection set-up, concurrent streams, a long one-way stream, a TLS-first dialer, a
 * wrong peer id, and the js peer dying mid-transfer.
 */
class JsTransportInteropTest {
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static final int ECHO_STREAMS = 50;
    static final int ECHO_BYTES = 1024 * 1024;
    static final long BULK_BYTES = 256L * 1024 * 1024;

    private Host host;

    @BeforeEach
    void startHost() throws Exception {
        host = Host.builder().listen("/ip4/127.0.0.1/tcp/0")
                .protocol(TestProtocols.ECHO, TestProtocols.ECHO_HANDLER)
                .protocol(TestProtocols.SINK, TestProtocols.SINK_HANDLER)
                .config(HostConfig.defaults("hypha/interop-test"))
                .start().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopHost() throws Exception {
        host.closeAsync().get(30, TimeUnit.SECONDS);
    }

    private String hostAddress() {
        return host.listenAddresses().get(0).withPeerId(host.peerId()).toString();
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private byte[] echoOnce(Connection c, byte[] data) throws Exception {
        StreamCollector col = new StreamCollector();
        Stream s = await(c.newStream(st -> {
            st.channel().pipeline().addLast(col);
            return st;
        }, TestProtocols.ECHO));
        s.channel().writeAndFlush(Unpooled.wrappedBuffer(data));
        ((DuplexChannel) s.channel()).shutdownOutput();
        return await(col.received);
    }

    @Test
    void javaDialsJs() throws Exception {
        try (JsPeer js = JsPeer.start()) {
            Connection c = await(host.connect(Multiaddr.parse(js.addrs().get(0))));
            assertEquals(PeerId.parse(js.peerId()), c.remotePeer());
            assertEquals("/yamux/1.0.0", c.muxer());
            JsonNode seen = js.call("connections", Map.of(), TIMEOUT);
            assertEquals(host.peerId().toString(), seen.get("peers").get(0).asText());
        }
    }

    @Test
    void jsDialsJava() throws Exception {
        try (JsPeer js = JsPeer.start()) {
            // the js side can finish its dial before ours registers the connection: wait for the event
            CompletableFuture<HostEvent.PeerConnected> connected = new CompletableFuture<>();
            host.subscribe(HostEvent.PeerConnected.class, connected::complete);
            JsonNode r = js.call("dial", Map.of("addr", hostAddress()), TIMEOUT);
            assertEquals(host.peerId().toString(), r.get("remotePeer").asText());
            assertEquals(PeerId.parse(js.peerId()), await(connected).peer());
            assertEquals(PeerId.parse(js.peerId()), host.connections().get(0).remotePeer());
        }
    }

    @Test
    void fiftyConcurrentEchoStreamsJavaToJs() throws Exception {
        try (JsPeer js = JsPeer.start()) {
            Connection c = await(host.connect(Multiaddr.parse(js.addrs().get(0))));
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < ECHO_STREAMS; i++) {
                byte[] data = new byte[ECHO_BYTES];
                new Random(i).nextBytes(data);
                byte[] expected = MessageDigest.getInstance("SHA-256").digest(data);
                all.add(CompletableFuture.runAsync(() -> {
                    try {
                        byte[] back = echoOnce(c, data);
                        assertEquals(ECHO_BYTES, back.length);
                        assertArrayEquals(expected, MessageDigest.getInstance("SHA-256").digest(back));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            await(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)));
            assertEquals(1, host.connections().size());
        }
    }

    @Test
    void fiftyConcurrentEchoStreamsJsToJava() throws Exception {
        try (JsPeer js = JsPeer.start()) {
            // peer.mjs checks every stream's SHA-256 and fails the call on any difference
            js.call("echo", Map.of("addr", hostAddress(), "streams", ECHO_STREAMS, "size", ECHO_BYTES), TIMEOUT);
        }
    }

    @Test
    void quarterGigabyteJavaToJs() throws Exception {
        try (JsPeer js = JsPeer.start()) {
            Connection c = await(host.connect(Multiaddr.parse(js.addrs().get(0))));
            BulkWriter writer = new BulkWriter(BULK_BYTES, 7);
            StreamCollector answer = new StreamCollector();
            await(c.newStream(s -> {
                s.channel().pipeline().addLast(answer, writer);
                return s;
            }, TestProtocols.SINK));
            String sha = await(writer.sha256());
            String reply = new String(await(answer.received), StandardCharsets.US_ASCII);
            assertEquals(BULK_BYTES + " " + sha, reply);
        }
    }

    @Test
    void quarterGigabyteJsToJava() throws Exception {
        try (JsPeer js = JsPeer.start()) {
            JsonNode r = js.call("sink", Map.of("addr", hostAddress(), "bytes", BULK_BYTES), TIMEOUT);
            assertEquals(r.get("expected").asText(), r.get("answer").asText());
            assertTrue(r.get("answer").asText().startsWith(BULK_BYTES + " "));
        }
    }

    @Test
    void jsDialerProposingTlsFirstStillConnectsOverNoise() throws Exception {
        try (JsPeer js = JsPeer.start("--tls-first")) {
            JsonNode r = js.call("dial", Map.of("addr", hostAddress()), TIMEOUT);
            assertEquals(host.peerId().toString(), r.get("remotePeer").asText());
            js.call("echo", Map.of("addr", hostAddress(), "streams", 2, "size", 4096), TIMEOUT);
        }
    }

    @Test
    void dialExpectingTheWrongPeerIdFails() throws Exception {
        try (JsPeer js = JsPeer.start()) {
            PeerId impostor = PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519).publicKey());
            Multiaddr wrong = Multiaddr.parse(js.addrs().get(0)).withPeerId(impostor);
            ExecutionException e = assertThrows(ExecutionException.class, () -> await(host.connect(wrong)));
            assertInstanceOf(DialException.class, e.getCause());
            String msg = e.getCause().getMessage();
            assertTrue(msg.contains("peer id mismatch") && msg.contains(impostor.toString()) && msg.contains(js.peerId()), msg);
            assertTrue(host.connections().isEmpty());
        }
    }

    @Test
    void jsPeerKilledMidTransferClosesTheConnectionAndFailsPendingWork() throws Exception {
        JsPeer js = JsPeer.start();
        try {
            Connection c = await(host.connect(Multiaddr.parse(js.addrs().get(0))));
            BulkWriter writer = new BulkWriter(Long.MAX_VALUE / 2, 3);
            await(c.newStream(s -> {
                s.channel().pipeline().addLast(writer);
                return s;
            }, TestProtocols.SINK));
            // wait until data is flowing, then kill the process as a crash would
            while (writer.written() < 8L * 1024 * 1024) {
                assertFalse(writer.done.isDone(), "transfer ended early");
                Thread.onSpinWait();
            }
            js.kill();
            await(c.closeFuture());
            assertFalse(c.isOpen());
            ExecutionException pending = assertThrows(ExecutionException.class, () -> await(writer.done));
            assertTrue(pending.getCause() instanceof java.io.IOException, pending.getCause().toString());
            ExecutionException fresh = assertThrows(ExecutionException.class,
                    () -> await(c.newStream(s -> s, TestProtocols.ECHO)));
            assertTrue(fresh.getCause() instanceof java.io.IOException, fresh.getCause().toString());
            assertTrue(host.connections().isEmpty());
        } finally {
            js.close();
        }
    }
}
