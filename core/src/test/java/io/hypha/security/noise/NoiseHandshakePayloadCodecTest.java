package io.hypha.security.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NoiseHandshakePayloadCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void signatureOverStaticKeyMatchesSpecNotesVector() {
        byte[] staticPublic = CacophonyVectorTest.key(CacophonyVectorTest.INIT_STATIC).publicKey();
        assertEquals(LibP2pNoiseVectors.INIT_STATIC_PUBLIC, HEX.formatHex(staticPublic));
        byte[] data = NoiseProtocol.staticKeySignatureData(staticPublic);
        assertEquals("6e6f6973652d6c69627032702d7374617469632d6b65793a" + LibP2pNoiseVectors.INIT_STATIC_PUBLIC,
                HEX.formatHex(data));
        assertEquals(LibP2pNoiseVectors.INIT_STATIC_SIGNATURE,
                HEX.formatHex(LibP2pNoiseVectors.signWithSpecKey(data)));
    }

    @Test
    void encodesTheSpecNotesPayload() {
        NoiseHandshakePayload payload = new NoiseHandshakePayload(
                HEX.parseHex(LibP2pNoiseVectors.ED25519_PUBLIC_KEY_PROTOBUF),
                HEX.parseHex(LibP2pNoiseVectors.INIT_STATIC_SIGNATURE), null);
        byte[] encoded = NoiseHandshakePayloadCodec.encode(payload);
        assertEquals(104, encoded.length);
        assertEquals(LibP2pNoiseVectors.PAYLOAD, HEX.formatHex(encoded));

        NoiseHandshakePayload withMuxers = new NoiseHandshakePayload(payload.identityKey(), payload.identitySig(),
                NoiseExtensions.ofStreamMuxers(List.of("/yamux/1.0.0")));
        byte[] encodedWithMuxers = NoiseHandshakePayloadCodec.encode(withMuxers);
        assertEquals(120, encodedWithMuxers.length);
        assertEquals(LibP2pNoiseVectors.PAYLOAD + LibP2pNoiseVectors.YAMUX_EXTENSIONS, HEX.formatHex(encodedWithMuxers));
    }

    @Test
    void decodesTheSpecNotesPayload() throws NoiseException {
        NoiseHandshakePayload decoded = NoiseHandshakePayloadCodec.decode(
                HEX.parseHex(LibP2pNoiseVectors.PAYLOAD + LibP2pNoiseVectors.YAMUX_EXTENSIONS));
        assertEquals(LibP2pNoiseVectors.ED25519_PUBLIC_KEY_PROTOBUF, HEX.formatHex(decoded.identityKey()));
        assertEquals(LibP2pNoiseVectors.INIT_STATIC_SIGNATURE, HEX.formatHex(decoded.identitySig()));
        assertEquals(List.of("/yamux/1.0.0"), decoded.extensions().streamMuxers());
        assertEquals(List.of(), decoded.extensions().webtransportCerthashes());

        NoiseHandshakePayload noExtensions = NoiseHandshakePayloadCodec.decode(HEX.parseHex(LibP2pNoiseVectors.PAYLOAD));
        assertNull(noExtensions.extensions());
        NoiseHandshakePayload empty = NoiseHandshakePayloadCodec.decode(new byte[0]);
        assertNull(empty.identityKey());
        assertNull(empty.identitySig());
        assertNull(empty.extensions());
    }

    @Test
    void roundTripsEveryField() throws NoiseException {
        NoiseHandshakePayload payload = new NoiseHandshakePayload(new byte[] {1, 2, 3}, new byte[0],
                new NoiseExtensions(List.of(new byte[] {9, 8}, new byte[300]), List.of("/yamux/1.0.0", "/mplex/6.7.0",
                        "/ünïcode")));
        NoiseHandshakePayload decoded = NoiseHandshakePayloadCodec.decode(NoiseHandshakePayloadCodec.encode(payload));
        assertEquals(payload, decoded);
        assertEquals(payload.hashCode(), decoded.hashCode());
    }

    @Test
    void skipsUnknownFieldsOfEveryWireType() throws NoiseException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HEX.parseHex("18" + "96ffffffffffffffff01")); // field 3, varint, 10 bytes
        out.writeBytes(HEX.parseHex("29" + "0102030405060708")); // field 5, fixed64
        out.writeBytes(HEX.parseHex("35" + "01020304")); // field 6, fixed32
        out.writeBytes(HEX.parseHex("c23e" + "03616263")); // field 1000, length-delimited
        out.writeBytes(HEX.parseHex(LibP2pNoiseVectors.PAYLOAD));
        // extensions with an unknown field 1025 (experimental code point) before the muxer list
        out.writeBytes(HEX.parseHex("2214" + "8a4003787878" + "120c2f79616d75782f312e302e30"));
        NoiseHandshakePayload decoded = NoiseHandshakePayloadCodec.decode(out.toByteArray());
        assertEquals(LibP2pNoiseVectors.INIT_STATIC_SIGNATURE, HEX.formatHex(decoded.identitySig()));
        assertEquals(List.of("/yamux/1.0.0"), decoded.extensions().streamMuxers());
    }

    @Test
    void lastValueWinsAndExtensionsMerge() throws NoiseException {
        byte[] bytes = HEX.parseHex("0a0101" + "0a0102" + "2203120161" + "2203120162");
        NoiseHandshakePayload decoded = NoiseHandshakePayloadCodec.decode(bytes);
        assertArrayEquals(new byte[] {2}, decoded.identityKey());
        assertEquals(List.of("a", "b"), decoded.extensions().streamMuxers());
    }

    @Test
    void rejectsMalformedInput() {
        List<String> malformed = List.of(
                "0a05010203", // length beyond the end
                "0a", // tag without length
                "0a8080808080808080808001", // 11-byte varint length
                "0a ffffffffffffffff7f".replace(" ", ""), // huge length
                "0801", // identity_key as a varint
                "0b", // group start
                "00", // field number 0
                "2203120180", // invalid UTF-8 muxer
                "29010203", // truncated fixed64
                "2202120a"); // extensions: muxer length beyond the embedded message
        for (String hex : malformed) {
            assertThrows(NoiseException.class, () -> NoiseHandshakePayloadCodec.decode(HEX.parseHex(hex)), hex);
        }
    }

    @Test
    void boundsRepeatedFields() throws NoiseException {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        for (int i = 0; i < NoiseHandshakePayloadCodec.MAX_STREAM_MUXERS; i++) {
            ext.writeBytes(HEX.parseHex("120161"));
        }
        byte[] atLimit = withExtensions(ext.toByteArray());
        assertEquals(NoiseHandshakePayloadCodec.MAX_STREAM_MUXERS,
                NoiseHandshakePayloadCodec.decode(atLimit).extensions().streamMuxers().size());
        ext.writeBytes(HEX.parseHex("120161"));
        NoiseException e = assertThrows(NoiseException.class,
                () -> NoiseHandshakePayloadCodec.decode(withExtensions(ext.toByteArray())));
        assertTrue(e.getMessage().contains("stream_muxers"), e.getMessage());
        assertThrows(NoiseException.class,
                () -> NoiseHandshakePayloadCodec.decode(new byte[NoiseHandshakePayloadCodec.MAX_PAYLOAD_LENGTH + 1]));
    }

    @Test
    void everyTruncationAndRandomInputFailsTyped() {
        byte[] full = HEX.parseHex(LibP2pNoiseVectors.PAYLOAD + LibP2pNoiseVectors.YAMUX_EXTENSIONS);
        for (int length = 0; length < full.length; length++) {
            decodeOrNoiseException(java.util.Arrays.copyOf(full, length));
        }
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = full.clone();
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
            decodeOrNoiseException(bytes);
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            decodeOrNoiseException(noise);
        }
    }

    private static void decodeOrNoiseException(byte[] bytes) {
        try {
            NoiseHandshakePayloadCodec.decode(bytes);
        } catch (NoiseException expected) {
            // a typed rejection is the only acceptable failure
        } catch (RuntimeException e) {
            fail("untyped failure for " + HEX.formatHex(bytes), e);
        }
    }

    private static byte[] withExtensions(byte[] extensions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x22);
        int length = extensions.length;
        while (length >= 0x80) {
            out.write((length & 0x7f) | 0x80);
            length >>>= 7;
        }
        out.write(length);
        out.writeBytes(extensions);
        return out.toByteArray();
    }
}
