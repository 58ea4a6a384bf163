package io.hypha.protocol.bitswap.message;

import static io.hypha.protocol.bitswap.message.BitswapFrames.concat;
import static io.hypha.protocol.bitswap.message.BitswapFrames.field;
import static io.hypha.protocol.bitswap.message.BitswapFrames.varintField;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.block.Block;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multicodec;
import io.hypha.multiformats.Multihash;
import io.hypha.multiformats.Varint;
import io.hypha.protocol.bitswap.BitswapProtocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BitswapCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    /** {@code echo hello world | ipfs add --cid-version=1}: a raw block (SPEC-NOTES 2.4). */
    private static final byte[] HELLO_DATA = "hello world\n".getBytes(StandardCharsets.US_ASCII);
    private static final Cid HELLO = Cid.decode("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
    /** The dag-pb leaf of {@code echo -n hello world | ipfs add} (SPEC-NOTES 2.4). */
    private static final byte[] LEAF_DATA = HEX.parseHex("0a110802120b68656c6c6f20776f726c64180b");
    private static final Cid LEAF = Cid.decode("Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD");

    // SPEC-NOTES 1.9 example frames, each with its uvarint length prefix
    private static final String WANT_HAVE_FRAME =
            "300a2e0a2c0a2401551220a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447100120012801";
    private static final String BLOCK_FRAME = "161a140a0401551220120c68656c6c6f20776f726c640a";
    private static final String DONT_HAVE_FRAME =
            "2a22280a2401551220a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a4471001";

    // ---- the example frames ------------------------------------------------------------------------------------

    @Test
    void wantHaveWithSendDontHaveIsTheFrameOfSpecNotes() throws Exception {
        byte[] body = body(WANT_HAVE_FRAME);
        BitswapMessage expected = BitswapMessage.wants(List.of(WantlistEntry.wantHave(HELLO, 1, true)));
        assertEquals(expected, decode(body));
        assertArrayEquals(body, BitswapCodec.encode(expected, BitswapVersion.V1_2_0));
    }

    @ParameterizedTest
    @EnumSource(value = BitswapVersion.class, names = {"V1_1_0", "V1_2_0"})
    void blockReplyIsTheFrameOfSpecNotes(BitswapVersion version) throws Exception {
        byte[] body = body(BLOCK_FRAME);
        BitswapMessage expected = BitswapMessage.reply(List.of(new Block(HELLO, HELLO_DATA)), List.of(), 0);
        BitswapMessage decoded = decode(body);
        assertEquals(expected, decoded);
        assertTrue(decoded.blocks().getFirst().hashMatches());
        assertArrayEquals(body, BitswapCodec.encode(expected, version));
    }

    @Test
    void dontHaveIsTheFrameOfSpecNotes() throws Exception {
        byte[] body = body(DONT_HAVE_FRAME);
        BitswapMessage expected = BitswapMessage.reply(List.of(), List.of(BlockPresence.dontHave(HELLO)), 0);
        assertEquals(expected, decode(body));
        assertArrayEquals(body, BitswapCodec.encode(expected, BitswapVersion.V1_2_0));
    }

    // ---- encoding by version -----------------------------------------------------------------------------------

    @Test
    void version120AndVersion110KeepEverything() throws Exception {
        BitswapMessage m = rich();
        for (BitswapVersion v : List.of(BitswapVersion.V1_1_0, BitswapVersion.V1_2_0)) {
            byte[] wire = BitswapCodec.encode(m, v);
            assertEquals(m, decode(wire), v.toString());
            assertArrayEquals(wire, BitswapCodec.encode(decode(wire), v), v.toString());
        }
    }

    @Test
    void version100SendsWholeBlocksAndNoPresencesNorPendingBytes() throws Exception {
        Block leaf = new Block(LEAF, LEAF_DATA);
        BitswapMessage m = new BitswapMessage(List.of(WantlistEntry.wantBlock(LEAF, 3, false)), true,
                List.of(leaf), List.of(BlockPresence.have(HELLO)), 77);
        byte[] wire = BitswapCodec.encode(m, BitswapVersion.V1_0_0);
        byte[] entry = concat(field(1, LEAF.bytes()), varintField(2, 3));
        byte[] wantlist = concat(field(1, entry), varintField(2, 1));
        assertArrayEquals(concat(field(1, wantlist), field(2, LEAF_DATA)), wire);
        assertEquals(new BitswapMessage(m.wantlist(), true, List.of(leaf), List.of(), 0), decode(wire));
    }

    @Test
    void version100CarriesTheMultihashOfACidV0Want() {
        byte[] wire = BitswapCodec.encode(BitswapMessage.wants(List.of(WantlistEntry.wantBlock(LEAF, 1, false))),
                BitswapVersion.V1_0_0);
        // 0x0a 0x24 entries, 0x0a 0x22 block: the 34 bytes 12 20 ‖ digest, no version or codec before them
        assertEquals("0a280a260a221220" + HEX.formatHex(LEAF.multihash().digest()) + "1001", HEX.formatHex(wire));
    }

    @Test
    void version100RefusesABlockItsReceiverWouldFileUnderAnotherCid() {
        BitswapMessage m = BitswapMessage.reply(List.of(new Block(HELLO, HELLO_DATA)), List.of(), 0);
        assertThrows(IllegalArgumentException.class, () -> BitswapCodec.encode(m, BitswapVersion.V1_0_0));
        // a dag-pb sha2-256 CIDv1 arrives as its CIDv0, which is the same block
        Block v1Leaf = new Block(LEAF.toV1(), LEAF_DATA);
        byte[] wire = BitswapCodec.encode(BitswapMessage.reply(List.of(v1Leaf), List.of(), 0), BitswapVersion.V1_0_0);
        assertArrayEquals(field(2, LEAF_DATA), wire);
    }

    @Test
    void aCidV0BlockTravelsWithThePrefix00701220() throws Exception {
        BitswapMessage m = BitswapMessage.reply(List.of(new Block(LEAF, LEAF_DATA)), List.of(), 0);
        byte[] wire = BitswapCodec.encode(m, BitswapVersion.V1_2_0);
        assertArrayEquals(field(3, concat(field(1, HEX.parseHex("00701220")), field(2, LEAF_DATA))), wire);
        assertEquals(m, decode(wire));
    }

    @Test
    void aCancelCarriesOnlyItsCid() throws Exception {
        WantlistEntry cancel = new WantlistEntry(HELLO, 9, true, WantType.HAVE, true);
        byte[] wire = BitswapCodec.encode(BitswapMessage.wants(List.of(cancel)), BitswapVersion.V1_2_0);
        assertArrayEquals(field(1, field(1, concat(field(1, HELLO.bytes()), varintField(3, 1)))), wire);
        assertEquals(BitswapMessage.wants(List.of(WantlistEntry.cancel(HELLO))), decode(wire));
    }

    @Test
    void aCancelReceivedWithOtherFieldsIsJustACancel() throws Exception {
        byte[] entry = concat(field(1, HELLO.bytes()), varintField(2, 5), varintField(3, 1), varintField(4, 1),
                varintField(5, 1));
        assertEquals(BitswapMessage.wants(List.of(WantlistEntry.cancel(HELLO))),
                decode(field(1, field(1, entry))));
    }

    @Test
    void zeroValuesAreLeftOutAndTheEmptyMessageIsEmpty() throws Exception {
        assertEquals(0, BitswapCodec.encode(BitswapMessage.EMPTY, BitswapVersion.V1_2_0).length);
        assertEquals(BitswapMessage.EMPTY, decode(new byte[0]));
        // a want-block of priority 0 without sendDontHave is its CID alone
        byte[] wire = BitswapCodec.encode(BitswapMessage.wants(List.of(WantlistEntry.wantBlock(HELLO, 0, false))),
                BitswapVersion.V1_2_0);
        assertArrayEquals(field(1, field(1, field(1, HELLO.bytes()))), wire);
        // a full wantlist with no entries is still written: it clears the peer's list of our wants
        BitswapMessage clear = new BitswapMessage(List.of(), true, List.of(), List.of(), 0);
        assertArrayEquals(HEX.parseHex("0a021001"), BitswapCodec.encode(clear, BitswapVersion.V1_2_0));
        assertEquals(clear, decode(HEX.parseHex("0a021001")));
    }

    @Test
    void pendingBytesAreWrittenWhenNotZero() throws Exception {
        BitswapMessage m = BitswapMessage.reply(List.of(), List.of(BlockPresence.have(HELLO)), 300);
        byte[] wire = BitswapCodec.encode(m, BitswapVersion.V1_2_0);
        assertArrayEquals(concat(field(4, field(1, HELLO.bytes())), varintField(5, 300)), wire);
        assertEquals(m, decode(wire));
    }

    @Test
    void encodingRefusesWhatNoPeerWouldRead() {
        Block tooBig = Block.raw(new byte[BitswapProtocol.MAX_BLOCK_BYTES + 1]);
        assertThrows(IllegalArgumentException.class, () -> BitswapCodec.encode(
                BitswapMessage.reply(List.of(tooBig), List.of(), 0), BitswapVersion.V1_2_0));
        Block a = Block.raw(filled(BitswapProtocol.MAX_BLOCK_BYTES, 1));
        Block b = Block.raw(filled(BitswapProtocol.MAX_BLOCK_BYTES, 2));
        assertThrows(IllegalArgumentException.class, () -> BitswapCodec.encode(
                BitswapMessage.reply(List.of(a, b), List.of(), 0), BitswapVersion.V1_2_0));
    }

    // ---- decoding ----------------------------------------------------------------------------------------------

    @Test
    void version100BlocksAreCidV0OfTheirData() throws Exception {
        BitswapMessage m = decode(field(2, LEAF_DATA));
        assertEquals(List.of(new Block(LEAF, LEAF_DATA)), m.blocks());
    }

    @Test
    void fieldsOfEveryVersionAreReadFromOneMessage() throws Exception {
        byte[] wire = concat(field(2, LEAF_DATA), body(BLOCK_FRAME), body(DONT_HAVE_FRAME), varintField(5, 12));
        BitswapMessage m = decode(wire);
        assertEquals(List.of(new Block(LEAF, LEAF_DATA), new Block(HELLO, HELLO_DATA)), m.blocks());
        assertEquals(List.of(BlockPresence.dontHave(HELLO)), m.presences());
        assertEquals(12, m.pendingBytes());
    }

    @Test
    void eachBlockCidIsRebuiltFromItsPrefixAndData() throws Exception {
        // a dag-cbor block hashed with blake2b-256, and one truncated sha2-512: the prefix says how to hash
        byte[] data = "anything".getBytes(StandardCharsets.US_ASCII);
        Cid blake = Cid.v1(Multicodec.DAG_CBOR, Multihash.digest(HashAlgorithm.BLAKE2B_256, data));
        Cid truncated = Cid.v1(Multicodec.RAW, Multihash.digest(HashAlgorithm.SHA2_512, data, 20));
        BitswapMessage m = BitswapMessage.reply(List.of(new Block(blake, data), new Block(truncated, data)),
                List.of(), 0);
        BitswapMessage back = decode(BitswapCodec.encode(m, BitswapVersion.V1_2_0));
        assertEquals(m, back);
        assertTrue(back.blocks().stream().allMatch(Block::hashMatches));
    }

    @Test
    void dataThatIsNotWhatTheSenderClaimsGetsTheCidOfWhatItIs() throws Exception {
        // the CID is the hash of the bytes received; a peer cannot make us file bytes under another CID
        byte[] other = "goodbye world\n".getBytes(StandardCharsets.US_ASCII);
        byte[] wire = field(3, concat(field(1, HELLO.prefix()), field(2, other)));
        Block b = decode(wire).blocks().getFirst();
        assertEquals(Block.raw(other), b);
        assertFalse(b.cid().equals(HELLO));
    }

    @Test
    void anIdentityBlockIsItsOwnDigest() throws Exception {
        byte[] data = "tiny".getBytes(StandardCharsets.US_ASCII);
        Cid cid = Cid.v1(Multicodec.RAW, Multihash.of(HashAlgorithm.IDENTITY, data));
        BitswapMessage m = BitswapMessage.reply(List.of(new Block(cid, data)), List.of(), 0);
        assertEquals(m, decode(BitswapCodec.encode(m, BitswapVersion.V1_2_0)));
    }

    @Test
    void aBlockHashedWithAnUnsupportedFunctionIsDroppedAndTheRestKept() throws Exception {
        // murmur3-x64-64 (0x22): a valid multihash code this node cannot compute
        byte[] prefix = HEX.parseHex("01552208");
        byte[] wire = concat(field(3, concat(field(1, prefix), field(2, HELLO_DATA))), body(BLOCK_FRAME),
                body(DONT_HAVE_FRAME));
        BitswapMessage m = decode(wire);
        assertEquals(List.of(new Block(HELLO, HELLO_DATA)), m.blocks());
        assertEquals(List.of(BlockPresence.dontHave(HELLO)), m.presences());
    }

    @Test
    void decodingLeavesTheFrameAloneAndKeepsNothingOfIt() throws Exception {
        byte[] body = body(BLOCK_FRAME);
        for (ByteBuffer frame : List.of(ByteBuffer.wrap(concat(new byte[3], body)).position(3),
                ByteBuffer.allocateDirect(body.length).put(body).flip(), ByteBuffer.wrap(body.clone()).asReadOnlyBuffer())) {
            int position = frame.position();
            int limit = frame.limit();
            BitswapMessage m = BitswapCodec.decode(frame);
            assertEquals(position, frame.position());
            assertEquals(limit, frame.limit());
            if (!frame.isReadOnly()) {
                for (int i = position; i < limit; i++) {
                    frame.put(i, (byte) 0);
                }
            }
            assertArrayEquals(HELLO_DATA, m.blocks().getFirst().data(), frame.toString());
        }
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        byte[] wire = concat(body(DONT_HAVE_FRAME), varintField(15, 1), field(16, new byte[] {1, 2}));
        assertEquals(decode(body(DONT_HAVE_FRAME)), decode(wire));
    }

    // ---- limits ------------------------------------------------------------------------------------------------

    @Test
    void aBlockOfTheLimitIsAcceptedAndOneByteMoreIsNot() throws Exception {
        byte[] data = filled(BitswapProtocol.MAX_BLOCK_BYTES, 7);
        BitswapMessage m = BitswapMessage.reply(List.of(Block.raw(data)), List.of(), 0);
        byte[] wire = BitswapCodec.encode(m, BitswapVersion.V1_2_0);
        assertEquals(m, decode(wire));
        assertEquals(List.of(new Block(Cid.v0(Multihash.digest(HashAlgorithm.SHA2_256, data)), data)),
                decode(field(2, data)).blocks());

        byte[] over = filled(BitswapProtocol.MAX_BLOCK_BYTES + 1, 7);
        malformed(field(3, concat(field(1, HELLO.prefix()), field(2, over))));
        malformed(field(2, over));
    }

    @Test
    void aFrameOverTheLimitIsRefusedBeforeItIsRead() {
        byte[] frame = new byte[BitswapProtocol.MAX_MESSAGE_BYTES + 1];
        MalformedMessageException e = malformed(frame);
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
    }

    @Test
    void aFrameOfTheLimitIsRead() throws Exception {
        // two blocks of a little less than 2 MiB, and an unknown field filling the frame to exactly 4 MiB
        byte[] a = BitswapCodec.encode(BitswapMessage.reply(
                List.of(Block.raw(filled(BitswapProtocol.MAX_BLOCK_BYTES - 64, 1))), List.of(), 0),
                BitswapVersion.V1_2_0);
        byte[] b = BitswapCodec.encode(BitswapMessage.reply(
                List.of(Block.raw(filled(BitswapProtocol.MAX_BLOCK_BYTES - 64, 2))), List.of(), 0),
                BitswapVersion.V1_2_0);
        int rest = BitswapProtocol.MAX_MESSAGE_BYTES - a.length - b.length;
        int n = rest;
        while (1 + Varint.size(n) + n > rest) {
            n--;
        }
        byte[] padding = field(15, new byte[n]);
        byte[] frame = concat(a, b, padding);
        assertEquals(BitswapProtocol.MAX_MESSAGE_BYTES, frame.length);
        assertEquals(2, decode(frame).blocks().size());
    }

    @Test
    void cidsOverTheLimitAreMalformed() {
        // a CIDv1 whose "multihash" is 158 bytes: longer than MAX_CID_BYTES whether or not it parses
        byte[] longCid = concat(HEX.parseHex("0155"), new byte[BitswapProtocol.MAX_CID_BYTES - 1]);
        malformed(field(1, field(1, field(1, longCid))));
        malformed(field(4, field(1, longCid)));
        malformed(field(3, concat(field(1, longCid), field(2, HELLO_DATA))));
    }

    @Test
    void cidsThatDoNotParseAreMalformed() {
        for (String bad : List.of("", "12", "1220aa", "01", "015512", "0255122000", "01551203aabbccdd")) {
            byte[] cid = HEX.parseHex(bad);
            malformed(field(1, field(1, field(1, cid))));
            malformed(field(4, field(1, cid)));
        }
        // an entry or a presence without a CID
        malformed(field(1, field(1, varintField(2, 1))));
        malformed(field(4, varintField(2, 1)));
    }

    @Test
    void malformedPrefixesAreMalformed() {
        for (String bad : List.of(
                "", // nothing
                "015512", // no digest length
                "0155122000", // a trailing byte
                "0155920020", // sha2-256 written as a non-minimal varint (92 00 for 12)
                "02551220", // CID version 2
                "00551220", // a CIDv0 must be dag-pb
                "00701320", // ... sha2-256
                "00701214", // ... of 32 bytes
                "01551221", // sha2-256 has no 33rd byte
                "0155228101", // a digest of 129 bytes
                "0155ffffffffffffffffff01" // a varint of more than nine bytes
        )) {
            malformed(field(3, concat(field(1, HEX.parseHex(bad)), field(2, HELLO_DATA))));
        }
        // an identity prefix whose length is not the data's
        malformed(field(3, concat(field(1, HEX.parseHex("01550005")), field(2, HELLO_DATA))));
    }

    @Test
    void unknownTypeCodesAreMalformed() {
        malformed(field(1, field(1, concat(field(1, HELLO.bytes()), varintField(4, 2)))));
        malformed(field(1, field(1, concat(field(1, HELLO.bytes()), varintField(4, -1)))));
        malformed(field(4, concat(field(1, HELLO.bytes()), varintField(2, 2))));
        malformed(field(4, concat(field(1, HELLO.bytes()), varintField(2, 1 << 20))));
    }

    @Test
    void brokenProtobufIsMalformed() {
        byte[] good = body(WANT_HAVE_FRAME);
        malformed(Arrays.copyOf(good, good.length - 1)); // truncated
        malformed(HEX.parseHex("0a")); // a tag without its length
        malformed(HEX.parseHex("0aff")); // a length cut short
        malformed(HEX.parseHex("00")); // field number 0
        malformed(HEX.parseHex("0f")); // wire type 7
        malformed(varintField(1, 5)); // wantlist as a varint
        malformed(varintField(3, 5)); // payload as a varint
        malformed(field(5, new byte[] {1})); // pendingBytes as bytes
        malformed(field(1, varintField(1, 5))); // an entry as a varint
        malformed(field(3, varintField(2, 5))); // block data as a varint
        malformed(HEX.parseHex("1b1c")); // a group where payload is
        malformed(HEX.parseHex("7b7c")); // a group of an unknown field
        malformed(concat(body(DONT_HAVE_FRAME), HEX.parseHex("0c"), body(BLOCK_FRAME))); // a stray end-group tag
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** A message with every field, as 1.1.0 and 1.2.0 carry it. */
    static BitswapMessage rich() {
        Block raw = Block.raw("one".getBytes(StandardCharsets.US_ASCII));
        Block v0 = new Block(LEAF, LEAF_DATA);
        return new BitswapMessage(List.of(WantlistEntry.wantBlock(HELLO, 7, true),
                WantlistEntry.wantHave(LEAF, 1 << 30, false), WantlistEntry.wantBlock(raw.cid(), -3, false),
                WantlistEntry.cancel(Block.raw(new byte[0]).cid())), true, List.of(raw, v0),
                List.of(BlockPresence.have(HELLO), BlockPresence.dontHave(LEAF)), 1 << 20);
    }

    /** A SPEC-NOTES frame without its one-byte length prefix (which is checked). */
    private static byte[] body(String frameHex) {
        byte[] frame = HEX.parseHex(frameHex);
        Varint.Decoded length = Varint.decode(frame, 0);
        assertEquals(frame.length - length.length(), length.value());
        return Arrays.copyOfRange(frame, length.length(), frame.length);
    }

    private static BitswapMessage decode(byte[] wire) throws MalformedMessageException {
        return BitswapCodec.decode(ByteBuffer.wrap(wire));
    }

    private static MalformedMessageException malformed(byte[] wire) {
        return assertThrows(MalformedMessageException.class, () -> decode(wire), HEX.formatHex(wire, 0,
                Math.min(wire.length, 64)));
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
