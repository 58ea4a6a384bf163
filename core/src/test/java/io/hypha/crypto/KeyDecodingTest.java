package io.hypha.crypto;

import static io.hypha.crypto.KnownKeysTest.ECDSA_PRIVATE;
import static io.hypha.crypto.KnownKeysTest.ECDSA_PUBLIC;
import static io.hypha.crypto.KnownKeysTest.ED25519_PRIVATE;
import static io.hypha.crypto.KnownKeysTest.ED25519_PUBLIC;
import static io.hypha.crypto.KnownKeysTest.SECP256K1_PRIVATE;
import static io.hypha.crypto.KnownKeysTest.SECP256K1_PUBLIC;
import static io.hypha.crypto.KnownKeysTest.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Strict decoding: everything go would not produce, or that is not a valid key, is rejected. */
class KeyDecodingTest {

    private static MalformedKeyException rejectPublic(byte[] protobuf) {
        return assertThrows(MalformedKeyException.class, () -> PublicKey.decode(protobuf));
    }

    private static MalformedKeyException rejectPrivate(byte[] protobuf) {
        return assertThrows(MalformedKeyException.class, () -> PrivateKey.decode(protobuf));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void fieldsInReverseOrderDecodeToTheCanonicalEncoding() {
        byte[] reversed = concat(Arrays.copyOfRange(ED25519_PUBLIC, 2, ED25519_PUBLIC.length), hex("0801"));
        assertArrayEquals(ED25519_PUBLIC, PublicKey.decode(reversed).encode());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 20, 35})
    void truncatedPublicKeyIsRejected(int length) {
        rejectPublic(Arrays.copyOf(ED25519_PUBLIC, length));
    }

    @Test
    void emptyInputIsRejectedAsMissingFields() {
        assertTrue(rejectPublic(new byte[0]).getMessage().contains("missing"));
        assertTrue(rejectPublic(hex("0801")).getMessage().contains("Data"));
        assertTrue(rejectPublic(Arrays.copyOfRange(ED25519_PUBLIC, 2, ED25519_PUBLIC.length)).getMessage()
                .contains("Type"));
    }

    @Test
    void trailingBytesAreRejected() {
        rejectPublic(concat(ED25519_PUBLIC, new byte[] {0}));
        rejectPublic(concat(ED25519_PUBLIC, hex("12")));
    }

    @Test
    void duplicateFieldsAreRejected() {
        assertTrue(rejectPublic(concat(hex("0801"), ED25519_PUBLIC)).getMessage().contains("duplicate Type"));
        byte[] twice = concat(ED25519_PUBLIC, Arrays.copyOfRange(ED25519_PUBLIC, 2, ED25519_PUBLIC.length));
        assertTrue(rejectPublic(twice).getMessage().contains("duplicate Data"));
    }

    @Test
    void unknownFieldsAreRejected() {
        assertTrue(rejectPublic(concat(ED25519_PUBLIC, hex("1801"))).getMessage().contains("unexpected field"));
        // Type sent as a length-delimited field (wrong wire type).
        rejectPublic(concat(hex("0a0101"), Arrays.copyOfRange(ED25519_PUBLIC, 2, ED25519_PUBLIC.length)));
    }

    @Test
    void unknownTypeCodeIsRejected() {
        byte[] bad = ED25519_PUBLIC.clone();
        bad[1] = 0x04;
        assertTrue(rejectPublic(bad).getMessage().contains("unknown key type"));
    }

    @Test
    void nonMinimalVarintIsRejected() {
        rejectPublic(concat(hex("088100"), Arrays.copyOfRange(ED25519_PUBLIC, 2, ED25519_PUBLIC.length)));
    }

    @Test
    void wrongTypeCodeForTheDataIsRejected() {
        byte[] ed25519AsSecp = ED25519_PUBLIC.clone();
        ed25519AsSecp[1] = 0x02;
        rejectPublic(ed25519AsSecp);
        byte[] secpAsEd25519 = SECP256K1_PUBLIC.clone();
        secpAsEd25519[1] = 0x01;
        rejectPublic(secpAsEd25519);
        byte[] ecdsaAsRsa = ECDSA_PUBLIC.clone();
        ecdsaAsRsa[1] = 0x00;
        rejectPublic(ecdsaAsRsa);
    }

