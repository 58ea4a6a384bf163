package io.hypha.multiformats;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MultihashTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] EMPTY = new byte[0];

    @Test
    void hashesTheReadmeExample() {
        // multiformats/multihash README; SPEC-NOTES 1.10
        Multihash mh = Multihash.digest(HashAlgorithm.SHA2_256, "multihash".getBytes(UTF_8));
        assertEquals("12209cbc07c3f991725836a3aa2a581ca2029198aa420b9d99bc0e131d9f3e2cbe47", mh.toHex());
        assertEquals("QmYtUc4iTCbbfVSDNKvtQqrfyezPPnFvE33wFmutw9PBBk", mh.toBase58());
        assertEquals("QmYtUc4iTCbbfVSDNKvtQqrfyezPPnFvE33wFmutw9PBBk", mh.toString());
        assertEquals(0x12, mh.code());
        assertEquals(Optional.of(HashAlgorithm.SHA2_256), mh.algorithm());
        assertEquals(32, mh.digestLength());
        assertEquals(34, mh.encodedLength());
        assertEquals(mh, Multihash.decode(Multibase.BASE58_BTC.decodeRaw(mh.toBase58())));
        assertEquals(mh.hashCode(), Multihash.decode(mh.bytes()).hashCode());
        assertTrue(mh.verify("multihash".getBytes(UTF_8)));
        assertFalse(mh.verify("multihasH".getBytes(UTF_8)));
    }

    @Test
    void computesKnownDigestsOfTheEmptyString() {
        assertDigest(HashAlgorithm.SHA2_256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertDigest(HashAlgorithm.SHA3_256, "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
        assertDigest(HashAlgorithm.KECCAK_256, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        assertDigest(HashAlgorithm.BLAKE2B_256, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
        assertDigest(HashAlgorithm.BLAKE2B_512, "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
                + "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce");
        assertDigest(HashAlgorithm.BLAKE2S_256, "69217a3079908094e11121d042354a7c1f55b6482ca1a51e1b250dfd1ed0eef9");
        assertDigest(HashAlgorithm.BLAKE3, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
        assertDigest(HashAlgorithm.SHAKE_128, "7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26");
    }

    @Test
    void extendsAndTruncatesDigests() {
        byte[] long64 = HashAlgorithm.BLAKE3.digest(EMPTY, 64);
        assertEquals("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
                HEX.formatHex(long64, 0, 32));
        Multihash xof = Multihash.digest(HashAlgorithm.BLAKE3, EMPTY, 64);
        assertEquals("1e40" + HEX.formatHex(long64), xof.toHex());
        assertTrue(xof.verify(EMPTY));
        Multihash truncated = Multihash.digest(HashAlgorithm.SHA2_256, EMPTY, 20);
        assertEquals("1214e3b0c44298fc1c149afbf4c8996fb92427ae41e4", truncated.toHex());
        assertTrue(truncated.verify(EMPTY));
        assertThrows(MultiformatException.class, () -> Multihash.digest(HashAlgorithm.SHA2_256, EMPTY, 33));
        assertThrows(MultiformatException.class, () -> Multihash.digest(HashAlgorithm.BLAKE3, EMPTY, 129));
        assertThrows(MultiformatException.class, () -> HashAlgorithm.SHA1.digest(EMPTY, -1));
    }

    @Test
    void everyAlgorithmRoundTrips() {
        byte[] data = "hypha".getBytes(UTF_8);
        for (HashAlgorithm a : HashAlgorithm.values()) {
            Multihash mh = Multihash.digest(a, data);
            assertEquals(a == HashAlgorithm.IDENTITY ? data.length : a.digestLength(), mh.digestLength(), a.name());
            assertEquals(mh, Multihash.decode(mh.bytes()));
            assertEquals(a, HashAlgorithm.forCode(a.code()));
            assertEquals(a, HashAlgorithm.forName(a.multicodecName()));
            assertTrue(mh.verify(data), a.name());
            assertFalse(mh.verify("hyphA".getBytes(UTF_8)), a.name());
        }
        assertThrows(MultiformatException.class, () -> HashAlgorithm.forCode(0x22));
        assertThrows(MultiformatException.class, () -> HashAlgorithm.forName("md5"));
    }

    @Test
    void keepsUnknownCodes() {
        Multihash mh = Multihash.decode(HEX.parseHex("800603aabbcc"));
        assertEquals(0x0300, mh.code());
        assertEquals(Optional.empty(), mh.algorithm());
        assertArrayEquals(HEX.parseHex("aabbcc"), mh.digest());
        assertEquals(mh, Multihash.of(0x0300, HEX.parseHex("aabbcc")));
        assertThrows(MultiformatException.class, () -> mh.verify(EMPTY));
        assertThrows(MultiformatException.class, () -> Multihash.of(-1, EMPTY));
    }

    @Test
    void identityHoldsTheDataUpToTheLimit() {
        byte[] key = HEX.parseHex("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
        Multihash mh = Multihash.digest(HashAlgorithm.IDENTITY, key);
        assertEquals("0024" + HEX.formatHex(key), mh.toHex());
        // SPEC-NOTES 2.2: the Ed25519 peer id
        assertEquals("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq", mh.toBase58());
        assertTrue(mh.verify(key));
        Multihash.of(HashAlgorithm.IDENTITY, new byte[Multihash.MAX_DIGEST_LENGTH]);
        assertThrows(MultiformatException.class,
                () -> Multihash.of(HashAlgorithm.IDENTITY, new byte[Multihash.MAX_DIGEST_LENGTH + 1]));
    }

    @Test
    void readsOneFromABufferAndLeavesTheRest() {
        Multihash mh = Multihash.digest(HashAlgorithm.SHA2_256, EMPTY);
        ByteBuffer buffer = ByteBuffer.allocate(40);
        mh.writeTo(buffer);
        buffer.put((byte) 0x55).flip();
        assertEquals(mh, Multihash.read(buffer));
        assertEquals(34, buffer.position());
        assertEquals(1, buffer.remaining());

        ByteBuffer truncated = ByteBuffer.wrap(mh.bytes(), 0, 20);
        assertThrows(MultiformatException.class, () -> Multihash.read(truncated));
        assertEquals(0, truncated.position(), "a failed read leaves the position alone");
        assertThrows(MultiformatException.class, () -> Multihash.read(ByteBuffer.wrap(HEX.parseHex("12"))));
    }

    @Test
    void rejectsMalformedBytes() {
        String[] bad = {
            "", // nothing
            "12", // no length
            "1220", // no digest
            "1220" + "00".repeat(31), // one byte short
            "1220" + "00".repeat(33), // trailing byte
            "1221" + "00".repeat(33), // longer than sha2-256 produces
            "1180", // truncated length varint
            "128001" + "00".repeat(128), // length 128 written in two bytes but sha2-256 makes 32
            "0081" + "01" + "00".repeat(129), // identity over the limit
            "ffffffffffffffffff01" + "00", // code varint longer than nine bytes
            "9200" + "20" + "00".repeat(32), // code written non-minimally
            "122000", // length says 32, one byte follows
        };
        for (String hex : bad) {
            byte[] bytes = HEX.parseHex(hex);
            assertThrows(MultiformatException.class, () -> Multihash.decode(bytes), () -> "accepted " + hex);
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (!hex.endsWith("00".repeat(33))) {
                assertThrows(MultiformatException.class, () -> Multihash.read(in), () -> "read " + hex);
                assertEquals(0, in.position());
            }
        }
    }

    @Test
    void equalityFollowsTheBytes() {
        Multihash a = Multihash.digest(HashAlgorithm.SHA2_256, EMPTY);
        Multihash b = Multihash.of(0x12, a.digest());
        Multihash c = Multihash.digest(HashAlgorithm.SHA2_256, new byte[1]);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, c);
        byte[] copy = a.bytes();
        copy[5] ^= 1;
        assertEquals(b, a, "bytes() is a copy");
    }

    private static void assertDigest(HashAlgorithm a, String hex) {
        assertEquals(hex, HEX.formatHex(a.digest(EMPTY)), a.name());
    }
}
