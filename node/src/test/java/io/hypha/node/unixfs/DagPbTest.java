package io.hypha.node.unixfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multihash;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagPbTest {
    private static final HexFormat HEX = HexFormat.of();
    /** A CIDv0 used as a link target: the empty directory. */
    private static final Cid EMPTY_DIR = Cid.decode("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
    private static final String EMPTY_DIR_HEX = HEX.formatHex(EMPTY_DIR.bytes());

    private static String cidV0(byte[] block) {
        return Cid.v0(Multihash.digest(HashAlgorithm.SHA2_256, block)).toString();
    }

    @Test
    void knownUnixfsLeavesHaveTheirKuboCids() {
        // SPEC-NOTES 2.4: hello world, empty file, empty directory
        assertKnownLeaf("0a110802120b68656c6c6f20776f726c64180b", "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD",
                UnixfsData.file("hello world".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 11, List.of()));
        assertKnownLeaf("0a0408021800", "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH",
                UnixfsData.file(null, 0, List.of()));
        assertKnownLeaf("0a020801", "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn", UnixfsData.directory());
    }

    private static void assertKnownLeaf(String hex, String cid, UnixfsData unixfs) {
        byte[] block = HEX.parseHex(hex);
        PbNode node = DagPb.decode(block);
        assertEquals(List.of(), node.links());
        assertEquals(unixfs, node.unixfs());
        byte[] built = DagPb.encode(new PbNode(List.of(), unixfs.encode()));
        assertArrayEquals(block, built);
        assertEquals(cid, cidV0(built));
    }

    @Test
    void zeroLengthBlockIsAnEmptyNode() {
        // dag-pb spec "Zero-length blocks": CIDv0 QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n
        PbNode node = DagPb.decode(new byte[0]);
        assertEquals(List.of(), node.links());
        assertNull(node.data());
        assertEquals("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n", cidV0(DagPb.encode(node)));
    }

    @Test
    void linksAreWrittenBeforeDataAndAnEmptyNameIsKept() {
        PbNode node = new PbNode(List.of(new PbLink(EMPTY_DIR, "", 4L), new PbLink(EMPTY_DIR, null, null)),
                HEX.parseHex("0801"));
        String expected = "1228" + "0a22" + EMPTY_DIR_HEX + "1200" + "1804"
                + "1224" + "0a22" + EMPTY_DIR_HEX
                + "0a02" + "0801";
        assertEquals(expected, HEX.formatHex(DagPb.encode(node)));
        assertEquals(node, DagPb.decode(HEX.parseHex(expected)));
    }

    @Test
    void namesAreUtf8() {
        PbNode node = PbNode.of(List.of(PbLink.of(EMPTY_DIR, "ünïcødé 🚀", 4)));
        assertEquals(node, DagPb.decode(DagPb.encode(node)));
    }

    @Test
    void strictnessRulesAreEnforced() {
        String link = "1224" + "0a22" + EMPTY_DIR_HEX;
        assertRejected("0a020801" + link, "after the Data field");
        assertRejected("0a0208010a020801", "duplicate Data");
        assertRejected("1a020801", "unknown PBNode field 3");
        assertRejected("0801", "wire type 0");
        assertRejected("1226" + "0a22" + EMPTY_DIR_HEX + "0a00", "duplicated");
        assertRejected("1228" + "1200" + "0a22" + EMPTY_DIR_HEX + "1804", "out of order");
        assertRejected("1204" + "12000a00", "out of order");
        assertRejected("1202" + "1200", "has no Hash");
        assertRejected("1204" + "0a020102", "not a valid CID");
        assertRejected("1228" + "0a22" + EMPTY_DIR_HEX + "1804" + "2200", "unknown PBLink field 4");
        assertRejected("1226" + "0a22" + EMPTY_DIR_HEX + "1001", "wire type 0");
        assertRejected("1228" + "0a22" + EMPTY_DIR_HEX + "1202c328", "UTF-8");
        assertRejected("0a05", "claims 5 bytes");
        assertRejected("0a", "truncated varint");
        assertRejected("122f" + "0a22" + EMPTY_DIR_HEX + "18ffffffffffffffffff01", "larger than");
    }

    @Test
    void blocksOverTheLimitAreRejected() {
        DagPbException e = assertThrows(DagPbException.class, () -> DagPb.decode(new byte[DagPb.MAX_NODE_BYTES + 1]));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
    }

    private static void assertRejected(String hex, String expected) {
        DagPbException e = assertThrows(DagPbException.class, () -> DagPb.decode(HEX.parseHex(hex)), hex);
        assertTrue(e.getMessage().contains(expected), hex + ": " + e.getMessage());
    }
}
