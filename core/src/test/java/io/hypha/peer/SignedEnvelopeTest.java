package io.hypha.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.internal.proto.ProtoException;
import io.hypha.internal.proto.ProtoWriter;
import io.hypha.internal.proto.peer.PeerRecordProto;
import io.hypha.internal.proto.record.EnvelopeProto;
import io.hypha.multiaddr.Multiaddr;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Envelopes and peer records on the classes generated from envelope.proto and peer_record.proto. */
class SignedEnvelopeTest {
    private static final HexFormat HEX = HexFormat.of();
    /** The spec's Ed25519 test key (peer-ids.md), so the signatures below are fixed bytes. */
    private static final PrivateKey KEY = PrivateKey.decode(HEX.parseHex(
            "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d"
                    + "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"));
    private static final byte[] TYPE = {0x03, 0x01};

    @Test
    void theSignatureCoversTheRfcBytesExactly() {
        byte[] payload = "hello".getBytes(StandardCharsets.US_ASCII);
        // uvarint(18) "libp2p-peer-record" uvarint(2) 03 01 uvarint(5) "hello"
        byte[] covered = HEX.parseHex("12" + HEX.formatHex(PeerRecord.DOMAIN.getBytes(StandardCharsets.US_ASCII))
                + "02" + "0301" + "05" + "68656c6c6f");
        byte[] signature = KEY.sign(covered);
        SignedEnvelope env = SignedEnvelope.sign(KEY, PeerRecord.DOMAIN, TYPE, payload);
        byte[] expected = new ProtoWriter()
                .bytes(1, KEY.publicKey().encode())
                .bytes(2, TYPE)
                .bytes(3, payload)
                .bytes(5, signature) // Ed25519 is deterministic: the same bytes signed give the same signature
                .toByteArray();
        assertArrayEquals(expected, env.encode());
        assertArrayEquals(payload, SignedEnvelope.decodeAndVerify(expected, PeerRecord.DOMAIN).payload());
    }

    @Test
    void generatedClassesRoundTripAnEnvelopeByteForByte() throws InvalidProtocolBufferException {
        byte[] encoded = SignedEnvelope.sign(KEY, PeerRecord.DOMAIN, TYPE, new byte[] {1, 2, 3}).encode();
        EnvelopeProto.Envelope m = EnvelopeProto.Envelope.parseFrom(encoded);
        assertArrayEquals(KEY.publicKey().encode(), m.getPublicKey().toByteArray());
        assertArrayEquals(encoded, m.toByteArray());
    }

    @Test
    void anEmptyFieldIsWrittenAndAcceptedAMissingOneIsRejected() {
        byte[] encoded = SignedEnvelope.sign(KEY, "test-domain", new byte[0], new byte[0]).encode();
        assertTrue(HEX.formatHex(encoded).contains("12001a00"), HEX.formatHex(encoded)); // empty type and payload
        assertEquals(0, SignedEnvelope.decodeAndVerify(encoded, "test-domain").payload().length);

        byte[] withoutPayload = new ProtoWriter()
                .bytes(1, KEY.publicKey().encode())
                .bytes(2, TYPE)
                .bytes(5, KEY.sign(HEX.parseHex("0b746573742d646f6d61696e" + "020301" + "00")))
                .toByteArray();
        assertThrows(ProtoException.class, () -> SignedEnvelope.decodeAndVerify(withoutPayload, "test-domain"));
    }

    @Test
    void unknownFieldsAreIgnoredAWrongWireTypeIsNot() {
        byte[] encoded = SignedEnvelope.sign(KEY, PeerRecord.DOMAIN, TYPE, new byte[] {7}).encode();
        ByteArrayOutputStream extended = new ByteArrayOutputStream();
        extended.writeBytes(new ProtoWriter().varint(4, 99).string(1000, "future").fixed64(6, 1).toByteArray());
        extended.writeBytes(encoded);
        assertArrayEquals(new byte[] {7},
                SignedEnvelope.decodeAndVerify(extended.toByteArray(), PeerRecord.DOMAIN).payload());

        byte[] payloadAsVarint = concat(encoded, new ProtoWriter().varint(3, 1).toByteArray());
        ProtoException e = assertThrows(ProtoException.class,
                () -> SignedEnvelope.decodeAndVerify(payloadAsVarint, PeerRecord.DOMAIN));
        assertTrue(e.getMessage().contains("wire type"), e.getMessage());
        byte[] group = concat(encoded, HEX.parseHex("3b3c")); // field 7, start and end group
        assertThrows(ProtoException.class, () -> SignedEnvelope.decodeAndVerify(group, PeerRecord.DOMAIN));
    }

