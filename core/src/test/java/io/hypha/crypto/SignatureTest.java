package io.hypha.crypto;

import static io.hypha.crypto.KnownKeysTest.SECP256K1_PRIVATE;
import static io.hypha.crypto.KnownKeysTest.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignatureTest {
    private static final byte[] MESSAGE = "hello libp2p".getBytes(StandardCharsets.UTF_8);
    private static final BigInteger SECP256K1_ORDER = CustomNamedCurves.getByName("secp256k1").getN();

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void generatedKeysSignAndVerifyAndRoundTrip(KeyType type) {
        PrivateKey key = PrivateKey.generate(type);
        assertEquals(type, key.type());
        assertEquals(type, key.publicKey().type());
        byte[] signature = key.sign(MESSAGE);
        assertTrue(key.publicKey().verify(MESSAGE, signature));

        PublicKey decoded = PublicKey.decode(key.publicKey().encode());
        assertTrue(decoded.verify(MESSAGE, signature));
        assertEquals(key, PrivateKey.decode(key.encode()));
        assertArrayEquals(key.encode(), PrivateKey.decode(key.encode()).encode());
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void alteredSignatureMessageOrKeyDoesNotVerify(KeyType type) {
        PrivateKey key = PrivateKey.generate(type);
        byte[] signature = key.sign(MESSAGE);
        for (int i = 0; i < signature.length; i += Math.max(1, signature.length / 16)) {
            byte[] flipped = signature.clone();
            flipped[i] ^= 0x10;
            assertFalse(key.publicKey().verify(MESSAGE, flipped), "bit flipped in byte " + i);
        }
        byte[] otherMessage = MESSAGE.clone();
        otherMessage[otherMessage.length - 1] ^= 1;
        assertFalse(key.publicKey().verify(otherMessage, signature));
        assertFalse(PrivateKey.generate(type).publicKey().verify(MESSAGE, signature));
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void malformedSignaturesAreFalseNotErrors(KeyType type) {
        PublicKey key = PrivateKey.generate(type).publicKey();
        byte[] signature = PrivateKey.generate(type).sign(MESSAGE);
        byte[][] garbage = {new byte[0], new byte[1], new byte[64], new byte[4096], hex("3000"), hex("300602010102"),
                Arrays.copyOf(signature, signature.length - 1),
                Arrays.copyOf(signature, signature.length + 1)};
        for (byte[] bad : garbage) {
            assertFalse(key.verify(MESSAGE, bad));
        }
    }

    @Test
    void emptyMessageSignsAndVerifies() {
        for (KeyType type : new KeyType[] {KeyType.ED25519, KeyType.SECP256K1, KeyType.ECDSA}) {
            PrivateKey key = PrivateKey.generate(type, new SecureRandom());
            assertTrue(key.publicKey().verify(new byte[0], key.sign(new byte[0])), type.toString());
        }
    }

    @Test
    void ed25519SignaturesAreRfc8032() {
        // RFC 8032 section 7.1, TEST 1: empty message.
        byte[] protobuf = hex("08011240"
                + "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
                + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        PrivateKey key = PrivateKey.decode(protobuf);
        byte[] expected = hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        assertArrayEquals(expected, key.sign(new byte[0]));
        assertTrue(key.publicKey().verify(new byte[0], expected));
    }

    @Test
    void secp256k1SignaturesAreDeterministicAndLowS() {
        PrivateKey key = PrivateKey.decode(SECP256K1_PRIVATE);
        BigInteger halfOrder = SECP256K1_ORDER.shiftRight(1);
        for (int i = 0; i < 64; i++) {
            byte[] message = ("message " + i).getBytes(StandardCharsets.UTF_8);
            byte[] signature = key.sign(message);
            assertArrayEquals(signature, key.sign(message), "RFC 6979: same key and message, same signature");
            BigInteger s = rs(signature)[1];
            assertTrue(s.compareTo(halfOrder) <= 0, "s must be at most n/2");
        }
        assertNotEquals(new BigInteger(1, key.sign(MESSAGE)), new BigInteger(1, key.sign(new byte[] {1})));
    }

    @Test
    void secp256k1HighSIsAcceptedOnVerifyLikeGo() throws Exception {
        PrivateKey key = PrivateKey.decode(SECP256K1_PRIVATE);
        BigInteger[] rs = rs(key.sign(MESSAGE));
        byte[] highS = new DERSequence(new ASN1Integer[] {new ASN1Integer(rs[0]),
                new ASN1Integer(SECP256K1_ORDER.subtract(rs[1]))}).getEncoded();
        assertTrue(key.publicKey().verify(MESSAGE, highS));
    }

    @Test
    void secp256k1NonCanonicalDerIsRejected() throws Exception {
        PrivateKey key = PrivateKey.decode(SECP256K1_PRIVATE);
        byte[] signature = key.sign(MESSAGE);
        BigInteger[] rs = rs(signature);
        // r with a superfluous leading zero byte.
        byte[] r = rs[0].toByteArray();
        byte[] paddedR = new byte[r.length + 1];
        System.arraycopy(r, 0, paddedR, 1, r.length);
        byte[] s = rs[1].toByteArray();
        byte[] padded = new byte[2 + 2 + paddedR.length + 2 + s.length];
        int pos = 0;
        padded[pos++] = 0x30;
        padded[pos++] = (byte) (padded.length - 2);
        padded[pos++] = 0x02;
        padded[pos++] = (byte) paddedR.length;
        System.arraycopy(paddedR, 0, padded, pos, paddedR.length);
        pos += paddedR.length;
        padded[pos++] = 0x02;
        padded[pos++] = (byte) s.length;
        System.arraycopy(s, 0, padded, pos, s.length);
        assertFalse(key.publicKey().verify(MESSAGE, padded));

        byte[] trailing = Arrays.copyOf(signature, signature.length + 1);
        assertFalse(key.publicKey().verify(MESSAGE, trailing));

        byte[] zeroS = new DERSequence(new ASN1Integer[] {new ASN1Integer(rs[0]), new ASN1Integer(0)}).getEncoded();
        assertFalse(key.publicKey().verify(MESSAGE, zeroS));
        byte[] sIsN = new DERSequence(new ASN1Integer[] {new ASN1Integer(rs[0]), new ASN1Integer(SECP256K1_ORDER)})
                .getEncoded();
        assertFalse(key.publicKey().verify(MESSAGE, sIsN));
    }

    @Test
    void rsa4096SignsAndVerifies() {
        PrivateKey key = PrivateKey.generate(KeyType.RSA, 4096);
        assertEquals(4096, ((RsaPublicKey) key.publicKey()).bits());
        byte[] signature = key.sign(MESSAGE);
        assertEquals(512, signature.length);
        assertTrue(PublicKey.decode(key.publicKey().encode()).verify(MESSAGE, signature));
        assertEquals(key, PrivateKey.decode(key.encode()));
    }

    private static BigInteger[] rs(byte[] der) {
        ASN1Sequence sequence = ASN1Sequence.getInstance(der);
        return new BigInteger[] {
            ASN1Integer.getInstance(sequence.getObjectAt(0)).getValue(),
            ASN1Integer.getInstance(sequence.getObjectAt(1)).getValue()
        };
    }
}
