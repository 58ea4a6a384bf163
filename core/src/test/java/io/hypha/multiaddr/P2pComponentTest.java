package io.hypha.multiaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.peer.PeerId;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /p2p} values: base58 or CID text in, multihash bytes on the wire, base58 out. */
class P2pComponentTest {
    private static final HexFormat HEX = HexFormat.of();
    /** SPEC-NOTES 2.2: the spec Ed25519 key's peer id, base58 and CID forms. */
    private static final String ED25519_PEER = "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";
    private static final String ED25519_PEER_CID = "bafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6";
    private static final String MARS = "QmaCpDMGvV2BGHeYERUEnRQAwe3N8SzbUtfsmvsqQLuvuJ";

    /** SPEC-NOTES 2.5. */
    @ParameterizedTest
    @CsvSource({
        "/ip4/104.131.131.82/tcp/4001/p2p/" + MARS + ", "
            + "0468838352060fa1a503221220b04a57d40eca138809f139a76b12044333c3740391c9bf1ce9d8e21a79210bfd",
        "/ip4/1.2.3.4/tcp/80/p2p/" + ED25519_PEER + ", "
            + "0401020304060050a503260024080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e",
    })
    void specNotesBytes(String text, String hex) {
        assertEquals(hex, HEX.formatHex(Multiaddr.parse(text).bytes()));
        assertEquals(text, Multiaddr.decode(HEX.parseHex(hex)).toString());
    }

    @Test
    void ipfsAliasAndCidTextPrintAsP2pBase58() {
        Multiaddr canonical = Multiaddr.parse("/p2p/" + ED25519_PEER);
        assertEquals(canonical, Multiaddr.parse("/ipfs/" + ED25519_PEER));
        assertEquals(canonical, Multiaddr.parse("/p2p/" + ED25519_PEER_CID));
        assertEquals(canonical, Multiaddr.parse("/ipfs/" + ED25519_PEER_CID));
        assertEquals("/p2p/" + ED25519_PEER, Multiaddr.parse("/ipfs/" + ED25519_PEER_CID).toString());
        // go-multiaddr TestIPFSvP2P
        String go = "/p2p/QmbHVEEepCi7rn7VL7Exxpd2Ci9NNB6ifvqwhsrbRMgQFP";
        assertEquals(go, Multiaddr.parse("/ipfs/QmbHVEEepCi7rn7VL7Exxpd2Ci9NNB6ifvqwhsrbRMgQFP").toString());
        // SPEC-NOTES 2.2 spec examples: the sha256 peer id in base58 and as a CID
        assertEquals(Multiaddr.parse("/p2p/bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe"),
                Multiaddr.parse("/p2p/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"));
    }

    /** go-multiaddr TestConstructSucceeds, the peer-id cases. */
    @ParameterizedTest
    @ValueSource(strings = {
        "/ipfs/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC",
        "/ipfs/k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl7",
        "/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC",
        "/p2p/k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl7",
        "/p2p/bafzbeigvf25ytwc3akrijfecaotc74udrhcxzh2cx3we5qqnw5vgrei4bm",
        "/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV",
        "/p2p/k51qzi5uqu5dhb6l8spkdx7yxafegfkee5by8h7lmjh2ehc2sgg34z7c15vzqs",
        "/p2p/bafzaajaiaejcalj543iwv2d7pkjt7ykvefrkfu7qjfi6sduakhso4lay6abn2d5u",
        "/ipfs/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC/tcp/1234",
        "/p2p/k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl7/tcp/1234",
        "/ip4/127.0.0.1/ipfs/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC/tcp/1234/unix/stdio",
        "/ip4/127.0.0.1/p2p/k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl7/tcp/1234/unix/stdio",
        "/ip4/127.0.0.1/tcp/0/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV/http-path/foo",
        "/p2p/QmbHVEEepCi7rn7VL7Exxpd2Ci9NNB6ifvqwhsrbRMgQFP/unix/a/b/c",
        "/ip4/1.2.3.4/tcp/1/p2p/QmbHVEEepCi7rn7VL7Exxpd2Ci9NNB6ifvqwhsrbRMgQFP/p2p-circuit/p2p/" + ED25519_PEER,
    })
    void validPeerIdAddressesRoundTrip(String text) {
        Multiaddr m = Multiaddr.parse(text);
        assertEquals(m, Multiaddr.decode(m.bytes()));
        assertEquals(m, Multiaddr.parse(m.toString()));
        assertEquals(m.toString(), Multiaddr.parse(m.toString()).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/ip4/127.0.0.1/ipfs", "/ip4/127.0.0.1/ipfs/tcp", "/ip4/127.0.0.1/p2p", "/ip4/127.0.0.1/p2p/tcp", "/p2p/",
        "/p2p/QmxoHT6iViN5xAjoz1VZ553cL31U9F94ht3QvWR1FrEbZY", // sha256 multihash with a digest over 32 bytes
        "/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNK0", // '0' is not base58
        "/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNK", // truncated
        "/p2p/1", "/p2p/Qm", "/p2p/z" + ED25519_PEER, // multibase base58 of a bare multihash is not a CID
        "/p2p/bafybeihykld7uyxzogax6vgyvag42y7464eywpf55gxi5qpoisibh3c5wa", // a dag-pb CID, not libp2p-key
        "/p2p/bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", // a raw CID
        "/p2p/8" + ED25519_PEER, "/p2p/xyz",
    })
    void rejectsInvalidPeerIds(String text) {
        assertThrows(MultiaddrException.class, () -> Multiaddr.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // go-multiaddr TestInvalidP2PAddrBytes: length 0x22 but the multihash says 0x21
        "a503221221c05877cbae039d70a5e600ea02c6f9f2942439285c9e344e26f8d280c850fad6",
        "a503021200", // sha2-256 with an empty digest
        "a50303110100", // sha1 is not a peer id hash
        "a5030100", // identity without a length
        "a503230024080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e", // length one short
        // identity multihash of bytes that are not a public key: go accepts it, a peer id cannot be that
        "a50306000401020304",
    })
    void rejectsInvalidPeerIdBytes(String hex) {
        assertThrows(MultiaddrException.class, () -> Multiaddr.decode(HEX.parseHex(hex)));
    }

