package io.hypha.protocol.identify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.hypha.internal.proto.ProtoException;
import io.hypha.internal.proto.ProtoWriter;
import io.hypha.protocol.identify.internal.IdentifyProto;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The class generated from identify.proto against the SPEC-NOTES vector, and what IdentifyCodec adds to it. */
class IdentifyProtoTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] BODY = HEX.parseHex(IdentifyCodecTest.VECTOR.substring(2));

    @Test
    void theGeneratedClassReadsTheVectorAndTheCodecWritesFieldNumberOrder() throws InvalidProtocolBufferException {
        IdentifyProto.Identify m = IdentifyProto.Identify.parseFrom(BODY);
        assertEquals("ipfs/0.1.0", m.getProtocolVersion());
        assertEquals(List.of("/ipfs/ping/1.0.0"), m.getProtocolsList());
        assertEquals(IdentifyCodecTest.SPEC_KEY, HEX.formatHex(m.getPublicKey().toByteArray()));
        // the vector lists its fields in .proto order; written back they come in field-number order, as go does
        assertNotEquals(HEX.formatHex(BODY), HEX.formatHex(m.toByteArray()));
        assertEquals(m, IdentifyProto.Identify.parseFrom(m.toByteArray()));
        assertArrayEquals(m.toByteArray(), IdentifyCodec.encode(IdentifyCodec.decode(BODY)));
        assertEquals(IdentifyCodecTest.VECTOR_IN_FIELD_ORDER.substring(2), HEX.formatHex(m.toByteArray()));
    }

    @Test
    void aMessageFromALaterVersionStillDecodes() {
        byte[] body = new ProtoWriter()
                .rawBytes(BODY)
                .varint(7, 1) // natStatus, which older go-libp2p sent
                .bytes(9, new byte[] {1, 2, 3})
                .fixed32(100, 5)
                .toByteArray();
        assertEquals(IdentifyCodecTest.vectorMessage(), IdentifyCodec.decode(body));
    }

    @Test
    void aKnownFieldOnTheWrongWireTypeOrANonUtf8StringIsMalformed() {
        ProtoException wireType = assertThrows(ProtoException.class,
                () -> IdentifyCodec.decode(new ProtoWriter().varint(IdentifyProtocol.FIELD_PROTOCOLS, 1).toByteArray()));
        assertTrue(wireType.getMessage().contains("protocols"), wireType.getMessage());
        assertThrows(ProtoException.class, () -> IdentifyCodec.decode(
                new ProtoWriter().bytes(IdentifyProtocol.FIELD_AGENT_VERSION, new byte[] {(byte) 0xc3, 0x28}).toByteArray()));
    }

    @Test
    void laterValuesReplaceEarlierOnesRepeatedFieldsAppend() {
        byte[] body = new ProtoWriter()
                .string(IdentifyProtocol.FIELD_AGENT_VERSION, "first")
                .string(IdentifyProtocol.FIELD_PROTOCOLS, "/a")
                .string(IdentifyProtocol.FIELD_AGENT_VERSION, "second")
                .string(IdentifyProtocol.FIELD_PROTOCOLS, "/b")
                .toByteArray();
        IdentifyMessage m = IdentifyCodec.decode(body);
        assertEquals("second", m.agentVersion());
        assertEquals(List.of("/a", "/b"), m.protocols());
    }
}
