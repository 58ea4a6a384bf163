package io.hypha.node.ipns;

import static io.hypha.node.ipns.IpnsTest.CLOCK;
import static io.hypha.node.ipns.IpnsTest.EOL;
import static io.hypha.node.ipns.IpnsTest.NOW;
import static io.hypha.node.ipns.IpnsTest.VALUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.node.ipld.DagCbor;
import io.hypha.node.ipld.Ipld;
import io.hypha.node.ipns.internal.IpnsProto.IpnsEntry;
import io.hypha.protocol.kad.store.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** What {@link IpnsValidator} refuses, with which words, and how it orders valid records. */
class IpnsValidatorTest {
    /** The spec's V2-only vector ({@code k51qzi5uqu5dit2ku9mutlfgwyz8u730on38kd10m97m36bjt66my99hb6103f_v2}). */
    private static final String V2_NAME = "k51qzi5uqu5dit2ku9mutlfgwyz8u730on38kd10m97m36bjt66my99hb6103f";
    private static final byte[] V2_RECORD = HexFormat.of().parseHex("42406a7698585e2b170709d4947e148b18b120d76db435"
            + "15edacf290df96b71e29c0ca5a16510256814f8255532ec4549ade26f4ca8335f4c41e2cfffeb1ba0aa5014a78a56354544c1b"
            + "000001a3185c50006556616c756558242f697066732f6261666b7161647477676977773633746d70657168657a6c646e357a67"
            + "696853657175656e6365006856616c6964697479581b323132332d30382d31345431323a31373a30332e3639343035325a6c56"
            + "616c69646974795479706500");

    private final IpnsValidator validator = new IpnsValidator(CLOCK);
    private final PrivateKey ed25519 = IpnsTest.key(KeyType.ED25519);
    private final IpnsName name = IpnsName.of(ed25519.publicKey());

    @Test
    void embeddedSpecVectorVerifies() throws InvalidRecordException {
        IpnsRecord record = validator.verify(IpnsName.parse(V2_NAME), V2_RECORD);
        assertEquals("/ipfs/bafkqadtwgiww63tmpeqhezldn5zgi", record.value());
        assertEquals(Duration.ofMinutes(30), record.ttl());
    }

    @Test
    void forgedValueFailsTheSignature() throws Exception {
        IpnsRecord record = Ipns.create(ed25519, VALUE, 1, EOL, Ipns.DEFAULT_TTL);
        byte[] otherData = new IpnsData("/ipfs/bafkqaaa".getBytes(StandardCharsets.UTF_8),
                IpnsData.formatValidity(EOL), 1, Ipns.DEFAULT_TTL.toNanos()).encode();
        byte[] forged = IpnsEntry.parseFrom(record.encode()).toBuilder()
                .setValue(ByteString.copyFromUtf8("/ipfs/bafkqaaa")).setData(ByteString.copyFrom(otherData))
                .build().toByteArray();
        assertInvalid("signatureV2 does not verify", () -> validator.validate(name.routingKey(), forged));
    }

    @Test
    void forgedV1ValueAloneIsAMismatch() throws Exception {
        IpnsRecord record = Ipns.create(ed25519, VALUE, 1, EOL, Ipns.DEFAULT_TTL);
        byte[] forged = IpnsEntry.parseFrom(record.encode()).toBuilder()
                .setValue(ByteString.copyFromUtf8("/ipfs/bafkqaaa")).build().toByteArray();
        assertInvalid("V1 field value does not match", () -> validator.validate(name.routingKey(), forged));
        byte[] otherSequence = IpnsEntry.parseFrom(record.encode()).toBuilder().setSequence(2).build().toByteArray();
        assertInvalid("V1 field sequence does not match", () -> validator.validate(name.routingKey(), otherSequence));
    }