    @Test
    void peerIdIsTheLastP2pComponentInAnyTextForm() {
        PeerId ed25519 = PeerId.parse(ED25519_PEER);
        PeerId mars = PeerId.parse(MARS);
        assertEquals(Optional.of(ed25519), Multiaddr.parse("/ip4/1.2.3.4/tcp/80/p2p/" + ED25519_PEER).peerId());
        assertEquals(Optional.of(ed25519), Multiaddr.parse("/ip4/1.2.3.4/tcp/80/ipfs/" + ED25519_PEER).peerId());
        assertEquals(Optional.of(ed25519), Multiaddr.parse("/dns/x/tcp/80/p2p/" + ED25519_PEER_CID).peerId());
        assertEquals(Optional.of(ed25519), Multiaddr.parse("/ipfs/" + ED25519_PEER_CID).peerId());
        // relayed: the target is the last /p2p
        Multiaddr relayed = Multiaddr.parse("/ip4/1.2.3.4/tcp/1/p2p/" + MARS + "/p2p-circuit/p2p/" + ED25519_PEER);
        assertEquals(Optional.of(ed25519), relayed.peerId());
        assertEquals(Optional.of(mars), Multiaddr.parse("/p2p/" + MARS + "/http-path/x").peerId());
        assertEquals(Optional.empty(), Multiaddr.parse("/ip4/1.2.3.4/tcp/1").peerId());
        assertEquals(Optional.empty(), Multiaddr.of().peerId());
    }

    @Test
    void withoutPeerIdDropsOnlyATrailingP2p() {
        Multiaddr transport = Multiaddr.parse("/ip4/1.2.3.4/tcp/1");
        assertEquals(transport, Multiaddr.parse("/ip4/1.2.3.4/tcp/1/p2p/" + ED25519_PEER).withoutPeerId());
        assertSame(transport, transport.withoutPeerId());
        Multiaddr relayed = Multiaddr.parse("/ip4/1.2.3.4/tcp/1/p2p/" + MARS + "/p2p-circuit/p2p/" + ED25519_PEER);
        assertEquals("/ip4/1.2.3.4/tcp/1/p2p/" + MARS + "/p2p-circuit", relayed.withoutPeerId().toString());
        Multiaddr http = Multiaddr.parse("/p2p/" + MARS + "/http-path/x");
        assertSame(http, http.withoutPeerId());
        assertTrue(Multiaddr.parse("/p2p/" + MARS).withoutPeerId().isEmpty());
    }

    @Test
    void withPeerIdAppendsOrReplaces() {
        PeerId ed25519 = PeerId.parse(ED25519_PEER);
        Multiaddr transport = Multiaddr.parse("/ip4/1.2.3.4/tcp/80");
        Multiaddr full = transport.withPeerId(ed25519);
        assertEquals("/ip4/1.2.3.4/tcp/80/p2p/" + ED25519_PEER, full.toString());
        assertEquals(Optional.of(ed25519), full.peerId());
        assertEquals(full, full.withPeerId(ed25519));
        assertEquals("/ip4/1.2.3.4/tcp/80/p2p/" + MARS, full.withPeerId(PeerId.parse(MARS)).toString());
        assertThrows(MultiaddrException.class, () -> Multiaddr.parse("/unix/tmp/s").withPeerId(ed25519));
    }
}