    @Test
    void wrongLengthsAreRejected() {
        assertThrows(MalformedKeyException.class, () -> PublicKey.of(KeyType.ED25519, new byte[31]));
        assertThrows(MalformedKeyException.class, () -> PublicKey.of(KeyType.ED25519, new byte[33]));
        assertThrows(MalformedKeyException.class, () -> PublicKey.of(KeyType.SECP256K1, new byte[32]));
        assertThrows(MalformedKeyException.class, () -> PublicKey.of(KeyType.SECP256K1, new byte[65]));
        rejectPrivate(hex("0801121f" + "00".repeat(31)));
        rejectPrivate(hex("08021221" + "01".repeat(33)));
    }

    @Test
    void invalidCurvePointsAreRejected() {
        // y = 2 is not the y coordinate of any Ed25519 point: (y^2 - 1) / (d y^2 + 1) is not a square.
        assertThrows(MalformedKeyException.class,
                () -> PublicKey.of(KeyType.ED25519, hex("02" + "00".repeat(31))));
        // x = 5 is not on secp256k1: 5^3 + 7 is not a square mod p.
        assertThrows(MalformedKeyException.class,
                () -> PublicKey.of(KeyType.SECP256K1, hex("02" + "00".repeat(31) + "05")));
        // x >= p.
        assertThrows(MalformedKeyException.class, () -> PublicKey.of(KeyType.SECP256K1, hex("02" + "ff".repeat(32))));
        // Uncompressed prefix with a compressed length.
        assertThrows(MalformedKeyException.class,
                () -> PublicKey.of(KeyType.SECP256K1, hex("04" + "7777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99")));
        byte[] offCurve = ECDSA_PUBLIC.clone();
        offCurve[offCurve.length - 1] ^= 1;
        assertTrue(rejectPublic(offCurve).getMessage().contains("P-256"));
    }

    @Test
    void privateScalarsOutsideTheGroupAreRejected() {
        rejectPrivate(hex("08021220" + "00".repeat(32)));
        rejectPrivate(hex("08021220" + "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"));
    }

    @Test
    void ed25519PrivateKeyWhosePublicHalfDoesNotMatchItsSeedIsRejected() {
        byte[] bad = ED25519_PRIVATE.clone();
        bad[bad.length - 1] ^= 1;
        assertTrue(rejectPrivate(bad).getMessage().contains("seed"));
    }

    @Test
    void ecdsaPrivateKeyWithAWrongEmbeddedPublicKeyIsRejected() {
        byte[] bad = ECDSA_PRIVATE.clone();
        bad[bad.length - 1] ^= 1;
        rejectPrivate(bad);
        rejectPrivate(Arrays.copyOf(ECDSA_PRIVATE, ECDSA_PRIVATE.length - 1));
    }

    @Test
    void secp256k1IsNotAcceptedAsAnEcdsaKey() {
        // A SubjectPublicKeyInfo for a secp256k1 point: id-ecPublicKey with curve OID 1.3.132.0.10.
        byte[] spki = hex("3056301006072a8648ce3d020106052b8104000a034200"
                + "04" + "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
                + "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8");
        MalformedKeyException e = assertThrows(MalformedKeyException.class, () -> PublicKey.of(KeyType.ECDSA, spki));
        assertTrue(e.getMessage().contains("only P-256"), e.getMessage());
    }

    @Test
    void ecdsaCurveParametersThatAreNotAnOidAreRejectedAsMalformed() {
        // Found by KeyFuzzTest: the parameters are a UTF8String holding malformed UTF-8, and printing them in the
        // error message threw a plain IllegalArgumentException instead of the MalformedKeyException.
        // PublicKey { Type: ECDSA, Data: SubjectPublicKeyInfo { id-ecPublicKey, UTF8String ff }, point } }
        byte[] spki = hex("080312543052300c06072a8648ce3d02010c01ff034200" + "04" + "11".repeat(64));
        assertTrue(rejectPublic(spki).getMessage().contains("only P-256"));
        // PrivateKey { Type: ECDSA, Data: ECPrivateKey { 1, scalar, [0] UTF8String ff } }
        byte[] sec1 = hex("0803122c302a020101" + "0420" + "11".repeat(32) + "a0030c01ff");
        assertTrue(rejectPrivate(sec1).getMessage().contains("only P-256"));
    }

