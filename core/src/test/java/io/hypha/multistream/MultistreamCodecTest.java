package io.hypha.multistream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultistreamCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesTheIdsOfSpecNotes12ByteExactly() {
        assertEquals("132f6d756c746973747265616d2f312e302e300a", hex(MultistreamProtocol.PROTOCOL_ID));
        assertEquals("072f6e6f6973650a", hex("/noise"));
        assertEquals("0d2f79616d75782f312e302e300a", hex("/yamux/1.0.0"));
        assertEquals("036e610a", hex(MultistreamProtocol.NOT_AVAILABLE));
        assertEquals("036c730a", hex(MultistreamProtocol.LIST));
        assertEquals("0f2f697066732f69642f312e302e300a", hex("/ipfs/id/1.0.0"));
        assertEquals("112f697066732f70696e672f312e302e300a", hex("/ipfs/ping/1.0.0"));
        assertEquals("102f697066732f6b61642f312e302e300a", hex("/ipfs/kad/1.0.0"));
        assertEquals("142f697066732f626974737761702f312e322e300a", hex("/ipfs/bitswap/1.2.0"));
    }

    @Test
    void encodesTwoByteLengthPrefixForLongIds() {
        String id = "/" + "a".repeat(199); // 200 bytes + newline = 201 = 0xc9 0x01
        byte[] encoded = MultistreamCodec.encode(id);
        assertEquals(203, encoded.length);
        assertEquals("c901", HEX.formatHex(encoded, 0, 2));
    }

    @Test
    void encodesLsAnswerAsOneMessageOfLengthPrefixedLines() {
        // body: 03 "/a" 0a 04 "/bc" 0a 0a = 10 bytes, so the outer prefix is 0a
        byte[] encoded = MultistreamCodec.encodeList(List.of("/a", "/bc"));
        assertEquals("0a" + "032f610a" + "042f62630a" + "0a", HEX.formatHex(encoded));
        assertEquals("010a", HEX.formatHex(MultistreamCodec.encodeList(List.of())));
    }

    @Test
    void decodesLsAnswerBody() throws NegotiationException {
        byte[] encoded = MultistreamCodec.encodeList(List.of("/noise", "/yamux/1.0.0"));
        byte[] body = java.util.Arrays.copyOfRange(encoded, 1, encoded.length);
        assertEquals(List.of("/noise", "/yamux/1.0.0"), MultistreamCodec.decodeList(body));
        assertEquals(List.of(), MultistreamCodec.decodeList(new byte[] {'\n'}));
    }

    @Test
    void refusesMalformedLsAnswers() {
        assertProtocolError(() -> MultistreamCodec.decodeList(HEX.parseHex("032f610a")));   // no final newline
        assertProtocolError(() -> MultistreamCodec.decodeList(HEX.parseHex("052f610a0a"))); // line longer than body
        assertProtocolError(() -> MultistreamCodec.decodeList(HEX.parseHex("032f61620a"))); // line without newline
        assertProtocolError(() -> MultistreamCodec.decodeList(HEX.parseHex("000a")));       // empty line
        assertProtocolError(() -> MultistreamCodec.decodeList(HEX.parseHex("83000a")));     // non-minimal varint
    }

    @Test
    void refusesLsAnswerWithTooManyIds() {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i <= MultistreamProtocol.MAX_LISTED_PROTOCOLS; i++) {
            hex.append("032f610a");
        }
        byte[] body = HEX.parseHex(hex.append("0a"));
        assertProtocolError(() -> MultistreamCodec.decodeList(body));
    }

    @Test
    void decodesTextStrictly() throws NegotiationException {
        assertEquals("/noise", MultistreamCodec.decodeText("/noise\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertProtocolError(() -> MultistreamCodec.decodeText(HEX.parseHex("2f6e")));     // no newline
        assertProtocolError(() -> MultistreamCodec.decodeText(HEX.parseHex("2fc30a")));   // truncated UTF-8
        assertProtocolError(() -> MultistreamCodec.decodeText(new byte[0]));
    }

    @Test
    void validatesIds() {
        assertEquals("/noise", MultistreamProtocol.requireValidId("/noise"));
        assertThrows(IllegalArgumentException.class, () -> MultistreamProtocol.requireValidId(""));
        assertThrows(IllegalArgumentException.class, () -> MultistreamProtocol.requireValidId("noise"));
        assertThrows(IllegalArgumentException.class, () -> MultistreamProtocol.requireValidId("/no\nise"));
        String longest = "/" + "x".repeat(MultistreamProtocol.MAX_MESSAGE_BYTES - 2);
        assertEquals(longest, MultistreamProtocol.requireValidId(longest));
        assertThrows(IllegalArgumentException.class, () -> MultistreamProtocol.requireValidId(longest + "x"));
        assertThrows(IllegalArgumentException.class, () -> MultistreamCodec.encode("a\nb"));
    }

    private static String hex(String text) {
        return HEX.formatHex(MultistreamCodec.encode(text));
    }

    private static void assertProtocolError(org.junit.jupiter.api.function.Executable call) {
        NegotiationException e = assertThrows(NegotiationException.class, call);
        assertEquals(NegotiationException.Reason.PROTOCOL_ERROR, e.reason());
    }
}
