package io.hypha.node.ipns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.crypto.PublicKey;
import io.hypha.node.TestVectors;
import io.hypha.protocol.kad.store.InvalidRecordException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The spec's IPNS test vectors (ipfs/specs {@code src/ipns/ipns-record.md}, "Test Vectors"; the gateway-conformance
 * fixtures in {@code ipns/} of the shared vectors, skipped when absent). Each file is named
 * {@code <name>_<case>.ipns-record}; the case says whether the record must verify. They are valid until 2123.
 */
class IpnsConformanceTest {
    private static final Clock BEFORE_EOL = Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Clock AFTER_EOL = Clock.fixed(Instant.parse("2124-01-01T00:00:00Z"), ZoneOffset.UTC);

    /** The value of each valid case (spec's list). */
    private static final Map<String, String> VALID = Map.of(
            "v1-v2", "/ipfs/bafkqaddwgevxmmraojswg33smq",
            "v1-v2-broken-signature-v1", "/ipfs/bafkqahtwgevxmmrao5uxi2bamjzg623fnyqhg2lhnzqxi5lsmuqhmmi",
            "v2", "/ipfs/bafkqadtwgiww63tmpeqhezldn5zgi");
    /** Why each invalid case fails: V1-only has no data, the others fail the V1 copy check or signatureV2. */
    private static final Map<String, String> INVALID = Map.of(
            "v1", "no data field",
            "v1-v2-broken-v1-value", "V1 field value does not match",
            "v1-v2-broken-signature-v2", "signatureV2 does not verify");

    record Vector(String name, String kase, byte[] bytes) {
        boolean valid() {
            return VALID.containsKey(kase);
        }

        @Override
        public String toString() {
            return kase;
        }
    }

    static List<Vector> vectors() {
        try (Stream<Path> files = Files.list(TestVectors.dir("ipns"))) {
            List<Vector> out = files.filter(p -> p.toString().endsWith(".ipns-record")).sorted().map(p -> {
                String file = p.getFileName().toString();
                String stem = file.substring(0, file.length() - ".ipns-record".length());
                int cut = stem.indexOf('_');
                try {
                    return new Vector(stem.substring(0, cut), stem.substring(cut + 1), Files.readAllBytes(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyCaseOfTheSpecIsPresent() {
        Set<String> cases = new HashSet<>(VALID.keySet());
        cases.addAll(INVALID.keySet());
        assertEquals(cases, vectors().stream().map(Vector::kase).collect(Collectors.toSet()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void verifiesAsTheSpecSays(Vector v) throws InvalidRecordException {
        IpnsName name = IpnsName.parse(v.name());
        IpnsValidator validator = new IpnsValidator(BEFORE_EOL);
        if (v.valid()) {
            validator.validate(name.routingKey(), v.bytes());
            IpnsRecord record = validator.verify(name, v.bytes());
            assertEquals(VALID.get(v.kase()), record.value());
            assertEquals(0, record.sequence());
            assertEquals(Instant.parse("2123-08-14T12:17:03.694052Z"), record.validity());
        } else {
            InvalidRecordException e = assertThrows(InvalidRecordException.class,
                    () -> validator.validate(name.routingKey(), v.bytes()));
            assertTrue(e.getMessage().contains(INVALID.get(v.kase())), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void aValidRecordIsInvalidOnceExpired(Vector v) {
        IpnsName name = IpnsName.parse(v.name());
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> new IpnsValidator(AFTER_EOL).validate(name.routingKey(), v.bytes()));
        if (v.valid()) {
            assertTrue(e.getMessage().contains("expired"), e.getMessage());
        }
    }

    /** The file names are the base36 form the spec recommends: formatting a parsed name gives them back. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void namesFormatBackToTheirBase36Text(Vector v) {
        IpnsName name = IpnsName.parse(v.name());
        assertEquals(v.name(), name.toString());
        assertEquals(name, IpnsName.parse(name.peerId().toBase58()));
        assertEquals(name, IpnsName.fromRoutingKey(name.routingKey()));
    }

    /** A parsed record encodes to the same bytes, and its data re-encodes canonically to the signed bytes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void validRecordsReencodeToTheirOwnBytes(Vector v) throws InvalidRecordException {
        if (!v.valid()) {
            return;
        }
        IpnsRecord record = IpnsRecord.parse(v.bytes());
        assertArrayEquals(v.bytes(), record.encode());
        assertArrayEquals(record.data(), IpnsData.decode(record.data()).encode());
    }

    /**
     * The V1 signature of the fully valid V1+V2 vector signs value ‖ validity ‖ "EOL" (the enum's name, as Go
     * prints it), which is what {@link Ipns#create} signs; the digit "0" would not verify.
     */
    @Test
    void legacySignatureSignsTheValidityTypeByName() throws InvalidRecordException {
        Vector v = vectors().stream().filter(x -> x.kase().equals("v1-v2")).findFirst().orElseThrow();
        IpnsRecord record = IpnsRecord.parse(v.bytes());
        PublicKey key = IpnsName.parse(v.name()).peerId().extractPublicKey().orElseThrow();
        byte[] value = record.value().getBytes(StandardCharsets.UTF_8);
        byte[] validity = "2123-08-14T12:17:03.694052Z".getBytes(StandardCharsets.US_ASCII);
        assertTrue(key.verify(concat(value, validity, "EOL".getBytes(StandardCharsets.US_ASCII)),
                record.signatureV1()));
        assertFalse(key.verify(concat(value, validity, "0".getBytes(StandardCharsets.US_ASCII)),
                record.signatureV1()));
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] out = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }
}
