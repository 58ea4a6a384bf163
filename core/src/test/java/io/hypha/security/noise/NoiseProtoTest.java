package io.hypha.security.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.hypha.internal.proto.noise.NoiseProto;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The classes generated from noise.proto against the SPEC-NOTES payload vector, and what the codec adds. */
class NoiseProtoTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void generatedClassesRoundTripTheSpecNotesPayloadByteForByte() throws InvalidProtocolBufferException, NoiseException {
        byte[] bytes = HEX.parseHex(LibP2pNoiseVectors.PAYLOAD + LibP2pNoiseVectors.YAMUX_EXTENSIONS);
        NoiseProto.NoiseHandshakePayload m = NoiseProto.NoiseHandshakePayload.parseFrom(bytes);
        assertEquals(LibP2pNoiseVectors.ED25519_PUBLIC_KEY_PROTOBUF, HEX.formatHex(m.getIdentityKey().toByteArray()));
        assertEquals(List.of("/yamux/1.0.0"), m.getExtensions().getStreamMuxersList());
        assertArrayEquals(bytes, m.toByteArray());
        assertArrayEquals(bytes, NoiseHandshakePayloadCodec.encode(NoiseHandshakePayloadCodec.decode(bytes)));
    }

    @Test
    void aPayloadFromALaterVersionStillDecodes() throws NoiseException {
        // a future field 5 (message), then extensions holding an unknown code point and a fixed32 field
        byte[] bytes = HEX.parseHex("2a03" + "0a0178" + LibP2pNoiseVectors.PAYLOAD
                + "2219" + "8a4003787878" + "1d01020304" + "120c2f79616d75782f312e302e30");
        NoiseHandshakePayload p = NoiseHandshakePayloadCodec.decode(bytes);
        assertEquals(LibP2pNoiseVectors.INIT_STATIC_SIGNATURE, HEX.formatHex(p.identitySig()));
        assertEquals(List.of("/yamux/1.0.0"), p.extensions().streamMuxers());
    }

    @Test
    void aKnownFieldOnTheWrongWireTypeInsideTheExtensionsIsRejected() {
        // stream_muxers (field 2) as a varint
        NoiseException e = assertThrows(NoiseException.class,
                () -> NoiseHandshakePayloadCodec.decode(HEX.parseHex("2202" + "1001")));
        assertTrue(e.getMessage().contains("stream_muxers"), e.getMessage());
        // a certificate hash cap, like the muxer cap
        StringBuilder ext = new StringBuilder();
        for (int i = 0; i <= NoiseHandshakePayloadCodec.MAX_CERTHASHES; i++) {
            ext.append("0a0101");
        }
        String hex = "22" + HEX.toHexDigits((byte) 0xaf) + "02" + ext; // 303 bytes: varint af 02
        NoiseException cap = assertThrows(NoiseException.class, () -> NoiseHandshakePayloadCodec.decode(HEX.parseHex(hex)));
        assertTrue(cap.getMessage().contains("webtransport_certhashes"), cap.getMessage());
    }
}
