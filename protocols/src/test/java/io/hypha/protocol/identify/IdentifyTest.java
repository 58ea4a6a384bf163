package io.hypha.protocol.identify;

import static io.hypha.protocol.TestHosts.TIMEOUT_S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.host.Connection;
import io.hypha.host.Host;
import io.hypha.host.HostEvent;
import io.hypha.host.ProtocolId;
import io.hypha.host.Stream;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerRecord;
import io.hypha.peer.PeerStore;
import io.hypha.protocol.TestHosts;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Identify between two real hosts over loopback TCP, and against hand-made misbehaving responders. */
class IdentifyTest {
    private static final IdentifyConfig FAST_PUSH = IdentifyConfig.defaults().withPushDelay(Duration.ofMillis(20));
    private Host a;
    private Host b;

    @BeforeEach
    void start() throws Exception {
        a = TestHosts.start("test/a");
        b = TestHosts.start("test/b");
    }

    @AfterEach
    void stop() throws Exception {
        TestHosts.stop(b, a);
    }

    private static CompletableFuture<HostEvent.PeerIdentified> identified(Host on, PeerId peer) {
        CompletableFuture<HostEvent.PeerIdentified> f = new CompletableFuture<>();
        on.subscribe(HostEvent.PeerIdentified.class, e -> {
            if (e.peer().equals(peer)) {
                f.complete(e);
            }
        });
        return f;
    }

    private static void assertKnows(Host host, Host other, String agent) {
        PeerStore store = host.peerStore();
        PeerId peer = other.peerId();
        assertEquals(agent, store.metadata(peer, PeerStore.AGENT_VERSION).orElseThrow());
        assertEquals(IdentifyProtocol.PROTOCOL_VERSION, store.metadata(peer, PeerStore.PROTOCOL_VERSION).orElseThrow());
        assertTrue(store.protocols(peer).contains(IdentifyProtocol.ID.value()), store.protocols(peer).toString());
        assertTrue(store.protocols(peer).contains(IdentifyProtocol.PUSH_ID.value()), store.protocols(peer).toString());
        assertEquals(other.identity().publicKey(), store.publicKey(peer).orElseThrow());
        assertTrue(store.addresses(peer).contains(other.listenAddresses().get(0)), store.addresses(peer).toString());
    }

    @Test
    void identifiesBothWaysOnConnect() throws Exception {
        Identify ia = Identify.install(a);
        Identify ib = Identify.install(b);
        CompletableFuture<HostEvent.PeerIdentified> aSawB = identified(a, b.peerId());
        CompletableFuture<HostEvent.PeerIdentified> bSawA = identified(b, a.peerId());
        Connection c = b.connect(TestHosts.address(a)).get(TIMEOUT_S, TimeUnit.SECONDS);

        HostEvent.PeerIdentified atB = bSawA.get(TIMEOUT_S, TimeUnit.SECONDS);
        HostEvent.PeerIdentified atA = aSawB.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals("test/a", atB.agentVersion());
        assertEquals("test/b", atA.agentVersion());
        assertSame(c, atB.connection());
        assertKnows(b, a, "test/a");
        assertKnows(a, b, "test/b");
        // a reports the address it sees b at: the dialer's ephemeral port
        assertEquals(c.localAddress(), atB.observedAddress());

        IdentifyInfo info = ib.identify(c).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertNotNull(info.signedPeerRecord(), "a's signed peer record was not verified");
        assertEquals(a.peerId(), info.signedPeerRecord().peerId());
        assertEquals(a.dialableAddresses(), info.signedPeerRecord().addresses());
        assertEquals(a.dialableAddresses(), info.listenAddresses());
        assertSame(info, ib.identify(c).get(TIMEOUT_S, TimeUnit.SECONDS), "a second identify was not cached");
        ia.close();
        ib.close();
    }

