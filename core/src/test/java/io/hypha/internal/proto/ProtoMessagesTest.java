package io.hypha.internal.proto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.hypha.internal.proto.peer.PeerRecordProto;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ProtoMessagesTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void parseIgnoresUnknownFieldsAndMergesWhatProtobufMerges() {
        byte[] bytes = new ProtoWriter()
                .varint(2, 1) // seq = 1
                .string(77, "a field of a later version")
                .message(3, new ProtoWriter().bytes(1, new byte[] {1}).fixed32(2, 9))
                .varint(2, 3) // seq again: the last value wins
                .toByteArray();
        PeerRecordProto.PeerRecord m = ProtoMessages.parse(PeerRecordProto.PeerRecord.parser(), bytes, "test");
        assertEquals(3, m.getSeq());
        assertEquals(1, m.getAddressesCount());
    }

    @Test
    void parseRejectsAKnownFieldOnTheWrongWireTypeAtAnyDepthAndGroups() {
        ProtoException top = assertThrows(ProtoException.class, () -> ProtoMessages.parse(
                PeerRecordProto.PeerRecord.parser(), new ProtoWriter().bytes(2, new byte[1]).toByteArray(), "test"));
        assertEquals("test: field 2 (seq) has wire type 2, expected 0", top.getMessage());
        ProtoException nested = assertThrows(ProtoException.class, () -> ProtoMessages.parse(
                PeerRecordProto.PeerRecord.parser(),
                new ProtoWriter().message(3, new ProtoWriter().fixed32(1, 0)).toByteArray(), "test"));
        assertEquals("test addresses: field 1 (multiaddr) has wire type 5, expected 2", nested.getMessage());
        assertThrows(ProtoException.class,
                () -> ProtoMessages.parse(PeerRecordProto.PeerRecord.parser(), HEX.parseHex("4b4c"), "test"));
    }

    @Test
    void parseWrapsProtobufJavasExceptionInAProtoException() {
        ProtoException e = assertThrows(ProtoException.class,
                () -> ProtoMessages.parse(PeerRecordProto.PeerRecord.parser(), HEX.parseHex("0a05"), "test"));
        assertTrue(e.getCause() instanceof InvalidProtocolBufferException, String.valueOf(e.getCause()));
        assertTrue(e.getMessage().startsWith("test: "), e.getMessage());
    }

}
