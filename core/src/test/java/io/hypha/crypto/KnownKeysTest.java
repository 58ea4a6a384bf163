package io.hypha.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Known keys from libp2p/specs peer-ids/peer-ids.md "Test vectors", embedded. */
class KnownKeysTest {
    static final byte[] ED25519_PUBLIC = hex("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
    static final byte[] ED25519_PRIVATE = hex("080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d"
            + "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
    static final byte[] SECP256K1_PUBLIC = hex("08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99");
    static final byte[] SECP256K1_PRIVATE = hex("0802122053dadf1d5a164d6b4acdb15e24aa4c5b1d3461bdbd42abedb0a4404d56ced8fb");
    static final byte[] ECDSA_PUBLIC = hex("0803125b3059301306072a8648ce3d020106082a8648ce3d03010703420004de3d300fa36ae0e8"
            + "f5d530899d83abab44abf3161f162a4bc901d8e6ecda020e8b6d5f8da30525e71d6851510c098e5c47c646a597fb4dcec034e9f77c409e62");
    static final byte[] ECDSA_PRIVATE = hex("08031279307702010104203e5b1fe9712e6c314942a750bd67485de3c1efe85b1bfb520ae8f9ae"
            + "3dfa4a4ca00a06082a8648ce3d030107a14403420004de3d300fa36ae0e8f5d530899d83abab44abf3161f162a4bc901d8e6ecda020e8b"
            + "6d5f8da30525e71d6851510c098e5c47c646a597fb4dcec034e9f77c409e62");

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @Test
    void ed25519PrivateKeyDerivesThePublishedPublicKey() {
        PrivateKey key = PrivateKey.decode(ED25519_PRIVATE);
        assertInstanceOf(Ed25519PrivateKey.class, key);
        assertEquals(KeyType.ED25519, key.type());
        assertArrayEquals(ED25519_PUBLIC, key.publicKey().encode());
        assertArrayEquals(ED25519_PRIVATE, key.encode());
        assertArrayEquals(hex("1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"), key.publicKey().raw());
    }

    @Test
    void secp256k1PrivateKeyDerivesThePublishedPublicKey() {
        PrivateKey key = PrivateKey.decode(SECP256K1_PRIVATE);
        assertInstanceOf(Secp256k1PrivateKey.class, key);
        assertArrayEquals(SECP256K1_PUBLIC, key.publicKey().encode());
        assertArrayEquals(SECP256K1_PRIVATE, key.encode());
        assertEquals(Secp256k1PublicKey.KEY_BYTES, key.publicKey().raw().length);
    }

    @Test
    void ecdsaPrivateKeyDerivesThePublishedPublicKey() {
        PrivateKey key = PrivateKey.decode(ECDSA_PRIVATE);
        assertInstanceOf(EcdsaPrivateKey.class, key);
        assertArrayEquals(ECDSA_PUBLIC, key.publicKey().encode());
        assertArrayEquals(ECDSA_PRIVATE, key.encode());
    }

    @Test
    void publicKeysDecodeAndReEncodeByteForByte() {
        for (byte[] encoded : new byte[][] {ED25519_PUBLIC, SECP256K1_PUBLIC, ECDSA_PUBLIC}) {
            PublicKey key = PublicKey.decode(encoded);
            assertArrayEquals(encoded, key.encode());
            assertEquals(key, PublicKey.of(key.type(), key.raw()));
        }
    }

    @Test
    void equalityFollowsTheEncodedBytes() {
        PublicKey a = PublicKey.decode(ED25519_PUBLIC);
        PublicKey b = PublicKey.decode(ED25519_PUBLIC.clone());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, PublicKey.decode(SECP256K1_PUBLIC));
        assertEquals(PrivateKey.decode(ED25519_PRIVATE), PrivateKey.decode(ED25519_PRIVATE.clone()));
    }

    @Test
    void accessorsReturnCopies() {
        PublicKey key = PublicKey.decode(ED25519_PUBLIC);
        key.raw()[0] ^= 1;
        key.encode()[0] ^= 1;
        assertArrayEquals(ED25519_PUBLIC, key.encode());
    }

    @Test
    void privateKeyToStringDoesNotShowTheSecret() {
        String seed = "7e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d";
        String text = PrivateKey.decode(ED25519_PRIVATE).toString();
        assertFalse(text.contains(seed), text);
        assertTrue(text.contains("1ed1e8fa"), text);
    }

    @Test
    void legacyNinetySixByteEd25519PrivateKeyIsAcceptedAndReEncodedAsSixtyFour() {
        byte[] data = new byte[Ed25519PrivateKey.LEGACY_DATA_BYTES];
        System.arraycopy(ED25519_PRIVATE, 4, data, 0, Ed25519PrivateKey.DATA_BYTES);
        System.arraycopy(ED25519_PRIVATE, 4 + Ed25519PrivateKey.SEED_BYTES, data, Ed25519PrivateKey.DATA_BYTES,
                Ed25519PublicKey.KEY_BYTES);
        byte[] legacy = new byte[4 + data.length];
        legacy[0] = 0x08;
        legacy[1] = 0x01;
        legacy[2] = 0x12;
        legacy[3] = (byte) data.length;
        System.arraycopy(data, 0, legacy, 4, data.length);

        assertArrayEquals(ED25519_PRIVATE, PrivateKey.decode(legacy).encode());

        legacy[legacy.length - 1] ^= 1;
        assertThrows(MalformedKeyException.class, () -> PrivateKey.decode(legacy));
    }

    @Test
    void keyTypeCodesAreTheProtobufEnumValues() {
        assertEquals(0, KeyType.RSA.code());
        assertEquals(1, KeyType.ED25519.code());
        assertEquals(2, KeyType.SECP256K1.code());
        assertEquals(3, KeyType.ECDSA.code());
        for (KeyType type : KeyType.values()) {
            assertEquals(type, KeyType.forCode(type.code()));
        }
        assertThrows(MalformedKeyException.class, () -> KeyType.forCode(4));
        assertThrows(MalformedKeyException.class, () -> KeyType.forCode(-1));
    }
}