    @Test
    void oversizedInputIsRejectedBeforeParsing() {
        rejectPublic(new byte[KeyProtobuf.MAX_ENCODED_BYTES + 1]);
    }

    @Test
    void rsa1024IsRejected() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        var pair = generator.generateKeyPair();
        byte[] spki = pair.getPublic().getEncoded();
        MalformedKeyException e = assertThrows(MalformedKeyException.class, () -> PublicKey.of(KeyType.RSA, spki));
        assertTrue(e.getMessage().contains("1024-bit"), e.getMessage());

        byte[] pkcs1 = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded()).parsePrivateKey().toASN1Primitive()
                .getEncoded();
        assertEquals(1024, ((RSAPrivateCrtKey) pair.getPrivate()).getModulus().bitLength());
        rejectPrivate(KeyProtobuf.encode(KeyType.RSA, pkcs1));
    }

    @Test
    void rsaSizesOutsideTheLimitsCannotBeGenerated() {
        assertThrows(IllegalArgumentException.class, () -> PrivateKey.generate(KeyType.RSA, 1024));
        assertThrows(IllegalArgumentException.class, () -> PrivateKey.generate(KeyType.RSA, RsaPublicKey.MAX_BITS + 8));
        assertThrows(IllegalArgumentException.class, () -> PrivateKey.generate(KeyType.ED25519, 2048));
    }

    @Test
    void rsaKeysRoundTripAndNonCanonicalDerIsRejected() {
        PrivateKey key = PrivateKey.generate(KeyType.RSA);
        byte[] publicBytes = key.publicKey().encode();
        assertEquals(key.publicKey(), PublicKey.decode(publicBytes));
        assertEquals(key, PrivateKey.decode(key.encode()));
        assertEquals(RsaPublicKey.DEFAULT_BITS, ((RsaPublicKey) key.publicKey()).bits());

        // The same SubjectPublicKeyInfo with the AlgorithmIdentifier's NULL parameters dropped.
        byte[] raw = key.publicKey().raw();
        byte[] withoutNull = new byte[raw.length - 2];
        int pos = 0;
        for (int i = 0; i < raw.length; i++) {
            if (i == 17 || i == 18) {
                continue; // 05 00 after the rsaEncryption OID
            }
            withoutNull[pos++] = raw[i];
        }
        assertEquals(0x05, raw[17]);
        withoutNull[3] -= 2; // outer SEQUENCE length (two-byte long form 30 82 hi lo)
        withoutNull[5] -= 2; // AlgorithmIdentifier SEQUENCE length
        assertThrows(MalformedKeyException.class, () -> PublicKey.of(KeyType.RSA, withoutNull));
    }

    @Test
    void corruptedRsaPrivateKeyIsRejected() {
        byte[] encoded = PrivateKey.generate(KeyType.RSA).encode();
        // Flip a bit in the last byte: the CRT coefficient no longer inverts q mod p.
        encoded[encoded.length - 1] ^= 1;
        MalformedKeyException e = rejectPrivate(encoded);
        assertTrue(e.getMessage().contains("CRT"), e.getMessage());
    }

    @Test
    void garbageInKnownFieldsIsRejectedWithoutOtherExceptions() {
        for (KeyType type : KeyType.values()) {
            for (byte[] data : new byte[][] {new byte[0], new byte[] {0x30}, new byte[] {0x30, 0x00}, hex("3003020101"),
                    new byte[64], new byte[96]}) {
                assertThrows(MalformedKeyException.class, () -> PublicKey.of(type, data), type + " public");
                assertThrows(MalformedKeyException.class, () -> PrivateKey.decode(KeyProtobuf.encode(type, data)),
                        type + " private");
            }
        }
    }

    @Test
    void secp256k1PrivateKeyBytesRoundTrip() {
        assertArrayEquals(SECP256K1_PRIVATE, PrivateKey.decode(SECP256K1_PRIVATE).encode());
    }
}
