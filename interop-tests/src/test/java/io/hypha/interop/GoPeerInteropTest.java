package io.hypha.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hypha.host.Connection;
import io.hypha.host.Direction;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.node.Node;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import io.hypha.node.repo.RoutingConfig;
import io.hypha.peer.PeerId;
import io.hypha.protocol.identify.IdentifyInfo;
import io.hypha.protocol.perf.Perf;
import io.hypha.protocol.perf.PerfResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our go-libp2p peer ({@link GoPeer}: go-libp2p v0.50.0's default host plus perf) and a Hypha node on loopback. The
 * go host proposes TLS before Noise: Hypha answers {@code na} and both settle on Noise and yamux. Both directions:
 * each dials the other, pings it and identifies it (agent, protocols, addresses, go's signed peer record), perf runs
 * each way, and sixteen perf streams share one connection at once under go-yamux's flow control.
 */
class GoPeerInteropTest {
    static final int MIB = 1024 * 1024;

    @TempDir
    static Path tmp;

    private static GoPeer go;
    private static Repo repo;
    private static Node hypha;
    private static PeerId goId;

    @BeforeAll
    static void start() throws Exception {
        go = GoPeer.start();
        goId = PeerId.parse(go.peerId());
        repo = Repo.init(tmp.resolve("hypha"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
        hypha = Node.builder().repo(repo).routing(RoutingConfig.Type.NONE).enablePerf(true).start()
                .get(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (hypha != null) {
            hypha.close();
        }
        if (repo != null) {
            repo.close();
        }
        if (go != null) {
            go.close();
        }
    }

    private static String hyphaAddress() {
        return hypha.host().listenAddresses().get(0).withPeerId(hypha.peerId()).toString();
    }

    /** The go peer hangs up; Hypha's event says when its side has seen the last connection go. */
    private static void disconnect() throws Exception {
        Disconnect.await(hypha.host(), goId, () -> go.disconnect(hypha.peerId().toString()));
    }

    private static Connection connection() throws Exception {
        List<Connection> conns = hypha.host().connections(goId);
        return conns.isEmpty()
                ? hypha.host().connect(Multiaddr.parse(go.addrs().get(0))).get(30, TimeUnit.SECONDS)
                : conns.get(0);
    }

    @Test
    void goDialsHyphaPingsAndIdentifiesIt() throws Exception {
        disconnect();
        JsonNode conn = go.connect(hyphaAddress());
        assertEquals("/noise", conn.path("security").asText(), "TLS proposed first, answered na, then Noise");
        assertEquals("/yamux/1.0.0", conn.path("muxer").asText());
        Connection c = hypha.host().connections(goId).get(0);
        assertEquals(Direction.INBOUND, c.direction());
        assertEquals(3, go.ping(hypha.peerId().toString(), 3).size());

        JsonNode id = go.identify(hypha.peerId().toString());
        assertTrue(id.path("agent").asText().startsWith("hypha/"), id.toString());
        List<String> protocols = texts(id.path("protocols"));
        for (String p : List.of("/ipfs/id/1.0.0", "/ipfs/id/push/1.0.0", "/ipfs/ping/1.0.0", "/perf/1.0.0")) {
            assertTrue(protocols.contains(p), p + " in " + protocols);
        }
        assertTrue(texts(id.path("addrs")).contains(hypha.host().listenAddresses().get(0).toString()), id.toString());
        assertGo(hypha.identify().identify(c).get(30, TimeUnit.SECONDS));
    }

    @Test
    void hyphaDialsGoPingsAndIdentifiesIt() throws Exception {
        disconnect();
        Connection c = hypha.host().connect(Multiaddr.parse(go.addrs().get(0))).get(30, TimeUnit.SECONDS);
        assertEquals(Direction.OUTBOUND, c.direction());
        assertEquals(3, hypha.ping().ping(goId, 3, Duration.ofMillis(20)).get(30, TimeUnit.SECONDS).size());
        IdentifyInfo info = hypha.identify().identify(c).get(30, TimeUnit.SECONDS);
        assertGo(info);
        assertNotNull(info.observedAddress(), "go tells us where it sees us");
        assertTrue(go.identify(hypha.peerId().toString()).path("agent").asText().startsWith("hypha/"));
    }

    private static void assertGo(IdentifyInfo info) {
        assertEquals(goId, info.peer());
        assertEquals("hypha-interop-go-peer", info.agentVersion());
        for (String p : List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", "/perf/1.0.0")) {
            assertTrue(info.protocols().contains(p), p + " in " + info.protocols());
        }
        Multiaddr listen = Multiaddr.parse(go.addrs().get(0).replaceAll("/p2p/.*$", ""));
        assertTrue(info.listenAddresses().contains(listen), info.listenAddresses().toString());
        assertNotNull(info.signedPeerRecord(), "go sends a signed peer record, and it verified");
        assertTrue(info.signedPeerRecord().addresses().contains(listen));
    }

    @Test
    void perfRunsBothWays() throws Exception {
        connection();
        PerfResult ours = Perf.run(hypha.host(), goId, 16L * MIB, 64L * MIB).get(120, TimeUnit.SECONDS);
        assertEquals(64L * MIB, ours.downloadBytes());
        double theirs = go.perf(hypha.peerId().toString(), 16L * MIB, 64L * MIB);
        System.out.printf("perf Hypha → go peer: %.0f MB/s down; go peer → Hypha: %.0f MB/s for 80 MiB both ways%n",
                64.0 * MIB / 1e6 / ours.download().toNanos() * 1e9, 80.0 * MIB / 1e6 / theirs);
    }

    /** Sixteen perf streams at once on one connection, each moving 4 MiB each way through go-yamux's windows. */
    @Test
    void sixteenStreamsAtOnceShareOneConnection() throws Exception {
        connection();
        List<CompletableFuture<PerfResult>> runs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            runs.add(Perf.run(hypha.host(), goId, 4L * MIB, 4L * MIB));
        }
        for (CompletableFuture<PerfResult> r : runs) {
            PerfResult result = r.get(120, TimeUnit.SECONDS);
            assertEquals(4L * MIB, result.uploadBytes());
            assertEquals(4L * MIB, result.downloadBytes());
        }
        assertEquals(1, hypha.host().connections(goId).size(), "one connection carried them all");
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