    @Test
    void malformedInputFailsWithAnIllegalArgumentException() {
        byte[] encoded = SignedEnvelope.sign(KEY, PeerRecord.DOMAIN, TYPE, new byte[] {7}).encode();
        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(encoded, length);
            assertThrows(IllegalArgumentException.class, () -> SignedEnvelope.decodeAndVerify(truncated, PeerRecord.DOMAIN),
                    "length " + length);
        }
        // an embedded key without its Data field
        byte[] keyWithoutData = new ProtoWriter().bytes(1, HEX.parseHex("0801")).bytes(2, TYPE).bytes(3, new byte[1])
                .bytes(5, new byte[64]).toByteArray();
        assertThrows(IllegalArgumentException.class,
                () -> SignedEnvelope.decodeAndVerify(keyWithoutData, PeerRecord.DOMAIN));
    }

    @Test
    void peerRecordsAreTheGeneratedEncodingWithSeqAlwaysWritten() throws InvalidProtocolBufferException {
        PeerId id = PeerId.fromPublicKey(KEY.publicKey());
        List<Multiaddr> addrs = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"));
        PeerRecord zero = new PeerRecord(id, 0, addrs);
        String expected = "0a" + "26" + HEX.formatHex(id.bytes()) + "1000" + "1a0a" + "0a08" + "047f000001060fa1";
        assertEquals(expected, HEX.formatHex(zero.encode()));
        PeerRecordProto.PeerRecord m = PeerRecordProto.PeerRecord.parseFrom(zero.encode());
        assertEquals(0, m.getSeq());
        assertArrayEquals(zero.encode(), m.toByteArray());
        assertEquals(zero, PeerRecord.decode(zero.encode()));
    }

    @Test
    void peerRecordAddressEntriesWithoutAMultiaddrAreSkippedUnknownFieldsIgnored() {
        PeerId id = PeerId.fromPublicKey(KEY.publicKey());
        byte[] bytes = new ProtoWriter()
                .bytes(1, id.bytes())
                .varint(2, 5)
                .message(3, new ProtoWriter().varint(2, 1)) // an AddressInfo with only a future field
                .message(3, new ProtoWriter().bytes(1, Multiaddr.parse("/ip6/::1/tcp/1").bytes()).string(9, "x"))
                .bytes(4, new byte[] {1})
                .toByteArray();
        PeerRecord r = PeerRecord.decode(bytes);
        assertEquals(5, r.seq());
        assertEquals(List.of(Multiaddr.parse("/ip6/::1/tcp/1")), r.addresses());

        ProtoWriter tooMany = new ProtoWriter().bytes(1, id.bytes());
        for (int i = 0; i <= PeerRecord.MAX_ADDRESSES; i++) {
            tooMany.message(3, new ProtoWriter().bytes(1, Multiaddr.parse("/ip4/10.0.0.1/tcp/1").bytes()));
        }
        assertThrows(ProtoException.class, () -> PeerRecord.decode(tooMany.toByteArray()));
        byte[] emptyPeerId = new ProtoWriter().bytes(1, new byte[0]).toByteArray();
        assertThrows(InvalidPeerIdException.class, () -> PeerRecord.decode(emptyPeerId));
        byte[] addressInAWrongWireType = new ProtoWriter().bytes(1, id.bytes())
                .message(3, new ProtoWriter().varint(1, 4)).toByteArray();
        assertThrows(ProtoException.class, () -> PeerRecord.decode(addressInAWrongWireType));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
