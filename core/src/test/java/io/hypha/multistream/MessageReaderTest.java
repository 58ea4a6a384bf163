package io.hypha.multistream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MessageReaderTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final int LIMIT = MultistreamProtocol.MAX_MESSAGE_BYTES;

    @Test
    void readsOneByteAtATimeAndEmitsNothingBeforeTheMessageIsComplete() throws NegotiationException {
        byte[] wire = MultistreamCodec.encode("/noise");
        MessageReader reader = new MessageReader();
        for (int i = 0; i < wire.length - 1; i++) {
            assertNull(reader.read(ByteBuffer.wrap(wire, i, 1), LIMIT), "emitted after byte " + i);
        }
        assertArrayEquals("/noise\n".getBytes(), reader.read(ByteBuffer.wrap(wire, wire.length - 1, 1), LIMIT));
    }

    @Test
    void consumesOnlyTheBytesOfOneMessage() throws NegotiationException {
        ByteBuffer in = ByteBuffer.wrap(HEX.parseHex("036e610a" + "036c730a" + "ff"));
        MessageReader reader = new MessageReader();
        assertArrayEquals("na\n".getBytes(), reader.read(in, LIMIT));
        assertEquals(4, in.position());
        assertArrayEquals("ls\n".getBytes(), reader.read(in, LIMIT));
        assertEquals(8, in.position());
        assertNull(reader.read(in, LIMIT)); // 0xff starts a varint that needs more bytes
        assertEquals(9, in.position());
    }

    @Test
    void acceptsAMessageOfExactlyTheLimit() throws NegotiationException {
        byte[] wire = MultistreamCodec.encode("/" + "a".repeat(LIMIT - 2));
        assertEquals(LIMIT, new MessageReader().read(ByteBuffer.wrap(wire), LIMIT).length);
    }

    @Test
    void refusesAnOversizedMessageAsSoonAsItsLengthIsKnown() {
        ByteBuffer in = ByteBuffer.wrap(HEX.parseHex("8108")); // 1025
        NegotiationException e = assertThrows(NegotiationException.class, () -> new MessageReader().read(in, LIMIT));
        assertEquals(NegotiationException.Reason.MESSAGE_TOO_LARGE, e.reason());
    }

    @Test
    void refusesNonMinimalLengthPrefix() {
        ByteBuffer in = ByteBuffer.wrap(HEX.parseHex("8300" + "6e610a")); // 3 encoded in two bytes
        NegotiationException e = assertThrows(NegotiationException.class, () -> new MessageReader().read(in, LIMIT));
        assertEquals(NegotiationException.Reason.PROTOCOL_ERROR, e.reason());
    }

    @Test
    void refusesOverlongLengthPrefix() {
        ByteBuffer in = ByteBuffer.wrap(HEX.parseHex("ffffffffffffffffff01"));
        NegotiationException e = assertThrows(NegotiationException.class, () -> new MessageReader().read(in, LIMIT));
        assertEquals(NegotiationException.Reason.PROTOCOL_ERROR, e.reason());
    }

    @Test
    void refusesHugeMinimalLengthPrefixAsTooLarge() {
        ByteBuffer in = ByteBuffer.wrap(HEX.parseHex("ffffffffffffffff7f"));
        NegotiationException e = assertThrows(NegotiationException.class, () -> new MessageReader().read(in, LIMIT));
        assertEquals(NegotiationException.Reason.MESSAGE_TOO_LARGE, e.reason());
    }

    @Test
    void refusesEmptyMessage() {
        NegotiationException e = assertThrows(NegotiationException.class,
                () -> new MessageReader().read(ByteBuffer.wrap(new byte[] {0}), LIMIT));
        assertEquals(NegotiationException.Reason.PROTOCOL_ERROR, e.reason());
    }
}