    @Test
    void expiredRecordIsInvalid() {
        byte[] record = Ipns.create(ed25519, VALUE, 1, NOW.plusSeconds(60), Ipns.DEFAULT_TTL).encode();
        IpnsValidator later = new IpnsValidator(Clock.fixed(NOW.plusSeconds(61), ZoneOffset.UTC));
        assertInvalid("expired at " + NOW.plusSeconds(60), () -> later.validate(name.routingKey(), record));
        // the spec wants the end of life later than now: at the very instant it is already over
        IpnsValidator atEol = new IpnsValidator(Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
        assertInvalid("expired", () -> atEol.validate(name.routingKey(), record));
    }

    @Test
    void recordSignedByAnotherKeyIsInvalid() {
        PrivateKey other = PrivateKey.generate(KeyType.ED25519);
        byte[] record = Ipns.create(other, VALUE, 1, EOL, Ipns.DEFAULT_TTL).encode();
        assertInvalid("signatureV2 does not verify", () -> validator.validate(name.routingKey(), record));
    }

    /** An RSA record carries its key; a record for another name cannot pass with its own key. */
    @Test
    void embeddedKeyOfAnotherPeerIsInvalid() {
        PrivateKey rsa = IpnsTest.key(KeyType.RSA);
        byte[] record = Ipns.create(rsa, VALUE, 1, EOL, Ipns.DEFAULT_TTL).encode();
        PrivateKey ecdsa = IpnsTest.key(KeyType.ECDSA);
        IpnsName ecdsaName = IpnsName.of(ecdsa.publicKey());
        assertInvalid("carries the public key of", () -> validator.validate(ecdsaName.routingKey(), record));
        // and a matching pubKey on an inlined name is still checked against the name
        assertInvalid("carries the public key of", () -> validator.validate(name.routingKey(), record));
    }

    @Test
    void hashedNameWithoutPubKeyIsInvalid() throws Exception {
        PrivateKey rsa = IpnsTest.key(KeyType.RSA);
        byte[] stripped = IpnsEntry.parseFrom(Ipns.create(rsa, VALUE, 1, EOL, Ipns.DEFAULT_TTL).encode()).toBuilder()
                .clearPubKey().build().toByteArray();
        assertInvalid("does not inline its key",
                () -> validator.validate(IpnsName.of(rsa.publicKey()).routingKey(), stripped));
    }

    @Test
    void oversizedRecordIsInvalidBeforeParsing() {
        byte[] big = new byte[IpnsRecord.MAX_RECORD_BYTES + 1];
        assertInvalid("exceeds the limit of 10240", () -> validator.validate(name.routingKey(), big));
    }

    @Test
    void recordWithoutSignatureV2IsInvalid() throws Exception {
        byte[] noV2 = IpnsEntry.parseFrom(Ipns.create(ed25519, VALUE, 1, EOL, Ipns.DEFAULT_TTL).encode()).toBuilder()
                .clearSignatureV2().build().toByteArray();
        assertInvalid("no signatureV2", () -> validator.validate(name.routingKey(), noV2));
    }

    @Test
    void malformedDataIsInvalidEvenWhenSigned() {
        byte[] key = name.routingKey();
        assertInvalid("not valid DAG-CBOR", () -> validator.validate(key, signed(new byte[] {(byte) 0xff, 0})));
        assertInvalid("not valid DAG-CBOR", () -> validator.validate(key, signed(new byte[] {(byte) 0xa5})));
        assertInvalid("not a map", () -> validator.validate(name.routingKey(), signed(new byte[] {0x01})));
        // keys out of canonical order: the strict decoder refuses what no canonical encoder writes
        byte[] unordered = HexFormat.of().parseHex(
                "a2" + "65" + IpnsTest.hex("Value") + "40" + "63" + IpnsTest.hex("TTL") + "00");
        assertInvalid("canonical order", () -> validator.validate(name.routingKey(), signed(unordered)));
        Map<String, Ipld> fields = fields(VALUE, 1, 5);
        fields.remove(IpnsData.KEY_TTL);
        assertInvalid("no TTL field", () -> validator.validate(name.routingKey(), signed(cbor(fields))));
        Map<String, Ipld> stringValue = fields(VALUE, 1, 5);
        stringValue.put(IpnsData.KEY_VALUE, new Ipld.StringNode(VALUE));
        assertInvalid("data[Value] is a string, not bytes",
                () -> validator.validate(name.routingKey(), signed(cbor(stringValue))));
        Map<String, Ipld> negative = fields(VALUE, -1, 5);
        assertInvalid("data[Sequence] is -1", () -> validator.validate(name.routingKey(), signed(cbor(negative))));
    }

    @Test
    void onlyTheEolValidityTypeIsAccepted() {
        Map<String, Ipld> fields = fields(VALUE, 1, 5);
        fields.put(IpnsData.KEY_VALIDITY_TYPE, Ipld.IntNode.of(1));
        assertInvalid("only 0 (EOL)", () -> validator.validate(name.routingKey(), signed(cbor(fields))));
    }

    /** Extra keys in data are signed along and otherwise ignored (spec, "Extensible Data"). */
    @Test
    void extraDataKeysAreIgnored() throws InvalidRecordException {
        Map<String, Ipld> fields = fields(VALUE, 4, 5);
        fields.put("_custom", new Ipld.StringNode("hello"));
        IpnsRecord record = validator.verify(name, signed(cbor(fields)));
        assertEquals(4, record.sequence());
        assertEquals(VALUE, record.value());
    }

    @Test
    void garbageProtobufAndWrongKeysAreInvalid() {
        byte[] key = name.routingKey();
        assertInvalid("IPNS record", () -> validator.validate(key, new byte[] {(byte) 0xff, (byte) 0xff}));
        assertInvalid("no data field", () -> validator.validate(name.routingKey(), new byte[0]));
        byte[] record = Ipns.create(ed25519, VALUE, 1, EOL, Ipns.DEFAULT_TTL).encode();
        byte[] pk = "/pk/abc".getBytes(StandardCharsets.US_ASCII);
        assertInvalid("not an IPNS key", () -> validator.validate(pk, record));
        byte[] truncated = Arrays.copyOf(name.routingKey(), name.routingKey().length - 1);
        assertInvalid("not an IPNS key", () -> validator.validate(truncated, record));
    }

    @Test
    void selectPrefersSignatureV2ThenSequenceThenValidity() throws Exception {
        byte[] seq1 = Ipns.create(ed25519, VALUE, 1, EOL, Ipns.DEFAULT_TTL).encode();
        byte[] seq2 = Ipns.create(ed25519, VALUE, 2, EOL, Ipns.DEFAULT_TTL).encode();
        byte[] seq2Later = Ipns.create(ed25519, VALUE, 2, EOL.plusSeconds(1), Ipns.DEFAULT_TTL).encode();
        byte[] seq9NoV2 = IpnsEntry.parseFrom(Ipns.create(ed25519, VALUE, 9, EOL.plusSeconds(9), Ipns.DEFAULT_TTL)
                .encode()).toBuilder().clearSignatureV2().build().toByteArray();
        byte[] key = name.routingKey();

        assertEquals(1, validator.select(key, List.of(seq1, seq2)));
        assertEquals(0, validator.select(key, List.of(seq2, seq1)));
        assertEquals(2, validator.select(key, List.of(seq1, seq2, seq2Later)));
        assertEquals(1, validator.select(key, List.of(seq2, seq2Later, seq2)));
        assertEquals(1, validator.select(key, List.of(seq9NoV2, seq1)));
        assertEquals(0, validator.select(key, List.of(seq9NoV2)));
    }

    @Test
    void selectBreaksTiesByPositionAndRanksUnparseableLast() {
        byte[] a = Ipns.create(ed25519, VALUE, 3, EOL, Ipns.DEFAULT_TTL).encode();
        byte[] b = Ipns.create(ed25519, "/ipfs/bafkqaaa", 3, EOL, Ipns.DEFAULT_TTL).encode();
        byte[] key = name.routingKey();
        assertEquals(0, validator.select(key, List.of(a, b)));
        assertEquals(0, validator.select(key, List.of(b, a)));
        assertEquals(1, validator.select(key, List.of(new byte[] {1, 2, 3}, a)));
        assertEquals(0, validator.select(key, List.of(new byte[] {1, 2, 3})));
    }

    /**
     * Hostile input: seeded random corruptions (flipped, dropped, inserted and truncated bytes) of V1+V2 records,
     * one that inlines its key and one that carries it, end in a valid record or an InvalidRecordException, never
     * in another exception from the protobuf, CBOR, key or CID parsers underneath.
     */
    @Test
    void corruptedRecordsFailOnlyWithInvalidRecordException() {
        Random random = new Random(0x1985);
        PrivateKey rsa = IpnsTest.key(KeyType.RSA);
        List<PrivateKey> keys = List.of(ed25519, rsa);
        int valid = 0;
        for (PrivateKey key : keys) {
            byte[] routingKey = IpnsName.of(key.publicKey()).routingKey();
            byte[] original = Ipns.create(key, VALUE, 5, EOL, Ipns.DEFAULT_TTL).encode();
            for (int round = 0; round < 3000; round++) {
                byte[] mutated = mutate(original, random);
                try {
                    validator.validate(routingKey, mutated);
                    validator.select(routingKey, List.of(mutated, original));
                    valid++;
                } catch (InvalidRecordException expected) {
                    // refused, as it should be unless the corruption hit nothing signed or checked
                }
            }
        }
        assertTrue(valid < 6000, "some corruptions must be refused");
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && b.length > 0; i++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(4)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = (byte) random.nextInt(256);
                case 2 -> {
                    byte[] shorter = new byte[b.length - 1];
                    System.arraycopy(b, 0, shorter, 0, at);
                    System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
                    b = shorter;
                }
                default -> b = Arrays.copyOf(b, at);
            }
        }
        return b;
    }

    private static Map<String, Ipld> fields(String value, long sequence, long ttl) {
        Map<String, Ipld> fields = new LinkedHashMap<>();
        fields.put(IpnsData.KEY_VALUE, new Ipld.BytesNode(value.getBytes(StandardCharsets.UTF_8)));
        fields.put(IpnsData.KEY_VALIDITY, new Ipld.BytesNode(IpnsData.formatValidity(EOL)));
        fields.put(IpnsData.KEY_VALIDITY_TYPE, Ipld.IntNode.of(0));
        fields.put(IpnsData.KEY_SEQUENCE, Ipld.IntNode.of(sequence));
        fields.put(IpnsData.KEY_TTL, Ipld.IntNode.of(ttl));
        return fields;
    }

    private static byte[] cbor(Map<String, Ipld> fields) {
        return DagCbor.encode(new Ipld.MapNode(fields));
    }

    /** A V2-only record with {@code data} as given, correctly signed by the test's Ed25519 key. */
    private byte[] signed(byte[] data) {
        return IpnsEntry.newBuilder().setData(ByteString.copyFrom(data))
                .setSignatureV2(ByteString.copyFrom(ed25519.sign(Ipns.signedBytesV2(data)))).build().toByteArray();
    }

    private static void assertInvalid(String words, Executable check) {
        InvalidRecordException e = assertThrows(InvalidRecordException.class, check);
        assertTrue(e.getMessage().contains(words), "\"" + e.getMessage() + "\" should say \"" + words + "\"");
    }
}
