package io.hypha.multiformats;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CidTest {
    private static final HexFormat HEX = HexFormat.of();
    // SPEC-NOTES 2.4: "hello world\n" as Kubo imports it
    private static final String HELLO_V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
    private static final String HELLO_V1 = "bafybeicg2rebjoofv4kbyovkw7af3rpiitvnl6i7ckcywaq6xjcxnc2mby";

    @Test
    void convertsBetweenV0AndV1() {
        Cid v0 = Cid.decode(HELLO_V0);
        assertEquals(0, v0.version());
        assertEquals(0x70, v0.codec());
        assertEquals(Optional.of(Multicodec.DAG_PB), v0.multicodec());
        assertEquals(HELLO_V0, v0.toString());
        assertEquals(34, v0.encodedLength());
        Cid v1 = v0.toV1();
        assertEquals(HELLO_V1, v1.toString());
        assertEquals(v1, Cid.decode(HELLO_V1));
        assertEquals(v0, v1.toV0());
        assertNotEquals(v0, v1);
        assertEquals(v0.multihash(), v1.multihash());
        assertEquals(v1, Cid.decode(v1.toString(Multibase.BASE58_BTC)));
        assertEquals(v1, Cid.decode(v1.toString(Multibase.BASE32_UPPER)));
        assertEquals(v1, Cid.decode(HELLO_V1.toUpperCase().replaceFirst("B", "b")));
        assertEquals(v0, Cid.decode(v0.bytes()));
        assertEquals(v1, Cid.decode(v1.bytes()));
        assertEquals(HELLO_V0, v0.toString(Multibase.BASE58_BTC));
        assertThrows(MultiformatException.class, () -> v0.toString(Multibase.BASE32));
    }

    @Test
    void computesKnownCidsFromContent() {
        // SPEC-NOTES 2.4: raw leaves and dag-pb leaf blocks
        assertEquals("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4",
                Cid.v1(Multicodec.RAW, Multihash.digest(HashAlgorithm.SHA2_256, "hello world\n".getBytes(UTF_8))).toString());
        assertEquals("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
                Cid.v1(Multicodec.RAW, Multihash.digest(HashAlgorithm.SHA2_256, "hello world".getBytes(UTF_8))).toString());
        byte[] leaf = HEX.parseHex("0a110802120b68656c6c6f20776f726c64180b");
        assertEquals("Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD",
                Cid.v0(Multihash.digest(HashAlgorithm.SHA2_256, leaf)).toString());
        byte[] emptyDir = HEX.parseHex("0a020801");
        Cid dir = Cid.v0(Multihash.digest(HashAlgorithm.SHA2_256, emptyDir));
        assertEquals("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn", dir.toString());
        assertEquals("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354", dir.toV1().toString());
        assertEquals("bafyaabakaieac", Cid.v1(Multicodec.DAG_PB, Multihash.digest(HashAlgorithm.IDENTITY, emptyDir)).toString());
        assertEquals("bafkqaaa", Cid.v1(Multicodec.RAW, Multihash.digest(HashAlgorithm.IDENTITY, new byte[0])).toString());
        assertTrue(Cid.decode("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e").multihash()
                .verify("hello world".getBytes(UTF_8)));
    }

    @Test
    void readsPeerIdAndIpnsNameCids() {
        // SPEC-NOTES 2.2: the Ed25519 peer id as a libp2p-key CID
        Cid peer = Cid.decode("bafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6");
        assertEquals(Optional.of(Multicodec.LIBP2P_KEY), peer.multicodec());
        assertEquals("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq", peer.multihash().toString());
        // an IPNS name in base36, as gateway-conformance names its records
        Cid ipns = Cid.decode("k51qzi5uqu5dlkw8pxuw9qmqayfdeh4kfebhmreauqdc6a7c3y7d5i9fi8mk9w");
        assertEquals(Multicodec.LIBP2P_KEY.code(), ipns.codec());
        assertEquals("k51qzi5uqu5dlkw8pxuw9qmqayfdeh4kfebhmreauqdc6a7c3y7d5i9fi8mk9w", ipns.toString(Multibase.BASE36));
        assertThrows(MultiformatException.class, peer::toV0);
    }

    @Test
    void writesPrefixesAndStreams() {
        Cid v0 = Cid.decode(HELLO_V0);
        assertEquals("00701220", HEX.formatHex(v0.prefix()));
        assertEquals("01701220", HEX.formatHex(v0.toV1().prefix()));
        Cid unknownCodec = Cid.v1(0x300000, v0.multihash());
        ByteBuffer buffer = ByteBuffer.allocate(200);
        v0.writeTo(buffer);
        unknownCodec.writeTo(buffer);
        v0.toV1().writeTo(buffer);
        buffer.put((byte) 0x01).flip();
        assertEquals(v0, Cid.read(buffer));
        assertEquals(unknownCodec, Cid.read(buffer));
        assertEquals(Optional.empty(), unknownCodec.multicodec());
        assertEquals(v0.toV1(), Cid.read(buffer));
        int at = buffer.position();
        assertThrows(MultiformatException.class, () -> Cid.read(buffer));
        assertEquals(at, buffer.position(), "a failed read leaves the position alone");
        assertEquals(v0.encodedLength() + unknownCodec.encodedLength() + v0.toV1().encodedLength(), at);
    }

    @Test
    void ordersAndComparesByBytes() {
        Cid a = Cid.decode(HELLO_V0);
        Cid b = a.toV1();
        assertTrue(a.compareTo(b) > 0, "0x12 sorts after 0x01");
        assertEquals(0, a.compareTo(Cid.v0(a.multihash())));
        assertEquals(a.hashCode(), Cid.decode(a.bytes()).hashCode());
    }

    @Test
    void rejectsInvalidFieldCombinations() {
        Multihash sha256 = Multihash.digest(HashAlgorithm.SHA2_256, new byte[0]);
        Multihash blake = Multihash.digest(HashAlgorithm.BLAKE2B_256, new byte[0]);
        assertThrows(MultiformatException.class, () -> Cid.v0(blake));
        assertThrows(MultiformatException.class, () -> Cid.v0(Multihash.digest(HashAlgorithm.SHA2_256, new byte[0], 20)));
        assertThrows(MultiformatException.class, () -> new Cid(0, 0x55, sha256));
        assertThrows(MultiformatException.class, () -> new Cid(2, 0x55, sha256));
        assertThrows(MultiformatException.class, () -> new Cid(7, 0x55, sha256));
        assertThrows(MultiformatException.class, () -> Cid.v1(-1, sha256));
        assertThrows(MultiformatException.class, () -> Cid.v1(Multicodec.RAW, sha256).toV0());
        assertSame(Multicodec.RAW, Cid.v1(Multicodec.RAW, blake).multicodec().orElseThrow());
    }

    @Test
    void rejectsMalformedText() {
        String v0Bytes = HEX.formatHex(Cid.decode(HELLO_V0).bytes());
        String[] bad = {
            "", // nothing
            HELLO_V0.substring(0, 45), // v0 one character short
            HELLO_V0 + "1", // v0 one character long
            HELLO_V0.substring(0, 45) + "0", // '0' is not base58
            "Qm" + "z".repeat(44), // 46 characters, decodes to more than 34 bytes
            "Qm" + "1".repeat(44), // 46 characters, decodes to leading zero bytes
            "z" + HELLO_V0, // CIDv0 inside multibase
            Multibase.BASE32.encode(HEX.parseHex(v0Bytes)), // CIDv0 inside multibase
            Multibase.BASE32.encode(HEX.parseHex("0270" + v0Bytes)), // version 2 is reserved
            Multibase.BASE32.encode(HEX.parseHex("0370" + v0Bytes)), // version 3 is reserved
            Multibase.BASE32.encode(HEX.parseHex("0470" + v0Bytes)), // unknown version
            Multibase.BASE32.encode(HEX.parseHex("0070" + v0Bytes)), // version 0 as a varint
            Multibase.BASE32.encode(HEX.parseHex("0170" + v0Bytes + "00")), // trailing byte
            Multibase.BASE32.encode(HEX.parseHex("0170" + v0Bytes.substring(0, 60))), // truncated digest
            Multibase.BASE32.encode(HEX.parseHex("01")), // no codec
            Multibase.BASE32.encode(HEX.parseHex("0170")), // no multihash
            HELLO_V1.replace('a', '1'), // '1' is not base32
            HELLO_V1.substring(1), // no prefix: 'a' is not a base
            "b", // empty after prefix
            "xafybei", // unknown prefix
            "0" + "1".repeat(Cid.MAX_TEXT_LENGTH), // over the text limit
        };
        for (String text : bad) {
            assertThrows(MultiformatException.class, () -> Cid.decode(text), () -> "accepted " + text);
        }
    }

    @Test
    void rejectsMalformedBytes() {
        String v0 = HEX.formatHex(Cid.decode(HELLO_V0).bytes());
        String[] bad = {
            "", "12", "1220", v0.substring(0, 66), v0 + "00", "1221" + v0.substring(4) + "00",
            "01", "0155", "015512", "01551220" + v0.substring(4, 66), "0155" + v0 + "00",
            "02" + "55" + v0, "03" + "55" + v0, "00" + "70" + v0, "80", "ff".repeat(10),
            "01" + "ff".repeat(9) + "01" + v0, // codec varint too long
            "0155" + "00" + "81" + "01" + "00".repeat(129), // identity digest over the limit
            "0155" + "00".repeat(Cid.MAX_ENCODED_LENGTH), // over the length limit
        };
        for (String hex : bad) {
            byte[] bytes = HEX.parseHex(hex);
            assertThrows(MultiformatException.class, () -> Cid.decode(bytes), () -> "accepted " + hex);
        }
        for (String hex : new String[] {"", "12", "1221", "01", "0155", "02", "00", "80", "0155122000"}) {
            ByteBuffer in = ByteBuffer.wrap(HEX.parseHex(hex));
            assertThrows(MultiformatException.class, () -> Cid.read(in), () -> "read " + hex);
            assertEquals(0, in.position());
        }
    }

    @Test
    void decodesFromEveryBase() {
        Cid cid = Cid.decode(HELLO_V1);
        for (Multibase base : Multibase.values()) {
            if (base == Multibase.IDENTITY) {
                assertThrows(MultiformatException.class, () -> cid.toString(base), "binary CID is not UTF-8");
                continue;
            }
            assertEquals(cid, Cid.decode(cid.toString(base)), base.baseName());
        }
        assertArrayEquals(cid.bytes(), Cid.decode(cid.toString(Multibase.BASE2)).bytes());
    }
}
