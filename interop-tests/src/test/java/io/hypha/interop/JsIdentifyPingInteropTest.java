package io.hypha.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hypha.host.Connection;
import io.hypha.host.HostEvent;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.node.Node;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerStore;
import io.hypha.protocol.identify.IdentifyInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * identify and ping against a real js-libp2p peer, both directions: each side learns the other's agent,
 * protocols and listen addresses, and 20 pings each way come back.
 */
class JsIdentifyPingInteropTest {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final int PINGS = 20;
    /** Bound on polling the js peer for what its (asynchronous) identify learned. */
    static final int MAX_POLLS = 200;

    private Node node;

    @BeforeEach
    void start() throws Exception {
        node = Node.builder().listen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))).start()
                .get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private String nodeAddress() {
        return node.host().listenAddresses().get(0).withPeerId(node.peerId()).toString();
    }

    /** What the js peer's peer store says of us, once its identify of us has finished. */
    private JsonNode jsViewOfUs(JsPeer js) throws Exception {
        for (int i = 0; i < MAX_POLLS; i++) {
            JsonNode info = js.call("peerInfo", Map.of("peer", node.peerId().toString()), TIMEOUT);
            if (!info.path("agent").isNull() && info.path("protocols").size() > 0) {
                return info;
            }
        }
        throw new AssertionError("js peer never identified us");
    }

    private void assertJsSeesUs(JsPeer js) throws Exception {
        JsonNode info = jsViewOfUs(js);
        assertTrue(info.get("agent").asText().startsWith("hypha/"), info.toString());
        assertEquals("ipfs/0.1.0", info.get("protocolVersion").asText());
        List<String> protocols = new ArrayList<>();
        info.get("protocols").forEach(p -> protocols.add(p.asText()));
        assertTrue(protocols.containsAll(List.of("/ipfs/id/1.0.0", "/ipfs/id/push/1.0.0", "/ipfs/ping/1.0.0")), protocols.toString());
        List<String> addrs = new ArrayList<>();
        info.get("addrs").forEach(a -> addrs.add(a.asText()));
        assertTrue(addrs.contains(node.host().listenAddresses().get(0).toString()), addrs.toString());
    }

    private void assertWeSeeJs(JsPeer js, IdentifyInfo info) {
        PeerId jsId = PeerId.parse(js.peerId());
        assertEquals(jsId, info.peer());
        assertTrue(info.agentVersion().startsWith("js-libp2p/"), info.agentVersion());
        assertTrue(info.protocols().containsAll(List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", "/hypha/echo/1.0.0")),
                info.protocols().toString());
        Multiaddr jsListen = Multiaddr.parse(js.addrs().get(0)).withoutPeerId();
        assertTrue(info.listenAddresses().contains(jsListen), info.listenAddresses().toString());
        PeerStore store = node.host().peerStore();
        assertTrue(store.metadata(jsId, PeerStore.AGENT_VERSION).orElseThrow().startsWith("js-libp2p/"));
        assertTrue(store.protocols(jsId).contains("/ipfs/ping/1.0.0"));
        assertTrue(store.addresses(jsId).contains(jsListen), store.addresses(jsId).toString());
        assertEquals(info.publicKey(), store.publicKey(jsId).orElseThrow());
    }

    @Test
    void javaDialsJsIdentifiesBothWaysAndPings() throws Exception {
        try (JsPeer js = JsPeer.start()) {
            Connection c = node.host().connect(Multiaddr.parse(js.addrs().get(0))).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            IdentifyInfo info = node.identify().identify(c).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertWeSeeJs(js, info);
            assertJsSeesUs(js);
            List<Duration> rtts = node.ping().ping(c.remotePeer(), PINGS, Duration.ZERO).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(PINGS, rtts.size());
            rtts.forEach(rtt -> assertTrue(!rtt.isNegative() && rtt.compareTo(TIMEOUT) < 0, rtt.toString()));
        }
    }

    @Test
    void jsDialsJavaIdentifiesBothWaysAndPings() throws Exception {
        try (JsPeer js = JsPeer.start()) {
            PeerId jsId = PeerId.parse(js.peerId());
            CompletableFuture<HostEvent.PeerIdentified> identified = new CompletableFuture<>();
            node.host().subscribe(HostEvent.PeerIdentified.class, e -> {
                if (e.peer().equals(jsId)) {
                    identified.complete(e);
                }
            });
            js.call("dial", Map.of("addr", nodeAddress()), TIMEOUT);
            identified.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Connection c = node.host().connections(jsId).get(0);
            assertWeSeeJs(js, node.identify().identify(c).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            assertJsSeesUs(js);
            JsonNode pings = js.call("ping", Map.of("addr", nodeAddress(), "count", PINGS), TIMEOUT);
            assertEquals(PINGS, pings.get("rtts").size());
        }
    }
}