    @Test
    void pushesProtocolChangesToConnectedPeers() throws Exception {
        Identify.install(a, FAST_PUSH);
        Identify ib = Identify.install(b, FAST_PUSH);
        Connection c = b.connect(TestHosts.address(a)).get(TIMEOUT_S, TimeUnit.SECONDS);
        ib.identify(c).get(TIMEOUT_S, TimeUnit.SECONDS);
        ProtocolId added = ProtocolId.of("/hypha/test/1.0.0");
        CompletableFuture<HostEvent.PeerProtocolsChanged> changed = new CompletableFuture<>();
        b.subscribe(HostEvent.PeerProtocolsChanged.class, e -> {
            if (e.protocols().contains(added.value())) {
                changed.complete(e);
            }
        });
        a.setStreamHandler(added, Stream::reset);
        assertEquals(a.peerId(), changed.get(TIMEOUT_S, TimeUnit.SECONDS).peer());
        assertTrue(b.peerStore().protocols(a.peerId()).contains(added.value()));
        assertTrue(ib.identify(c).get(TIMEOUT_S, TimeUnit.SECONDS).protocols().contains(added.value()));
    }

    /** A responder that writes {@code bytes} on {@code /ipfs/id/1.0.0} and half-closes. */
    private static void respondWith(Host host, byte[] bytes) {
        host.setStreamHandler(IdentifyProtocol.ID, s -> s.channel().writeAndFlush(Unpooled.wrappedBuffer(bytes))
                .addListener(f -> s.closeWrite()));
    }

    private IdentifyMessage honest(Host from, Multiaddr observed) {
        return new IdentifyMessage(IdentifyProtocol.PROTOCOL_VERSION, "test/a", from.identity().publicKey(),
                from.listenAddresses(), observed, List.of("/x/1.0.0"), null);
    }

