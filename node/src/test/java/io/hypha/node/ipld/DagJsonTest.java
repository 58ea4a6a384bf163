package io.hypha.node.ipld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hypha.multiformats.Cid;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DAG-JSON: canonical encoding, the codec's decoding rules, and each limit attacked. */
class DagJsonTest {
    private static final String CID = "bafyreidykglsfhoixmivffc5uwhcgshx4j465xwqntbmu43nb2dzqwfvae";

    private static Ipld decode(String json) {
        return DagJson.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String canonical(String json) {
        return new String(DagJson.encode(decode(json)), StandardCharsets.UTF_8);
    }

    private static void refused(String json) {
        assertThrows(IpldCodecException.class, () -> decode(json), json);
    }

    @Test
    void encodesCanonically() {
        assertEquals("{\"a\":[1.5,2,{\"/\":\"" + CID + "\"},{\"/\":{\"bytes\":\"AQID\"}}],\"b\":null,\"ba\":true}",
                canonical(" { \"ba\" : true, \"b\": null,\n \"a\": [1.5, 2, {\"/\": \"" + CID
                        + "\"}, {\"/\": {\"bytes\": \"AQID\"}}] } "));
        assertEquals("{\"/\":{\"bytes\":\"AQ\"}}", canonical("{\"/\":{\"bytes\":\"AQ\"}}"), "no padding");
        assertEquals("\"\\\"\\\\\\n\\u0001é\"", canonical("\"\\\"\\\\\\n\\u0001\\u00e9\""));
        assertEquals("18446744073709551615", canonical("18446744073709551615"));
        assertEquals("-18446744073709551616", canonical("-18446744073709551616"));
        assertEquals("{\"/\":\"QmXg9Pp2ytZ14xgmQjYEiHjVjMFXzCVVEcRTWJBmLgR39V\"}",
                canonical("{\"/\":\"QmXg9Pp2ytZ14xgmQjYEiHjVjMFXzCVVEcRTWJBmLgR39V\"}"), "CIDv0 stays base58btc");
    }

    @Test
    void floatsAreShortestAndStayFloats() {
        assertEquals("1.0", DagJson.formatFloat(1.0));
        assertEquals("-2.0", DagJson.formatFloat(-2.0));
        assertEquals("0.5", DagJson.formatFloat(0.5));
        assertEquals("1e+21", DagJson.formatFloat(1e21));
        assertEquals("100000000000000000000.0", DagJson.formatFloat(1e20));
        assertEquals("0.000001", DagJson.formatFloat(1e-6));
        assertEquals("1e-7", DagJson.formatFloat(1e-7));
        assertEquals("1e-323", DagJson.formatFloat(1e-323));
        assertEquals("8.940696716308594e-8", DagJson.formatFloat(8.940696716308594e-8));
        assertEquals(new Ipld.FloatNode(1.0), decode("1.0"));
        assertEquals(Ipld.IntNode.of(1), decode("1"));
    }

    @Test
    void refusesWhatTheCodecForbids() {
        refused("{\"a\":1,\"a\":2}");
        refused("1 2");
        refused("NaN");
        refused("1e999");
        refused("18446744073709551616");
        refused("\"\\ud800\"");
        refused("{\"/\":\"not a cid\"}");
        refused("{\"/\":\"" + CID + "\",\"x\":1}");
        refused("{\"/\":{\"bytes\":\"AQ==\"}}");
        refused("{\"/\":{\"bytes\":\"!!\"}}");
        refused("{\"/\":{\"bytes\":\"AQ\",\"x\":1}}");
        refused("{\"/\":1}");
        refused("[1,]");
        refused("01");
        refused("// comment\n1");
        refused("");
        refused("[\"\u0000\"");
    }

    @Test
    void linksAndBytesDecodeToTheirKinds() {
        assertEquals(new Ipld.ListNode(List.of(new Ipld.LinkNode(Cid.decode(CID)), new Ipld.BytesNode(new byte[] {1}))),
                decode("[{\"/\":\"" + CID + "\"},{\"/\":{\"bytes\":\"AQ\"}}]"));
        assertEquals(new Ipld.MapNode(Map.of("/x", Ipld.IntNode.of(1))), decode("{\"/x\":1}"));
    }

    @Test
    void nestingBeyondTheLimitIsRefused() {
        refused("[".repeat(100_000) + "]".repeat(100_000));
        refused("{\"a\":".repeat(IpldLimits.MAX_DEPTH + 1) + "1" + "}".repeat(IpldLimits.MAX_DEPTH + 1));
        decode("[".repeat(IpldLimits.MAX_DEPTH) + "]".repeat(IpldLimits.MAX_DEPTH));
    }

    @Test
    void tooManyValuesAreRefused() {
        refused("[" + "0,".repeat(IpldLimits.MAX_VALUES) + "0]");
        assertThrows(IpldCodecException.class, () -> DagJson.decode(new byte[IpldLimits.MAX_BLOCK_BYTES + 1]));
    }
}
