package io.hypha.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Conformance against the shared key vectors (peer-ids.md test vectors, go-libp2p fixtures). */
class CryptoVectorsTest {

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "secp256k1", "ecdsa", "rsa"})
    void privateKeyDerivesPublicKeyAndBothRoundTrip(String keyType) {
        byte[] privateBytes = KeyVectors.key(keyType, "private");
        byte[] publicBytes = KeyVectors.key(keyType, "public");
        KeyType type = KeyType.valueOf(keyType.toUpperCase(Locale.ROOT));

        PrivateKey privateKey = PrivateKey.decode(privateBytes);
        PublicKey publicKey = PublicKey.decode(publicBytes);

        assertEquals(type, privateKey.type());
        assertEquals(type, publicKey.type());
        assertEquals(publicKey, privateKey.publicKey());
        assertArrayEquals(privateBytes, privateKey.encode());
        assertArrayEquals(publicBytes, publicKey.encode());
        assertArrayEquals(publicBytes, privateKey.publicKey().encode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "secp256k1", "ecdsa", "rsa"})
    void vectorKeysSignAndVerify(String keyType) {
        PrivateKey privateKey = PrivateKey.decode(KeyVectors.key(keyType, "private"));
        PublicKey publicKey = PublicKey.decode(KeyVectors.key(keyType, "public"));
        byte[] signature = privateKey.sign(KeyVectors.FIXTURE_MESSAGE);
        assertTrue(publicKey.verify(KeyVectors.FIXTURE_MESSAGE, signature));
    }

    @Test
    void everyCsvRowIsCovered() {
        List<KeyVectors.Row> rows = KeyVectors.keyRows();
        assertEquals(8, rows.size(), "four key types, a private and a public key each");
        for (KeyVectors.Row row : rows) {
            if (row.kind().equals("private")) {
                assertArrayEquals(row.protobuf(), PrivateKey.decode(row.protobuf()).encode(), row.keyType());
            } else {
                assertArrayEquals(row.protobuf(), PublicKey.decode(row.protobuf()).encode(), row.keyType());
            }
        }
    }

    /** go-libp2p core/crypto/test_data: 0 = RSA, 2 = secp256k1, 3 = ECDSA. */
    @ParameterizedTest
    @ValueSource(ints = {0, 2, 3})
    void goFixtureSignaturesVerifyAndAFlippedBitDoesNot(int fixture) {
        PrivateKey privateKey = PrivateKey.decode(KeyVectors.fixture(fixture + ".priv"));
        byte[] publicBytes = KeyVectors.fixture(fixture + ".pub");
        PublicKey publicKey = PublicKey.decode(publicBytes);
        byte[] signature = KeyVectors.fixture(fixture + ".sig");

        assertEquals(publicKey, privateKey.publicKey());
        assertArrayEquals(publicBytes, publicKey.encode());
        assertTrue(publicKey.verify(KeyVectors.FIXTURE_MESSAGE, signature));

        byte[] flippedSignature = signature.clone();
        flippedSignature[flippedSignature.length / 2] ^= 0x01;
        assertFalse(publicKey.verify(KeyVectors.FIXTURE_MESSAGE, flippedSignature));

        byte[] flippedMessage = KeyVectors.FIXTURE_MESSAGE.clone();
        flippedMessage[0] ^= 0x01;
        assertFalse(publicKey.verify(flippedMessage, signature));
    }

    @Test
    void secp256k1FixtureIsReproducedByteForByte() {
        PrivateKey privateKey = PrivateKey.decode(KeyVectors.fixture("2.priv"));
        assertArrayEquals(KeyVectors.fixture("2.sig"), privateKey.sign(KeyVectors.FIXTURE_MESSAGE),
                "RFC 6979 with low-s gives go's signature exactly");
    }
}
