package io.hypha.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multicodec;
import io.hypha.multiformats.Multihash;
import io.hypha.node.unixfs.Profile;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Helia fixture against itself: two real Helia nodes, A holding the data and B connected to A and nothing
 * else, so that whatever B reads it fetched from A over Bitswap. Proves the fixture is fit to judge Hypha by:
 * files of both UnixFS profiles arrive whole, the js and Java data generators agree, directories list, and a
 * fetch of a block nobody has ends at its timeout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeliaFixtureTest {
    private static final int MIB = 1 << 20;
    private static final int FILE_SIZE = 10 * MIB;
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(60);
    /** How long a fetch of a block nobody has is given before it must fail. */
    private static final Duration MISSING_TIMEOUT = Duration.ofSeconds(2);

    private JsHelia a;
    private JsHelia b;

    @BeforeAll
    void start() throws IOException, TimeoutException {
        a = JsHelia.start();
        b = JsHelia.start();
        assertEquals(a.peerId(), b.connect(a.addresses().get(0), FETCH_TIMEOUT));
        assertEquals(List.of(a.peerId()), b.peers());
    }

    @AfterAll
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void filesOfBothProfilesCrossBitswapWhole() throws Exception {
        long seed = 0x48656c6961L;
        for (Profile profile : Profile.values()) {
            seed++;
            JsHelia.Added added = a.add(seed, FILE_SIZE, profile);
            String javaSha = sha256(JsHelia.bytes(seed, FILE_SIZE));
            assertEquals(javaSha, added.sha256(), "js and Java generators disagree for " + profile);
            assertEquals(JsHelia.sha256(seed, FILE_SIZE), javaSha, "bytes() and stream() disagree");
            assertEquals(FILE_SIZE, added.size());
            assertEquals(profile == Profile.UNIXFS_V0_2015 ? 0 : 1, added.cid().version());
            assertFalse(b.has(added.cid()), "B already had " + added.cid());

            JsHelia.Fetched fetched = b.cat(added.cid(), FETCH_TIMEOUT);
            assertEquals(javaSha, fetched.sha256(), profile + " " + added.cid());
            assertEquals(FILE_SIZE, fetched.size());
            assertTrue(b.has(added.cid()));
            System.out.printf("helia fixture: %s %d MiB: A added in %.0f ms, B fetched over bitswap in %.0f ms"
                    + " (%.1f MiB/s)%n", profile.id(), FILE_SIZE / MIB, added.millis(), fetched.millis(),
                    FILE_SIZE / (double) MIB / (fetched.millis() / 1000));
        }
        // 10 MiB in 1 MiB raw leaves plus a root, and 40 v0 leaves plus a root: at least 52 blocks came from A
        JsHelia.Stat got = b.stat();
        assertTrue(got.received().blocks() >= 52, got.toString());
        assertTrue(got.received().blockBytes() >= 2L * FILE_SIZE, got.toString());
        JsHelia.Stat sent = a.stat();
        assertTrue(sent.metric("helia_bitswap_sent_blocks_total") >= 52, sent.toString());
        assertTrue(sent.metric("helia_bitswap_sent_data_bytes_total") >= 2L * FILE_SIZE, sent.toString());
        assertTrue(sent.received().wants() >= 52, sent.toString());
    }

    @Test
    void aSingleBlockFileIsTheGeneratorsBytes() throws Exception {
        // not a multiple of 4: the generator's last word is cut; one raw leaf is the file's only block
        int size = 12345;
        long seed = 7;
        JsHelia.Added added = a.add(seed, size, Profile.UNIXFS_V1_2025);
        byte[] expected = JsHelia.bytes(seed, size);
        assertEquals(Cid.v1(Multicodec.RAW, Multihash.digest(HashAlgorithm.SHA2_256, expected)), added.cid());
        assertArrayEquals(expected, b.get(added.cid(), FETCH_TIMEOUT));
        assertArrayEquals(expected, JsHelia.stream(seed, size).readAllBytes());
    }

    @Test
    void aBlockPutOnANodeIsFetchedByItsPeer() throws Exception {
        byte[] data = "a block put as it is".getBytes();
        Cid cid = a.addBlock(data);
        assertEquals(Cid.v1(Multicodec.RAW, Multihash.digest(HashAlgorithm.SHA2_256, data)), cid);
        assertArrayEquals(data, b.get(cid, FETCH_TIMEOUT));
    }

    @Test
    void aDirectoryTreeListsOnThePeer() throws Exception {
        List<JsHelia.DirFile> files = List.of(new JsHelia.DirFile("readme.txt", 100, 1),
                new JsHelia.DirFile("sub/two-chunks.bin", 300 * 1024, 2),
                new JsHelia.DirFile("sub/deeper/one.bin", 5000, 3));
        Cid root = a.addDir(files, Profile.UNIXFS_V1_2025);

        Map<String, JsHelia.Entry> top = byName(b.ls(root, FETCH_TIMEOUT));
        assertEquals(List.of("readme.txt", "sub"), top.keySet().stream().sorted().toList());
        assertEquals(100, top.get("readme.txt").size());
        Map<String, JsHelia.Entry> sub = byName(b.ls(top.get("sub").cid(), FETCH_TIMEOUT));
        assertEquals(List.of("deeper", "two-chunks.bin"), sub.keySet().stream().sorted().toList());
        assertEquals(300 * 1024, sub.get("two-chunks.bin").size());
        Map<String, JsHelia.Entry> deeper = byName(b.ls(sub.get("deeper").cid(), FETCH_TIMEOUT));
        assertEquals(List.of("one.bin"), List.copyOf(deeper.keySet()));

        JsHelia.Fetched twoChunks = b.cat(sub.get("two-chunks.bin").cid(), FETCH_TIMEOUT);
        assertEquals(JsHelia.sha256(2, 300 * 1024), twoChunks.sha256());
        JsHelia.Fetched one = b.cat(deeper.get("one.bin").cid(), FETCH_TIMEOUT);
        assertEquals(JsHelia.sha256(3, 5000), one.sha256());
    }

    @Test
    void aBlockNobodyHasFailsAtItsTimeout() throws Exception {
        Cid nobodys = Cid.v1(Multicodec.RAW, Multihash.digest(HashAlgorithm.SHA2_256,
                "a block no peer was ever given".getBytes()));
        long t0 = System.nanoTime();
        // IOException, not TimeoutException: the js side gave up at MISSING_TIMEOUT and said so
        IOException e = assertThrows(IOException.class, () -> b.get(nobodys, MISSING_TIMEOUT));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue(e.getMessage().contains("Abort") || e.getMessage().contains("Timeout"), e.getMessage());
        assertTrue(took.compareTo(MISSING_TIMEOUT) >= 0, "failed before its timeout: " + took);
        assertFalse(b.has(nobodys));
        assertFalse(a.has(nobodys));
    }

    @Test
    void aDisconnectedNodeFetchesNothing() throws Exception {
        byte[] data = "only A has this block".getBytes();
        Cid cid = a.addBlock(data);
        try (JsHelia c = JsHelia.start()) {
            // C has no routing at all: once it hangs up on A there is nobody to ask
            c.connect(a.addresses().get(0), FETCH_TIMEOUT);
            assertEquals(List.of(a.peerId()), c.peers());
            c.disconnect(a.peerId());
            assertEquals(List.of(), c.peers());
            assertThrows(IOException.class, () -> c.get(cid, MISSING_TIMEOUT));
            assertFalse(c.has(cid));

            c.connect(a.addresses().get(0), FETCH_TIMEOUT);
            assertArrayEquals(data, c.get(cid, FETCH_TIMEOUT));
        }
    }

    private static Map<String, JsHelia.Entry> byName(List<JsHelia.Entry> entries) {
        return entries.stream().collect(Collectors.toMap(JsHelia.Entry::name, Function.identity()));
    }

    private static String sha256(byte[] data) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
