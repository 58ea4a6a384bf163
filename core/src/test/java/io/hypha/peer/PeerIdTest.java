package io.hypha.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.crypto.PublicKey;
import io.hypha.multiformats.Multibase;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Peer ids as libp2p/specs peer-ids/peer-ids.md defines them; known values embedded. */
class PeerIdTest {
    private static final PublicKey ED25519 = PublicKey.decode(
            hex("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"));
    private static final String ED25519_BASE58 = "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";
    private static final String ED25519_CID = "bafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6";
    private static final String ED25519_BASE36 = "k51qzi5uqu5dgy8qsq67hbz73jqkw87l3fgf4a91qb0d9b5173tir7n4vxk1oe";

    private static final PublicKey SECP256K1 = PublicKey.decode(
            hex("08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99"));
    private static final PublicKey ECDSA = PublicKey.decode(hex("0803125b3059301306072a8648ce3d020106082a8648ce3d0301"
            + "0703420004de3d300fa36ae0e8f5d530899d83abab44abf3161f162a4bc901d8e6ecda020e8b6d5f8da30525e71d6851510c098e5c"
            + "47c646a597fb4dcec034e9f77c409e62"));

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @Test
    void ed25519KeyGivesAnIdentityPeerId() {
        PeerId id = PeerId.fromPublicKey(ED25519);
        assertEquals(ED25519_BASE58, id.toBase58());
        assertEquals(ED25519_BASE58, id.toString());
        assertEquals(ED25519_CID, id.toCidString());
        assertEquals(ED25519_BASE36, id.toCidString(Multibase.BASE36));
        byte[] expected = new byte[2 + 36];
        expected[1] = 36;
        System.arraycopy(ED25519.encode(), 0, expected, 2, 36);
        assertArrayEquals(expected, id.bytes());
        assertEquals(ED25519, id.extractPublicKey().orElseThrow());
        assertTrue(id.matches(ED25519));
    }

    @Test
    void secp256k1KeyGivesAnIdentityPeerId() {
        PeerId id = PeerId.fromPublicKey(SECP256K1);
        assertEquals("16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY", id.toBase58());
        assertEquals(SECP256K1, id.extractPublicKey().orElseThrow());
    }

    @Test
    void ecdsaKeyIsTooLongToInlineAndIsHashed() {
        PeerId id = PeerId.fromPublicKey(ECDSA);
        assertEquals("QmVMT29id3TUASyfZZ6k9hmNyc2nYabCo4uMSpDw4zrgDk", id.toBase58());
        assertTrue(id.extractPublicKey().isEmpty());
        assertTrue(id.matches(ECDSA));
        assertFalse(id.matches(ED25519));
    }

    @ParameterizedTest
    @ValueSource(strings = {ED25519_BASE58, ED25519_CID, ED25519_BASE36})
    void everyTextFormOfTheSameIdParsesToTheSameId(String text) {
        PeerId id = PeerId.parse(text);
        assertEquals(PeerId.fromPublicKey(ED25519), id);
        assertEquals(PeerId.fromPublicKey(ED25519).hashCode(), id.hashCode());
        assertEquals(ED25519_BASE58, id.toBase58());
    }

    @Test
    void specExamplesParse() {
        PeerId sha256 = PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        PeerId cid = PeerId.parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
        assertEquals(sha256, cid, "the spec's CID example is its Qm example in CID form");
        assertArrayEquals(hex("12209dff3b17d74cf4d38a50d8b6383e92d181a10395a5e73a726dcccbd21bf6f0b9"), sha256.bytes());
        assertEquals("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe", sha256.toCidString());

        PeerId ed25519 = PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
        assertArrayEquals(hex("0024080112202ffa35a99d3a3cfbb17bb7c1dc5561b18a8dcca4df38dc613ea859c37eb1336b"),
                ed25519.bytes());
        assertEquals(KeyType.ED25519, ed25519.extractPublicKey().orElseThrow().type());
        assertEquals("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA", ed25519.toString());
    }