    private IdentifyException identifyFails(Identify ib) throws Exception {
        Connection c = b.connect(TestHosts.address(a)).get(TIMEOUT_S, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class, () -> ib.identify(c).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertTrue(c.isOpen(), "a bad identify must cost the stream, not the connection");
        return assertInstanceOf(IdentifyException.class, e.getCause());
    }

    @Test
    void rejectsTheKeyOfAnotherPeer() throws Exception {
        PrivateKey other = PrivateKey.generate(KeyType.ED25519);
        IdentifyMessage forged = new IdentifyMessage(IdentifyProtocol.PROTOCOL_VERSION, "forger/1", other.publicKey(),
                a.listenAddresses(), null, List.of("/x/1.0.0"), null);
        respondWith(a, IdentifyCodec.encodeDelimited(forged));
        CompletableFuture<HostEvent.PeerIdentified> event = identified(b, a.peerId());
        Identify ib = Identify.install(b);
        assertEquals(IdentifyException.Reason.KEY_MISMATCH, identifyFails(ib).reason());
        assertFalse(event.isDone());
        assertTrue(b.peerStore().metadata(a.peerId(), PeerStore.AGENT_VERSION).isEmpty());
        assertTrue(b.peerStore().protocols(a.peerId()).isEmpty());
    }

    @Test
    void rejectsAnOversizedMessage() throws Exception {
        byte[] big = new byte[2 + IdentifyProtocol.MAX_MESSAGE_SIZE + 1];
        int len = IdentifyProtocol.MAX_MESSAGE_SIZE + 1;
        big[0] = (byte) (0x80 | (len & 0x7F));
        big[1] = (byte) (len >>> 7);
        respondWith(a, big);
        Identify ib = Identify.install(b);
        assertEquals(IdentifyException.Reason.TOO_LARGE, identifyFails(ib).reason());
        assertTrue(b.peerStore().metadata(a.peerId(), PeerStore.AGENT_VERSION).isEmpty());
    }

    @Test
    void timesOutOnASilentResponder() throws Exception {
        a.setStreamHandler(IdentifyProtocol.ID, s -> { });
        Identify ib = Identify.install(b, IdentifyConfig.defaults().withTimeout(Duration.ofMillis(200)));
        assertEquals(IdentifyException.Reason.TIMEOUT, identifyFails(ib).reason());
    }

    @Test
    void ignoresAnInvalidSignedRecordButKeepsTheRest() throws Exception {
        PrivateKey other = PrivateKey.generate(KeyType.ED25519);
        byte[] foreignRecord = new PeerRecord(PeerId.fromPublicKey(other.publicKey()), 1,
                List.of(Multiaddr.parse("/ip4/6.6.6.6/tcp/666"))).sign(other).encode();
        IdentifyMessage m = honest(a, null);
        m = new IdentifyMessage(m.protocolVersion(), m.agentVersion(), m.publicKey(), m.listenAddresses(), null,
                m.protocols(), foreignRecord);
        respondWith(a, IdentifyCodec.encodeDelimited(m));
        Identify ib = Identify.install(b);
        Connection c = b.connect(TestHosts.address(a)).get(TIMEOUT_S, TimeUnit.SECONDS);
        IdentifyInfo info = ib.identify(c).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertNull(info.signedPeerRecord());
        assertEquals(a.listenAddresses(), info.listenAddresses());
        assertEquals("test/a", b.peerStore().metadata(a.peerId(), PeerStore.AGENT_VERSION).orElseThrow());
        assertFalse(b.peerStore().addresses(a.peerId()).contains(Multiaddr.parse("/ip4/6.6.6.6/tcp/666")));
    }

    @Test
    void anOlderSignedRecordDoesNotReplaceANewerOne() throws Exception {
        Identify ib = Identify.install(b);
        Multiaddr newer = Multiaddr.parse("/ip4/10.0.0.2/tcp/4002");
        Multiaddr older = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001");
        for (var step : List.of(java.util.Map.entry(200L, newer), java.util.Map.entry(100L, older))) {
            byte[] record = new PeerRecord(a.peerId(), step.getKey(), List.of(step.getValue())).sign(a.identity()).encode();
            IdentifyMessage m = honest(a, null);
            respondWith(a, IdentifyCodec.encodeDelimited(new IdentifyMessage(m.protocolVersion(), m.agentVersion(),
                    m.publicKey(), List.of(step.getValue()), null, m.protocols(), record)));
            Connection c = b.connect(TestHosts.address(a)).get(TIMEOUT_S, TimeUnit.SECONDS);
            ib.identify(c).get(TIMEOUT_S, TimeUnit.SECONDS);
            c.close().get(TIMEOUT_S, TimeUnit.SECONDS);
        }
        assertEquals("200", b.peerStore().metadata(a.peerId(), Identify.PEER_RECORD_SEQ).orElseThrow());
        assertTrue(b.peerStore().addresses(a.peerId()).contains(newer), b.peerStore().addresses(a.peerId()).toString());
    }

    @Test
    void mergesSeveralMessagesOnOneStream() throws Exception {
        IdentifyMessage first = honest(a, null);
        IdentifyMessage second = new IdentifyMessage(null, null, null, List.of(), null, List.of("/y/1.0.0"), null);
        byte[] one = IdentifyCodec.encodeDelimited(first);
        byte[] two = IdentifyCodec.encodeDelimited(second);
        byte[] both = java.util.Arrays.copyOf(one, one.length + two.length);
        System.arraycopy(two, 0, both, one.length, two.length);
        respondWith(a, both);
        Identify ib = Identify.install(b);
        Connection c = b.connect(TestHosts.address(a)).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(List.of("/x/1.0.0", "/y/1.0.0"), ib.identify(c).get(TIMEOUT_S, TimeUnit.SECONDS).protocols());
    }

    @Test
    void keepsOurMessageUnderTheSentLimit() throws Exception {
        for (int i = 0; i < 200; i++) {
            a.setStreamHandler(ProtocolId.of("/hypha/a-rather-long-protocol-name-to-fill-identify/" + i), Stream::reset);
        }
        Identify ia = Identify.install(a);
        Connection c = b.connect(TestHosts.address(a)).get(TIMEOUT_S, TimeUnit.SECONDS);
        IdentifyMessage m = ia.localMessage(c);
        assertTrue(IdentifyCodec.encodeDelimited(m).length <= IdentifyProtocol.MAX_SENT_MESSAGE_SIZE);
        assertTrue(m.protocols().size() < a.protocols().size());
        assertNotNull(m.signedPeerRecord());
        assertTrue(c.isOpen());
    }
}
