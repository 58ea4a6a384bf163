package io.hypha.protocol.kad.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multihash;
import io.hypha.peer.PeerId;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KadKeyTest {
    private static final int ROUNDS = 2_000;

    private static KadKey randomKey(Random random) {
        byte[] b = new byte[KadKey.BYTES];
        random.nextBytes(b);
        return KadKey.fromDigest(b);
    }

    private static BigInteger number(KadKey key) {
        return new BigInteger(1, key.bytes());
    }

    @Test
    void theKeyOfBytesIsTheirSha256() {
        // SHA-256 of the empty string (FIPS 180-4 test vector).
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                KadKey.of(new byte[0]).toString());
    }

    @Test
    void theKeyOfAPeerIsTheSha256OfItsMultihashBytes() {
        byte[] digest = new byte[32];
        new Random(1).nextBytes(digest);
        PeerId peer = PeerId.fromMultihash(Multihash.of(HashAlgorithm.SHA2_256, digest));
        assertEquals(KadKey.of(peer.bytes()), KadKey.ofPeer(peer));
        assertEquals(KadKey.fromDigest(HashAlgorithm.SHA2_256.digest(peer.bytes())), KadKey.ofPeer(peer));
    }

    @Test
    void fromDigestWantsThirtyTwoBytesAndCopiesThem() {
        assertThrows(IllegalArgumentException.class, () -> KadKey.fromDigest(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> KadKey.fromDigest(new byte[33]));
        byte[] digest = new byte[32];
        KadKey key = KadKey.fromDigest(digest);
        digest[0] = 1;
        assertEquals(0, key.bytes()[0]);
        key.bytes()[1] = 1;
        assertEquals(0, key.bytes()[1]);
    }

    @Test
    void commonPrefixLengthMatchesTheLeadingZerosOfTheXor() {
        Random random = new Random(2);
        for (int i = 0; i < ROUNDS; i++) {
            KadKey a = randomKey(random);
            KadKey b = randomKey(random);
            int expected = 256 - number(a).xor(number(b)).bitLength();
            assertEquals(expected, a.commonPrefixLength(b));
            assertEquals(expected, b.commonPrefixLength(a));
        }
    }

    @Test
    void commonPrefixLengthOfKeysDifferingFirstAtEachBit() {
        Random random = new Random(3);
        KadKey a = randomKey(random);
        assertEquals(256, a.commonPrefixLength(a));
        for (int bit = 0; bit < 256; bit++) {
            byte[] b = a.bytes();
            b[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            // Bits after the flipped one do not matter.
            for (int j = bit / 8 + 1; j < KadKey.BYTES; j++) {
                b[j] = (byte) random.nextInt();
            }
            assertEquals(bit, a.commonPrefixLength(KadKey.fromDigest(b)), "bit " + bit);
        }
    }

    @Test
    void distanceIsTheXorAsANumber() {
        Random random = new Random(4);
        for (int i = 0; i < ROUNDS; i++) {
            KadKey a = randomKey(random);
            KadKey b = randomKey(random);
            assertEquals(number(a).xor(number(b)), number(a.distance(b)));
            assertEquals(a.distance(b), b.distance(a));
        }
        KadKey a = randomKey(random);
        assertEquals(BigInteger.ZERO, number(a.distance(a)));
    }

    @Test
    void distanceOrderingMatchesBigInteger() {
        Random random = new Random(5);
        for (int i = 0; i < ROUNDS; i++) {
            KadKey target = randomKey(random);
            KadKey a = randomKey(random);
            // Every fourth pair shares a long prefix, so the comparison has to look past the first bytes.
            KadKey b = i % 4 == 0 ? nearby(a, random) : randomKey(random);
            int expected = Integer.signum(number(a).xor(number(target)).compareTo(number(b).xor(number(target))));
            assertEquals(expected, Integer.signum(a.compareDistance(target, b)));
            assertEquals(-expected, Integer.signum(b.compareDistance(target, a)));
            assertEquals(expected, Integer.signum(a.distance(target).compareTo(b.distance(target))));
            assertEquals(expected < 0, a.closerTo(target, b));
        }
        KadKey a = randomKey(random);
        assertEquals(0, a.compareDistance(randomKey(random), a));
    }

    @Test
    void compareToIsUnsigned() {
        byte[] high = new byte[32];
        high[0] = (byte) 0x80;
        byte[] low = new byte[32];
        low[0] = 0x7f;
        assertEquals(1, Integer.signum(KadKey.fromDigest(high).compareTo(KadKey.fromDigest(low))));
    }

    @Test
    void equalityAndTextFollowTheBytes() {
        byte[] digest = HexFormat.of().parseHex("00".repeat(31) + "01");
        assertEquals(KadKey.fromDigest(digest), KadKey.fromDigest(digest.clone()));
        assertEquals(KadKey.fromDigest(digest).hashCode(), KadKey.fromDigest(digest.clone()).hashCode());
        assertNotEquals(KadKey.fromDigest(digest), KadKey.fromDigest(new byte[32]));
        assertArrayEquals(digest, KadKey.fromDigest(digest).bytes());
        assertEquals("00".repeat(31) + "01", KadKey.fromDigest(digest).toString());
    }

    private static KadKey nearby(KadKey a, Random random) {
        byte[] b = a.bytes();
        int from = 20 + random.nextInt(12);
        for (int j = from; j < KadKey.BYTES; j++) {
            b[j] = (byte) random.nextInt();
        }
        return KadKey.fromDigest(b);
    }
}