    @Test
    void bytesRoundTrip() {
        PeerId id = PeerId.fromPublicKey(ECDSA);
        assertEquals(id, PeerId.fromBytes(id.bytes()));
        id.bytes()[0] ^= 1;
        assertEquals("QmVMT29id3TUASyfZZ6k9hmNyc2nYabCo4uMSpDw4zrgDk", id.toBase58(), "bytes() returns a copy");
    }

    @Test
    void kadIdIsSha256OfTheMultihashBytes() {
        assertArrayEquals(hex("dfd53212a4bd2beda3ea8e82d08285370c70a70cfe9c588e28754b23c8033121"),
                PeerId.fromPublicKey(ED25519).kadId());
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void generatedKeysMatchTheirPeerIds(KeyType type) {
        PublicKey key = PrivateKey.generate(type).publicKey();
        PeerId id = PeerId.fromPublicKey(key);
        assertTrue(id.matches(key));
        assertEquals(id, PeerId.parse(id.toBase58()));
        assertEquals(id, PeerId.parse(id.toCidString()));
        assertEquals(id, PeerId.parse(id.toCidString(Multibase.BASE36)));
        boolean inline = key.encode().length <= PeerId.MAX_INLINE_KEY_BYTES;
        assertEquals(inline, id.extractPublicKey().isPresent());
        assertFalse(id.matches(PrivateKey.generate(type).publicKey()));
    }

    @Test
    void differentKeysGiveDifferentIds() {
        assertNotEquals(PeerId.fromPublicKey(ED25519), PeerId.fromPublicKey(SECP256K1));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "Qm",
        "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3p0", // '0' is not base58
        "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3p", // truncated
        "13hC12xCn", // identity multihash of "hello": not a key
        "5ubSg5aAfT3VhVnP4HZ9wyyAHDPqoN", // sha2-256 truncated to 20 bytes
        "8Vw5VHTkc5E72zDnocKPS4bahPcQvRr9koRJejngQVvmHv6e9ZbigVH9qDabRYoryH2pmYK22Lq98YrcrJHrVD4E81", // sha2-512
        "bafybeibnoelefnzgwbcacyt4vh52ymxvzbjq7mmqhtcnwarfq4lzegsiqe", // CIDv1 with codec dag-pb
        "bafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt", // truncated CID
        "zafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6", // not base58
        "/ip4/127.0.0.1"
    })
    void malformedTextIsRejected(String text) {
        assertThrows(InvalidPeerIdException.class, () -> PeerId.parse(text));
    }

    @Test
    void malformedBytesAreRejected() {
        assertThrows(InvalidPeerIdException.class, () -> PeerId.fromBytes(new byte[0]));
        assertThrows(InvalidPeerIdException.class, () -> PeerId.fromBytes(hex("0005")));
        // identity multihash of bytes that are not a public key protobuf
        assertThrows(InvalidPeerIdException.class, () -> PeerId.fromBytes(hex("000568656c6c6f")));
        // sha2-256 with a 20-byte digest
        assertThrows(InvalidPeerIdException.class,
                () -> PeerId.fromBytes(hex("1214" + "00".repeat(20))));
        // sha2-256 with a trailing byte
        assertThrows(InvalidPeerIdException.class,
                () -> PeerId.fromBytes(hex("1220" + "00".repeat(33))));
        // sha1 (0x11) is not a peer id hash
        assertThrows(InvalidPeerIdException.class,
                () -> PeerId.fromBytes(hex("1114" + "00".repeat(20))));
    }

    @Test
    void identityIdsLongerThanTheInlineLimitAreRejected() {
        byte[] ecdsa = ECDSA.encode();
        byte[] identity = new byte[2 + ecdsa.length];
        identity[1] = (byte) ecdsa.length;
        System.arraycopy(ecdsa, 0, identity, 2, ecdsa.length);
        InvalidPeerIdException e = assertThrows(InvalidPeerIdException.class, () -> PeerId.fromBytes(identity));
        assertTrue(e.getMessage().contains("42"), e.getMessage());
    }
}
