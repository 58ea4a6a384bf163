package io.hypha.node.ipns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.node.ipns.internal.IpnsProto.IpnsEntry;
import io.hypha.protocol.kad.store.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Creating records: what {@link Ipns#create} writes, and that it verifies for every key type. */
class IpnsTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Instant EOL = NOW.plus(Ipns.DEFAULT_LIFETIME);
    static final String VALUE = "/ipfs/bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4";

    /** One key of each type, shared by the IPNS tests (RSA generation takes a while). */
    private static final Map<KeyType, PrivateKey> KEYS = new EnumMap<>(KeyType.class);

    static {
        for (KeyType type : KeyType.values()) {
            KEYS.put(type, PrivateKey.generate(type));
        }
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void createdRecordsVerifyForEveryKeyType(KeyType type) throws InvalidRecordException {
        PrivateKey key = KEYS.get(type);
        IpnsName name = IpnsName.of(key.publicKey());
        IpnsRecord created = Ipns.create(key, VALUE, 7, EOL, Ipns.DEFAULT_TTL);
        byte[] wire = created.encode();

        IpnsRecord verified = new IpnsValidator(CLOCK).verify(name, wire);
        assertEquals(created, verified);
        assertEquals(VALUE, verified.value());
        assertEquals(7, verified.sequence());
        assertEquals(EOL, verified.validity());
        assertEquals(Ipns.DEFAULT_TTL, verified.ttl());
        new IpnsValidator(CLOCK).validate(name.routingKey(), wire);
    }

    /** Spec, "Record Creation" step 4: the key travels in the record only when the name cannot inline it. */
    @ParameterizedTest
    @EnumSource(KeyType.class)
    void publicKeyIsEmbeddedOnlyWhenTheNameCannotCarryIt(KeyType type) throws InvalidRecordException {
        PrivateKey key = KEYS.get(type);
        IpnsRecord record = IpnsRecord.parse(Ipns.create(key, VALUE, 0, EOL, Duration.ZERO).encode());
        boolean hashed = type == KeyType.RSA || type == KeyType.ECDSA;
        assertEquals(hashed, record.publicKey().isPresent(), type.toString());
        record.publicKey().ifPresent(k -> assertEquals(key.publicKey(), k));
    }

    /** boxo's default: V1 copies of the signed fields plus signatureV1, next to data and signatureV2. */
    @Test
    void createWritesTheLegacyV1FieldsAsBoxoDoes() throws Exception {
        PrivateKey key = KEYS.get(KeyType.ED25519);
        Instant eol = Instant.parse("2030-05-06T07:08:09.120Z");
        IpnsRecord record = Ipns.create(key, VALUE, 3, eol, Duration.ofSeconds(90));
        IpnsEntry entry = IpnsEntry.parseFrom(record.encode());

        assertEquals(VALUE, entry.getValue().toStringUtf8());
        assertEquals("2030-05-06T07:08:09.12Z", entry.getValidity().toStringUtf8());
        assertTrue(entry.hasValidityType());
        assertEquals(IpnsEntry.ValidityType.EOL, entry.getValidityType());
        assertEquals(3, entry.getSequence());
        assertEquals(90_000_000_000L, entry.getTtl());
        assertFalse(entry.hasPubKey());
        byte[] v1Signed = (VALUE + "2030-05-06T07:08:09.12ZEOL").getBytes(StandardCharsets.UTF_8);
        assertTrue(key.publicKey().verify(v1Signed, entry.getSignatureV1().toByteArray()));
        assertTrue(key.publicKey().verify(record.signedBytesV2(), entry.getSignatureV2().toByteArray()));
    }

    @Test
    void createV2OnlyWritesDataSignatureAndNothingElse() throws Exception {
        PrivateKey key = KEYS.get(KeyType.ED25519);
        IpnsRecord record = Ipns.createV2Only(key, VALUE, 1, EOL, Ipns.DEFAULT_TTL);
        IpnsEntry entry = IpnsEntry.parseFrom(record.encode());
        assertFalse(entry.hasValue() || entry.hasSignatureV1() || entry.hasValidity() || entry.hasValidityType()
                || entry.hasSequence() || entry.hasTtl() || entry.hasPubKey());
        assertTrue(entry.hasSignatureV2() && entry.hasData());
        assertEquals(0, record.signatureV1().length);
        new IpnsValidator(CLOCK).verify(IpnsName.of(key.publicKey()), record.encode());
    }

    /** The signed document: five keys in DAG-CBOR order (length, then bytewise), Value and Validity as bytes. */
    @Test
    void dataIsTheCanonicalFiveFieldDocument() {
        IpnsRecord record = Ipns.create(KEYS.get(KeyType.ED25519), "/ipfs/bafkqaaa", 1,
                Instant.parse("2030-01-01T00:00:00Z"), Duration.ofNanos(2));
        String expected = "a5" + "63" + hex("TTL") + "02"
                + "65" + hex("Value") + "4e" + hex("/ipfs/bafkqaaa")
                + "68" + hex("Sequence") + "01"
                + "68" + hex("Validity") + "54" + hex("2030-01-01T00:00:00Z")
                + "6c" + hex("ValidityType") + "00";
        assertEquals(expected, HexFormat.of().formatHex(record.data()));
        assertArrayEquals(("ipns-signature:").getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOf(record.signedBytesV2(), 15));
    }

    @Test
    void validityKeepsNanosecondsAndTrimsTrailingZeros() {
        assertEquals("2123-08-14T12:17:03.694052Z", ascii(IpnsData.formatValidity(
                Instant.parse("2123-08-14T12:17:03.694052000Z"))));
        assertEquals("2030-01-01T00:00:00.000000001Z", ascii(IpnsData.formatValidity(
                Instant.parse("2030-01-01T00:00:00.000000001Z"))));
        assertEquals("2030-01-01T00:00:00Z", ascii(IpnsData.formatValidity(Instant.parse("2030-01-01T00:00:00Z"))));
        Instant odd = Instant.parse("2031-02-03T04:05:06.789012345Z");
        assertEquals(odd, IpnsData.parseValidity(IpnsData.formatValidity(odd)));
        // Go reads other offsets too; the instant is what counts
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"),
                IpnsData.parseValidity("2030-01-01T02:00:00+02:00".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class,
                () -> IpnsData.parseValidity("2030-01-01T00:00Z".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class,
                () -> IpnsData.parseValidity("2030-02-30T00:00:00Z".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void createRefusesWhatCannotBeARecord() {
        PrivateKey key = KEYS.get(KeyType.ED25519);
        assertThrows(IllegalArgumentException.class, () -> Ipns.create(key, "bafkqaaa", 0, EOL, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Ipns.create(key, VALUE, -1, EOL, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Ipns.create(key, VALUE, 0, EOL, Duration.ofNanos(-1)));
        assertThrows(IllegalArgumentException.class,
                () -> Ipns.create(key, VALUE, 0, Instant.parse("+10000-01-01T00:00:00Z"), Duration.ZERO));
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> Ipns.create(key, "/ipfs/" + "a".repeat(IpnsRecord.MAX_RECORD_BYTES), 0, EOL, Duration.ZERO));
        assertTrue(big.getMessage().contains("exceeds"), big.getMessage());
    }

    @Test
    void largestSequenceAndTtlRoundTrip() throws InvalidRecordException {
        PrivateKey key = KEYS.get(KeyType.SECP256K1);
        Duration longest = Duration.ofNanos(Long.MAX_VALUE);
        IpnsRecord record = Ipns.create(key, VALUE, Long.MAX_VALUE, EOL, longest);
        IpnsRecord read = new IpnsValidator(CLOCK).verify(IpnsName.of(key.publicKey()), record.encode());
        assertEquals(Long.MAX_VALUE, read.sequence());
        assertEquals(longest, read.ttl());
    }

    static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    static PrivateKey key(KeyType type) {
        return KEYS.get(type);
    }
}
