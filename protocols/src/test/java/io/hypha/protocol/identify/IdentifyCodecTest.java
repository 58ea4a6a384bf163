package io.hypha.protocol.identify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.crypto.PublicKey;
import io.hypha.internal.proto.ProtoException;
import io.hypha.internal.proto.ProtoWriter;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerRecord;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentifyCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    /** The spec's Ed25519 test key (SPEC-NOTES 2.2). */
    static final String SPEC_KEY = "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
    /** SPEC-NOTES 2.6: a minimal delimited Identify. */
    static final String VECTOR = "692a0a697066732f302e312e30320f6a6176612d6c69627032702f302e310a24" + SPEC_KEY
            + "1208047f000001060fa12208047f000001060fa21a102f697066732f70696e672f312e302e30";

    static IdentifyMessage vectorMessage() {
        return new IdentifyMessage("ipfs/0.1.0", "java-libp2p/0.1", PublicKey.decode(HEX.parseHex(SPEC_KEY)),
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")), Multiaddr.parse("/ip4/127.0.0.1/tcp/4002"),
                List.of("/ipfs/ping/1.0.0"), null);
    }

    /**
     * The vector's fields, written in field-number order (1 key, 2 listen address, 3 protocol, 4 observed address,
     * 5 protocol version, 6 agent) as go-libp2p writes them; the vector lists the same fields in .proto order.
     */
    static final String VECTOR_IN_FIELD_ORDER = "69" + "0a24" + SPEC_KEY + "1208047f000001060fa1"
            + "1a102f697066732f70696e672f312e302e30" + "2208047f000001060fa2" + "2a0a697066732f302e312e30"
            + "320f6a6176612d6c69627032702f302e31";

    @Test
    void encodesTheSpecNotesVectorInFieldNumberOrder() {
        assertEquals(VECTOR_IN_FIELD_ORDER, HEX.formatHex(IdentifyCodec.encodeDelimited(vectorMessage())));
        assertEquals(vectorMessage(), IdentifyCodec.decode(HEX.parseHex(VECTOR_IN_FIELD_ORDER.substring(2))));
        assertEquals(VECTOR.length(), VECTOR_IN_FIELD_ORDER.length());
    }

    @Test
    void decodesTheSpecNotesVector() {
        byte[] body = HEX.parseHex(VECTOR.substring(2));
        assertEquals(0x69, body.length);
        assertEquals(vectorMessage(), IdentifyCodec.decode(body));
    }

    @Test
    void roundTripsASignedPeerRecord() {
        PrivateKey key = PrivateKey.generate(KeyType.ED25519);
        PeerId id = PeerId.fromPublicKey(key.publicKey());
        List<Multiaddr> addrs = List.of(Multiaddr.parse("/ip4/10.0.0.1/tcp/4001"), Multiaddr.parse("/ip6/::1/tcp/4001"));
        byte[] envelope = new PeerRecord(id, 42, addrs).sign(key).encode();
        IdentifyMessage m = new IdentifyMessage("ipfs/0.1.0", "hypha/test", key.publicKey(), addrs, null,
                List.of("/a", "/b"), envelope);
        IdentifyMessage back = IdentifyCodec.decode(IdentifyCodec.encode(m));
        assertEquals(m, back);
        assertArrayEquals(envelope, back.signedPeerRecord());
        assertEquals(addrs, PeerRecord.fromEnvelope(back.signedPeerRecord()).addresses());
    }

    @Test
    void skipsMalformedAddressesAndUnknownFields() {
        byte[] body = new ProtoWriter()
                .string(IdentifyProtocol.FIELD_AGENT_VERSION, "x")
                .bytes(IdentifyProtocol.FIELD_LISTEN_ADDRS, new byte[] {(byte) 0xFF, 0x01})
                .bytes(IdentifyProtocol.FIELD_LISTEN_ADDRS, Multiaddr.parse("/ip4/1.2.3.4/tcp/1").bytes())
                .bytes(IdentifyProtocol.FIELD_OBSERVED_ADDR, new byte[] {0x04, 0x01})
                .varint(99, 7)
                .toByteArray();
        IdentifyMessage m = IdentifyCodec.decode(body);
        assertEquals("x", m.agentVersion());
        assertEquals(List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/1")), m.listenAddresses());
        assertNull(m.observedAddress());
        assertNull(m.publicKey());
    }

    @Test
    void rejectsAMalformedKeyOrProtobuf() {
        byte[] badKey = new ProtoWriter().bytes(IdentifyProtocol.FIELD_PUBLIC_KEY, new byte[] {8, 1, 18, 3, 1, 2, 3})
                .toByteArray();
        assertThrows(ProtoException.class, () -> IdentifyCodec.decode(badKey));
        assertThrows(ProtoException.class, () -> IdentifyCodec.decode(new byte[] {0x2a, 0x05, 'a'}));
        assertThrows(ProtoException.class, () -> IdentifyCodec.decode(new byte[IdentifyProtocol.MAX_MESSAGE_SIZE + 1]));
    }

    @Test
    void mergeReplacesScalarsAndAppendsLists() {
        IdentifyMessage first = vectorMessage();
        IdentifyMessage second = new IdentifyMessage(null, "other/1", null,
                List.of(Multiaddr.parse("/ip4/1.1.1.1/tcp/1")), null, List.of("/x"), null);
        IdentifyMessage m = first.merge(second);
        assertEquals("ipfs/0.1.0", m.protocolVersion());
        assertEquals("other/1", m.agentVersion());
        assertEquals(first.publicKey(), m.publicKey());
        assertEquals(List.of("/ipfs/ping/1.0.0", "/x"), m.protocols());
        assertEquals(2, m.listenAddresses().size());
        assertEquals(first.observedAddress(), m.observedAddress());
    }
}
