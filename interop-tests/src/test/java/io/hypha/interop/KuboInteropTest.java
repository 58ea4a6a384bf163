package io.hypha.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hypha.block.BlockNotFoundException;
import io.hypha.host.Connection;
import io.hypha.host.Direction;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multicodec;
import io.hypha.multiformats.Multihash;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import io.hypha.node.repo.RoutingConfig;
import io.hypha.node.unixfs.ImportListener;
import io.hypha.node.unixfs.ImportOptions;
import io.hypha.node.unixfs.Profile;
import io.hypha.protocol.identify.IdentifyInfo;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real Kubo ({@link Kubo}: v0.43.1 on go-libp2p, built in the test build) and a Hypha node on loopback, over TCP,
 * Noise and yamux. Kubo proposes TLS first and Hypha answers {@code na}, so every connection here also proves the
 * fallback to Noise. Both directions: Kubo dials Hypha and Hypha dials Kubo, each pings and identifies the other
 * (agent, protocols, listen addresses, Kubo's signed peer record), many streams at once share one connection, and
 * Bitswap moves files each way (10 MiB and 100 MiB, both import profiles, sha256 compared), with a block Kubo does
 * not have ending in DONT_HAVE rather than a hang.
 */
class KuboInteropTest {
    static final long TIMEOUT_S = 180;
    static final int MIB = 1024 * 1024;
    /**
     * Inbound ping streams go-libp2p's resource manager lets one peer hold at once (the per-peer limit of its ping
     * service, {@code limits.go}); Kubo resets the ones past it.
     */
    static final int KUBO_PING_STREAMS_PER_PEER = 2;

    @TempDir
    static Path tmp;

    private static Kubo kubo;
    private static Repo repo;
    private static Node hypha;

    @BeforeAll
    static void start() throws Exception {
        Kubo.binary(); // skips the class, saying what to install, where Go is missing
        kubo = Kubo.start(tmp);
        repo = Repo.init(tmp.resolve("hypha"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
        hypha = Node.builder().repo(repo).routing(RoutingConfig.Type.NONE).start().get(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (hypha != null) {
            hypha.close();
        }
        if (repo != null) {
            repo.close();
        }
        if (kubo != null) {
            kubo.close();
        }
    }

    /** Each test starts with Kubo dialling Hypha, so that Bitswap has a connection whichever side wants. */
    @BeforeEach
    void connected() throws Exception {
        if (hypha.host().connections(kubo.peerId()).isEmpty()) {
            kuboDials();
        }
    }

    private static Multiaddr hyphaAddress() {
        return hypha.host().listenAddresses().get(0).withPeerId(hypha.peerId());
    }

    private static void kuboDials() throws Exception {
        String out = kubo.run("swarm", "connect", hyphaAddress().toString());
        assertTrue(out.contains("success"), out);
    }

    /**
     * Drops every connection between the two: Kubo hangs up (its {@code swarm disconnect} returns once its side is
     * closed), and Hypha's event says when its side has seen the last one go.
     */
    private static void disconnect() throws Exception {
        Disconnect.await(hypha.host(), kubo.peerId(), () -> kubo.run("swarm", "disconnect", "/p2p/" + hypha.peerId()));
    }

    @Test
    void kuboDialsHyphaPingsAndIdentifiesIt() throws Exception {
        disconnect();
        kuboDials();
        Connection c = hypha.host().connections(kubo.peerId()).get(0);
        assertEquals(Direction.INBOUND, c.direction());

        String ping = kubo.run("ping", "-n", "3", hypha.peerId().toString());
        assertEquals(3, ping.lines().filter(l -> l.startsWith("Pong received")).count(), ping);

        JsonNode id = kubo.json("id", hypha.peerId().toString());
        assertEquals(hypha.peerId().toString(), id.path("ID").asText());
        assertTrue(id.path("AgentVersion").asText().startsWith("hypha/"), id.toString());
        List<String> protocols = texts(id.path("Protocols"));
        for (String p : List.of("/ipfs/id/1.0.0", "/ipfs/id/push/1.0.0", "/ipfs/ping/1.0.0", "/ipfs/bitswap/1.2.0",
                "/ipfs/bitswap/1.1.0", "/ipfs/bitswap/1.0.0", "/ipfs/bitswap")) {
            assertTrue(protocols.contains(p), p + " in " + protocols);
        }
        assertTrue(texts(id.path("Addresses")).contains(hyphaAddress().toString()), id.toString());

        // and Hypha identified Kubo over the same connection
        assertKubo(hypha.identify().identify(c).get(30, TimeUnit.SECONDS));
    }

    @Test
    void hyphaDialsKuboPingsAndIdentifiesIt() throws Exception {
        disconnect();
        Connection c = hypha.host().connect(kubo.swarmAddress().withPeerId(kubo.peerId())).get(30, TimeUnit.SECONDS);
        assertEquals(Direction.OUTBOUND, c.direction());
        List<Duration> rtts = hypha.ping().ping(kubo.peerId(), 3, Duration.ofMillis(50)).get(30, TimeUnit.SECONDS);
        assertEquals(3, rtts.size());
        IdentifyInfo info = hypha.identify().identify(c).get(30, TimeUnit.SECONDS);
        assertKubo(info);
        // Kubo tells us where it sees us: the loopback address our connection comes from
        assertNotNull(info.observedAddress(), "observed address");
        assertTrue(info.observedAddress().toString().startsWith("/ip4/127.0.0.1/tcp/"), info.observedAddress().toString());

        JsonNode id = kubo.json("id", hypha.peerId().toString());
        assertTrue(id.path("AgentVersion").asText().startsWith("hypha/"), id.toString());
    }

    private static void assertKubo(IdentifyInfo info) {
        assertEquals(kubo.peerId(), info.peer());
        assertEquals("kubo/" + Kubo.VERSION, info.agentVersion());
        for (String p : List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", "/ipfs/bitswap/1.2.0")) {
            assertTrue(info.protocols().contains(p), p + " in " + info.protocols());
        }
        assertTrue(info.listenAddresses().contains(kubo.swarmAddress()), info.listenAddresses().toString());
        assertNotNull(info.signedPeerRecord(), "Kubo sends a signed peer record, and it verified");
        assertEquals(kubo.peerId(), info.signedPeerRecord().peerId());
        assertTrue(info.signedPeerRecord().addresses().contains(kubo.swarmAddress()),
                info.signedPeerRecord().addresses().toString());
    }

    /**
     * Streams at once on one connection, each with its own flow-control window against go-yamux: Kubo fetches a
     * file from Hypha and Hypha one from Kubo (Bitswap streams each way, blocks far larger than a window) while
     * {@value #KUBO_PING_STREAMS_PER_PEER} ping streams (as many as Kubo allows one peer) each make 100 round trips.
     */
    @Test
    void concurrentStreamsBothWaysShareOneConnection() throws Exception {
        long size = 10L * MIB;
        Cid ours = hypha.content().add("both-ways", JsHelia.stream(77, size),
                new Content.AddOptions(ImportOptions.profile(Profile.UNIXFS_V0_2015), true), ImportListener.NONE)
                .get(TIMEOUT_S, TimeUnit.SECONDS).root();
        Cid theirs = kubo.add(JsHelia.stream(78, size));

        List<CompletableFuture<List<Duration>>> pings = new ArrayList<>();
        for (int i = 0; i < KUBO_PING_STREAMS_PER_PEER; i++) {
            pings.add(hypha.ping().ping(kubo.peerId(), 100, Duration.ZERO));
        }
        CompletableFuture<String> kuboFetch = CompletableFuture.supplyAsync(() -> {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
                    kubo.stream(out, "cat", ours.toString());
                }
                return HexFormat.of().formatHex(sha.digest());
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        assertEquals(JsHelia.sha256(78, size), sha256Of(theirs));
        assertEquals(JsHelia.sha256(77, size), kuboFetch.get(TIMEOUT_S, TimeUnit.SECONDS));
        for (CompletableFuture<List<Duration>> f : pings) {
            assertEquals(100, f.get(60, TimeUnit.SECONDS).size());
        }
        assertEquals(1, hypha.host().connections(kubo.peerId()).size(), "one connection carried them all");
    }

    // ---- Bitswap -----------------------------------------------------------------------------------------

    private static String sha256Of(Cid cid) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            hypha.content().cat(cid, 0, -1, out).get(TIMEOUT_S, TimeUnit.SECONDS);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Kubo's {@code ipfs add} flags for an import profile. */
    private static List<String> kuboFlags(Profile profile) {
        return switch (profile) {
            case UNIXFS_V0_2015 -> List.of();
            case UNIXFS_V1_2025 -> List.of("--cid-version=1", "--raw-leaves", "--chunker=size-1048576",
                    "--max-file-links=1024");
        };
    }

    @ParameterizedTest(name = "{0} MiB, {1}")
    @CsvSource({"10, UNIXFS_V0_2015", "10, UNIXFS_V1_2025", "100, UNIXFS_V0_2015", "100, UNIXFS_V1_2025"})
    void hyphaFetchesWhatKuboAdded(int mib, Profile profile) throws Exception {
        long seed = 2000 + mib + profile.ordinal();
        long size = (long) mib * MIB + 4321;
        Cid cid = kubo.add(JsHelia.stream(seed, size), kuboFlags(profile).toArray(String[]::new));
        long t0 = System.nanoTime();
        assertEquals(JsHelia.sha256(seed, size), sha256Of(cid));
        System.out.printf("Hypha fetched %d MiB (%s) from Kubo in %d ms%n", mib, profile.id(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    @ParameterizedTest(name = "{0} MiB, {1}")
    @CsvSource({"10, UNIXFS_V0_2015", "10, UNIXFS_V1_2025", "100, UNIXFS_V0_2015", "100, UNIXFS_V1_2025"})
    void kuboFetchesWhatHyphaAdded(int mib, Profile profile) throws Exception {
        long seed = 3000 + mib + profile.ordinal();
        long size = (long) mib * MIB + 1234;
        Cid root = hypha.content().add("data", JsHelia.stream(seed, size),
                new Content.AddOptions(ImportOptions.profile(profile), true), ImportListener.NONE)
                .get(TIMEOUT_S, TimeUnit.SECONDS).root();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long t0 = System.nanoTime();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            kubo.stream(out, "cat", root.toString());
        }
        assertEquals(JsHelia.sha256(seed, size), HexFormat.of().formatHex(sha.digest()));
        System.out.printf("Kubo fetched %d MiB (%s) from Hypha in %d ms%n", mib, profile.id(),
                (System.nanoTime() - t0) / 1_000_000);
        // Kubo's ledger with us shows what we sent
        JsonNode ledger = kubo.json("bitswap", "ledger", hypha.peerId().toString());
        assertTrue(ledger.path("Recv").asLong() >= size, ledger.toString());
    }

    @Test
    void aBlockKuboLacksEndsWithDontHaveNotAHang() throws Exception {
        Cid absent = Cid.v1(Multicodec.RAW, Multihash.digest(HashAlgorithm.SHA2_256, "held by no Kubo".getBytes()));
        long t0 = System.nanoTime();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> hypha.content().blockGet(absent).get(TIMEOUT_S, TimeUnit.SECONDS));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertInstanceOf(BlockNotFoundException.class, e.getCause(), String.valueOf(e.getCause()));
        System.out.printf("a block Kubo lacks: not found after %d ms%n", ms);
        assertTrue(ms < 20_000, "took " + ms + " ms: the DONT_HAVE did not end the want");
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
