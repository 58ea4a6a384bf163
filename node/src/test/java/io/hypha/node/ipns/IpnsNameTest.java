package io.hypha.node.ipns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hypha.peer.InvalidPeerIdException;
import io.hypha.peer.PeerId;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Names in their text forms and as DHT keys (spec, "IPNS Name", "String Representation", "Routing Record"). */
class IpnsNameTest {
    /** The libp2p spec's Ed25519 test key: its peer id, and the same multihash as a base36 libp2p-key CID. */
    private static final String BASE58 = "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";
    private static final String MULTIHASH =
            "0024080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";

    @Test
    void base58AndBase36AndBase32NameTheSamePeer() {
        IpnsName name = IpnsName.parse(BASE58);
        assertEquals(PeerId.parse(BASE58), name.peerId());
        String base36 = name.toString();
        assertEquals('k', base36.charAt(0));
        assertEquals(name, IpnsName.parse(base36));
        assertEquals(name, IpnsName.parse("/ipns/" + base36));
        assertEquals(name, IpnsName.parse("/ipns/" + BASE58));
        assertEquals(name, IpnsName.parse(name.peerId().toCidString()));
        assertEquals("/ipns/" + base36, name.toPath());
    }

    @Test
    void routingKeyIsThePrefixAndTheBinaryPeerId() {
        IpnsName name = IpnsName.parse(BASE58);
        byte[] expected = HexFormat.of().parseHex("2f69706e732f" + MULTIHASH);
        assertArrayEquals(expected, name.routingKey());
        assertEquals(name, IpnsName.fromRoutingKey(expected));
    }

    @Test
    void rsaNamesAreHashes() {
        IpnsName name = IpnsName.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        assertEquals(name, IpnsName.parse(name.toString()));
        assertEquals(name, IpnsName.fromRoutingKey(name.routingKey()));
    }

    @Test
    void malformedNamesAndKeysAreRefused() {
        assertThrows(InvalidPeerIdException.class, () -> IpnsName.parse("example.com"));
        assertThrows(InvalidPeerIdException.class, () -> IpnsName.parse("/ipns/"));
        // a CID that is not libp2p-key (here raw) is not a name
        assertThrows(InvalidPeerIdException.class,
                () -> IpnsName.parse("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"));
        assertThrows(InvalidPeerIdException.class,
                () -> IpnsName.fromRoutingKey("/pk/".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(InvalidPeerIdException.class,
                () -> IpnsName.fromRoutingKey("/ipns/".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(InvalidPeerIdException.class, () -> IpnsName.fromRoutingKey(new byte[] {'/', 'i'}));
    }
}
