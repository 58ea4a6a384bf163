package io.hypha.protocol.kad;

import static io.hypha.protocol.kad.KadTestPeers.addresses;
import static io.hypha.protocol.kad.KadTestPeers.peer;
import static io.hypha.protocol.kad.KadTestPeers.randomPeer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Varint;
import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.internal.KadProto;
import io.hypha.protocol.kad.routing.KadKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class KadCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    /** The mars.i.ipfs.io bootstrap peer of SPEC-NOTES 1.8. */
    private static final PeerId MARS = PeerId.parse("QmaCpDMGvV2BGHeYERUEnRQAwe3N8SzbUtfsmvsqQLuvuJ");

    @Test
    void findNodeFrameIsTheOneOfSpecNotes() {
        byte[] frame = KadCodec.encodeDelimited(KadMessage.request(MessageType.FIND_NODE, MARS.bytes()));
        assertEquals("26080412221220b04a57d40eca138809f139a76b12044333c3740391c9bf1ce9d8e21a79210bfd",
                HEX.formatHex(frame));
        assertEquals(frame.length, KadCodec.encodeBounded(KadMessage.request(MessageType.FIND_NODE, MARS.bytes()),
                KadProtocol.MAX_OUTBOUND_MESSAGE_SIZE).length);
    }

    @Test
    void getProvidersFrameIsTheOneOfSpecNotes() {
        byte[] multihash = HEX.parseHex("122046d44814b9c5af141c3aaab7c05dc5e844ead5f91f12858b021eba45768b4c0e");
        byte[] frame = KadCodec.encodeDelimited(KadMessage.request(MessageType.GET_PROVIDERS, multihash));
        assertEquals("2608031222122046d44814b9c5af141c3aaab7c05dc5e844ead5f91f12858b021eba45768b4c0e",
                HEX.formatHex(frame));
        KadMessage back = KadCodec.decode(HEX.parseHex(HEX.formatHex(frame).substring(2)));
        assertEquals(MessageType.GET_PROVIDERS, back.type());
        assertArrayEquals(multihash, back.key());
    }

    @Test
    void kadIdOfMarsIsTheOneOfSpecNotes() {
        assertEquals("0985870c96472d4db0cab5d9faa488deebb6dd020c681d756276a4c13258a8f0",
                KadKey.ofPeer(MARS).toString());
        assertEquals(KadKey.ofPeer(MARS), KadKey.of(MARS.bytes()));
    }

    @Test
    void anAbsentTypeIsPutValue() {
        // proto3 never writes PUT_VALUE (0): go's PUT_VALUE request starts with the key
        KadMessage m = KadCodec.decode(HEX.parseHex("12032f706b"));
        assertEquals(MessageType.PUT_VALUE, m.type());
        assertEquals("/pk", new String(m.key()));
        assertEquals(MessageType.PUT_VALUE, KadCodec.decode(new byte[0]).type());
        assertEquals(0, KadCodec.encode(KadMessage.request(MessageType.PUT_VALUE, null)).length);
    }

    @Test
    void anUnknownTypeFailsTheMessage() {
        KadException e = assertThrows(KadException.class, () -> KadCodec.decode(HEX.parseHex("0806")));
        assertTrue(e.getMessage().contains("unknown type 6"), e.getMessage());
    }

    @Test
    void clusterLevelIsIgnored() {
        KadMessage m = KadCodec.decode(HEX.parseHex("0804" + "5005" + "1201aa"));
        assertEquals(KadMessage.request(MessageType.FIND_NODE, new byte[] {(byte) 0xaa}), m);
    }

    @Test
    void malformedProtobufFails() {
        assertThrows(KadException.class, () -> KadCodec.decode(HEX.parseHex("1205aa"))); // truncated key
        assertThrows(KadException.class, () -> KadCodec.decode(HEX.parseHex("0a01aa"))); // type as bytes
        assertThrows(KadException.class, () -> KadCodec.decode(HEX.parseHex("ff"))); // truncated tag
        // timeReceived must be UTF-8 (proto3 string)
        byte[] badUtf8 = HEX.parseHex("1a04" + "2a02c328"); // record { timeReceived = c3 28 }
        assertThrows(KadException.class, () -> KadCodec.decode(badUtf8));
    }

    @Test
    void anOversizedBodyFailsBeforeParsing() {
        assertThrows(KadException.class, () -> KadCodec.decode(new byte[KadProtocol.MAX_MESSAGE_SIZE + 1]));
    }

    @Test
    void everyFieldRoundTrips() {
        KadPeer a = new KadPeer(randomPeer(), addresses(2, 4001), ConnectionType.CONNECTED);
        KadPeer b = new KadPeer(MARS, List.of(Multiaddr.parse("/ip6/::1/udp/4001/quic-v1")),
                ConnectionType.CANNOT_CONNECT);
        KadPeer c = new KadPeer(randomPeer(), List.of(), ConnectionType.CAN_CONNECT);
        KadRecord record = new KadRecord("/pk/x".getBytes(), new byte[] {1, 2, 3}, "2026-01-02T03:04:05.678Z");
        KadMessage m = new KadMessage(MessageType.GET_VALUE, "/pk/x".getBytes(), record, List.of(a, b), List.of(c));
        byte[] body = KadCodec.encode(m);
        KadMessage back = KadCodec.decode(body);
        assertEquals(m, back);
        assertArrayEquals(body, KadCodec.encode(back));
        byte[] delimited = KadCodec.encodeDelimited(m);
        assertEquals(body.length, Varint.decode(delimited, 0).value());
        // an empty record is still a record (proto3 message fields have presence)
        KadMessage empty = new KadMessage(MessageType.PUT_VALUE, null, new KadRecord(new byte[0], new byte[0]),
                List.of(), List.of());
        assertEquals(empty, KadCodec.decode(KadCodec.encode(empty)));
        assertNull(KadCodec.decode(KadCodec.encode(KadMessage.request(MessageType.PING, null))).record());
    }

    @Test
    void peersWithInvalidIdsAreSkipped() {
        PeerId good = randomPeer();
        byte[] body = KadProto.Message.newBuilder().setTypeValue(4)
                .addCloserPeers(KadProto.Message.Peer.newBuilder().setId(ByteString.copyFrom(new byte[] {1, 2, 3})))
                .addCloserPeers(KadProto.Message.Peer.newBuilder().setId(ByteString.copyFrom(good.bytes())))
                .addProviderPeers(KadProto.Message.Peer.newBuilder()) // no id at all
                .build().toByteArray();
        KadMessage m = KadCodec.decode(body);
        assertEquals(List.of(new KadPeer(good, List.of())), m.closerPeers());
        assertEquals(List.of(), m.providerPeers());
    }

    @Test
    void invalidAddressesAreSkippedAndAtMostSixteenKept() {
        PeerId id = randomPeer();
        KadProto.Message.Peer.Builder p = KadProto.Message.Peer.newBuilder().setId(ByteString.copyFrom(id.bytes()))
                .addAddrs(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff, 0x03})) // unknown code
                .addAddrs(ByteString.EMPTY)
                .setConnectionValue(9); // unknown connection type
        List<Multiaddr> many = addresses(KadProtocol.MAX_ADDRESSES_PER_PEER + 5, 5000);
        for (Multiaddr a : many) {
            p.addAddrs(ByteString.copyFrom(a.bytes()));
        }
        KadMessage m = KadCodec.decode(KadProto.Message.newBuilder().setTypeValue(4).addCloserPeers(p)
                .build().toByteArray());
        KadPeer peer = m.closerPeers().get(0);
        assertEquals(many.subList(0, KadProtocol.MAX_ADDRESSES_PER_PEER), peer.addresses());
        assertEquals(ConnectionType.NOT_CONNECTED, peer.connection());
    }

    // ---- trimming ------------------------------------------------------------------------------------------

    @Test
    void aMessageThatFitsIsNotTrimmed() {
        KadMessage m = new KadMessage(MessageType.GET_PROVIDERS, new byte[34], null, List.of(peer(3)),
                List.of(peer(2)));
        assertSame(m, KadCodec.trim(m, KadProtocol.MAX_OUTBOUND_MESSAGE_SIZE));
        assertArrayEquals(KadCodec.encodeDelimited(m),
                KadCodec.encodeBounded(m, KadProtocol.MAX_OUTBOUND_MESSAGE_SIZE));
    }

    @Test
    void providersGoFirst() {
        List<KadPeer> closer = peers(KadProtocol.K, 4);
        List<KadPeer> providers = peers(300, 2);
        KadMessage m = new KadMessage(MessageType.GET_PROVIDERS, new byte[34], null, closer, providers);
        assertTrue(KadCodec.encodeDelimited(m).length > KadProtocol.MAX_OUTBOUND_MESSAGE_SIZE);
        KadMessage t = KadCodec.trim(m, KadProtocol.MAX_OUTBOUND_MESSAGE_SIZE);
        assertEquals(closer, t.closerPeers(), "closer peers and their addresses are kept while providers can go");
        assertTrue(t.providerPeers().size() < providers.size() && !t.providerPeers().isEmpty());
        assertEquals(providers.subList(0, t.providerPeers().size()), t.providerPeers(), "the first are kept");
        int size = KadCodec.encodeDelimited(t).length;
        assertTrue(size <= KadProtocol.MAX_OUTBOUND_MESSAGE_SIZE, "" + size);
        // one more provider would not have fitted
        KadMessage oneMore = new KadMessage(m.type(), m.key(), null, closer,
                providers.subList(0, t.providerPeers().size() + 1));
        assertTrue(KadCodec.encodeDelimited(oneMore).length > KadProtocol.MAX_OUTBOUND_MESSAGE_SIZE);
    }

    @Test
    void thenAddressesThenCloserPeers() {
        List<KadPeer> closer = peers(KadProtocol.K, KadProtocol.MAX_ADDRESSES_PER_PEER);
        KadMessage m = new KadMessage(MessageType.FIND_NODE, null, null, closer, peers(5, 1));
        int full = KadCodec.encodeDelimited(m).length;
        // room for every closer peer with a few addresses each, not for the providers
        int limit = full / 3;
        KadMessage t = KadCodec.trim(m, limit);
        assertTrue(KadCodec.encodeDelimited(t).length <= limit);
        assertEquals(List.of(), t.providerPeers());
        assertEquals(closer.size(), t.closerPeers().size());
        int kept = t.closerPeers().get(0).addresses().size();
        assertTrue(kept >= 1 && kept < KadProtocol.MAX_ADDRESSES_PER_PEER, "" + kept);
        for (int i = 0; i < closer.size(); i++) {
            assertEquals(closer.get(i).addresses().subList(0, kept), t.closerPeers().get(i).addresses());
        }
        // so tight that even one address each is too much for all twenty: peers go from the end
        int tight = KadCodec.encodeDelimited(new KadMessage(MessageType.FIND_NODE, null, null,
                closer.subList(0, 7).stream().map(p -> new KadPeer(p.id(), p.addresses().subList(0, 1))).toList(),
                List.of())).length;
        KadMessage t2 = KadCodec.trim(m, tight);
        assertEquals(7, t2.closerPeers().size());
        assertEquals(closer.get(6).id(), t2.closerPeers().get(6).id());
        assertEquals(1, t2.closerPeers().get(0).addresses().size());
        assertEquals(tight, KadCodec.encodeBounded(m, tight).length);
    }

    @Test
    void aRecordTooLargeToSendFails() {
        KadRecord big = new KadRecord("/pk/x".getBytes(), new byte[KadProtocol.MAX_OUTBOUND_MESSAGE_SIZE]);
        KadMessage m = new KadMessage(MessageType.GET_VALUE, "/pk/x".getBytes(), big, List.of(peer(1)), List.of());
        assertThrows(KadException.class, () -> KadCodec.encodeBounded(m, KadProtocol.MAX_OUTBOUND_MESSAGE_SIZE));
    }

    private static List<KadPeer> peers(int n, int addresses) {
        List<KadPeer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(peer(addresses));
        }
        return out;
    }
}
