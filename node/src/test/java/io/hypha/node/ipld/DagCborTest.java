package io.hypha.node.ipld;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiformats.Cid;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DAG-CBOR: canonical encoding, strict decoding, and each limit attacked. */
class DagCborTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Cid CID = Cid.decode("bafyreidykglsfhoixmivffc5uwhcgshx4j465xwqntbmu43nb2dzqwfvae");

    private static String enc(Ipld v) {
        return HEX.formatHex(DagCbor.encode(v));
    }

    private static IpldCodecException refused(String hex) {
        return assertThrows(IpldCodecException.class, () -> DagCbor.decode(HEX.parseHex(hex)), hex);
    }

    @Test
    void encodesCanonically() {
        Map<String, Ipld> m = new LinkedHashMap<>();
        m.put("aa", Ipld.IntNode.of(1));
        m.put("b", Ipld.IntNode.of(2));
        m.put("a", Ipld.IntNode.of(3));
        assertEquals("a3616103616202626161" + "01", enc(new Ipld.MapNode(m)), "length first, then bytewise");
        assertEquals("17", enc(Ipld.IntNode.of(23)));
        assertEquals("1818", enc(Ipld.IntNode.of(24)));
        assertEquals("190100", enc(Ipld.IntNode.of(256)));
        assertEquals("1a00010000", enc(Ipld.IntNode.of(65536)));
        assertEquals("1b0000000100000000", enc(Ipld.IntNode.of(1L << 32)));
        assertEquals("1bffffffffffffffff", enc(new Ipld.IntNode(Ipld.IntNode.MAX)));
        assertEquals("3bffffffffffffffff", enc(new Ipld.IntNode(Ipld.IntNode.MIN)));
        assertEquals("20", enc(Ipld.IntNode.of(-1)));
        assertEquals("fb3ff8000000000000", enc(new Ipld.FloatNode(1.5)), "floats are always 64-bit");
        assertEquals("d82a582500" + HEX.formatHex(CID.bytes()), enc(new Ipld.LinkNode(CID)));
        assertEquals("f4f5f6", HEX.formatHex(DagCbor.encode(new Ipld.BoolNode(false))) + enc(new Ipld.BoolNode(true))
                + enc(new Ipld.NullNode()));
        assertThrows(IpldCodecException.class, () -> new Ipld.IntNode(Ipld.IntNode.MAX.add(BigInteger.ONE)));
    }

    @Test
    void decodesWhatItEncodes() {
        Ipld v = new Ipld.MapNode(Map.of("list", new Ipld.ListNode(List.of(new Ipld.LinkNode(CID),
                new Ipld.BytesNode(new byte[] {1, 2}), new Ipld.StringNode("ž"), new Ipld.FloatNode(-0.25),
                new Ipld.IntNode(Ipld.IntNode.MIN)))));
        byte[] b = DagCbor.encode(v);
        assertEquals(v, DagCbor.decode(b));
        assertArrayEquals(b, DagCbor.encode(DagCbor.decode(b)));
    }

    @Test
    void refusesWhatTheEncoderWouldNotWrite() {
        refused("1801"); // 1 in a one-byte argument
        refused("190001"); // 1 in two bytes
        refused("9f00ff"); // indefinite-length list
        refused("5f4100ff"); // indefinite-length bytes
        refused("a2616201616102"); // keys out of order
        refused("a2626161016162" + "02"); // "aa" before "b": bytewise but not length-first
        refused("a2616101616102"); // repeated key
        refused("a10102"); // a key that is not a string
        refused("c100"); // a tag other than 42
        refused("d82a4401020304"); // tag 42 without the 0x00 prefix
        refused("d82a00"); // tag 42 over an integer
        refused("fa3f800000"); // 32-bit float
        refused("f93c00"); // 16-bit float
        refused("fb7ff8000000000000"); // NaN
        refused("fb7ff0000000000000"); // infinity
        refused("f7"); // undefined
        refused("f820"); // another simple value
        refused("62c328"); // invalid UTF-8
        refused("0101"); // bytes after the top-level item
        refused("82"); // truncated
        refused("");
    }

    @Test
    void nestingBeyondTheLimitIsRefusedWithoutOverflowingTheStack() {
        byte[] deep = new byte[100_001];
        java.util.Arrays.fill(deep, (byte) 0x81); // a list holding a list holding ...
        deep[deep.length - 1] = 0;
        assertTrue(assertThrows(IpldCodecException.class, () -> DagCbor.decode(deep)).getMessage().contains("nesting"));
        byte[] justEnough = new byte[IpldLimits.MAX_DEPTH + 1];
        java.util.Arrays.fill(justEnough, (byte) 0x81);
        justEnough[justEnough.length - 1] = 0;
        DagCbor.decode(justEnough);
    }

    @Test
    void tooManyValuesAreRefused() {
        int n = IpldLimits.MAX_VALUES + 1;
        byte[] list = new byte[5 + n];
        list[0] = (byte) 0x9a;
        list[1] = (byte) (n >>> 24);
        list[2] = (byte) (n >>> 16);
        list[3] = (byte) (n >>> 8);
        list[4] = (byte) n;
        assertTrue(assertThrows(IpldCodecException.class, () -> DagCbor.decode(list)).getMessage().contains("values"));
    }

    @Test
    void declaredLengthsPastTheEndAllocateNothing() {
        refused("9bffffffffffffffff"); // a list of 2^64-1 items
        refused("bb7fffffffffffffff"); // a map of 2^63-1 pairs
        refused("5a7fffffff00"); // 2 GiB of bytes
        refused("7b0000000100000000"); // 4 GiB of text
        assertThrows(IpldCodecException.class, () -> DagCbor.decode(new byte[IpldLimits.MAX_BLOCK_BYTES + 1]));
    }
}
