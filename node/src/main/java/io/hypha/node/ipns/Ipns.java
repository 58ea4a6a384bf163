package io.hypha.node.ipns;

import io.hypha.crypto.PrivateKey;
import io.hypha.crypto.PublicKey;
import io.hypha.peer.PeerId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Creating IPNS records (ipfs/specs {@code src/ipns/ipns-record.md}, "Record Creation"), and the constants of the
 * spec a publisher and a resolver share.
 */
public final class Ipns {
    /** The DHT key namespace of IPNS records: keys are {@code /ipns/} ‖ peer id bytes ("Routing Record"). */
    public static final String NAMESPACE = "ipns";
    /** What a publisher should use as the TTL when it has no reason to pick another (spec: 5 minutes). */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    /**
     * How long a published record should live (boxo {@code DefaultRecordLifetime}): DHT peers keep records 48
     * hours, so a longer end of life buys nothing there ("Validity").
     */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(48);

    private static final byte[] SIGNATURE_V2_PREFIX = "ipns-signature:".getBytes(StandardCharsets.US_ASCII);
    /**
     * What the V1 signature appends after value and validity: Go formats the {@code ValidityType} enum with
     * {@code fmt}, which prints its name, so boxo (and every V1 verifier) signs the letters {@code EOL}.
     */
    private static final byte[] SIGNATURE_V1_VALIDITY_TYPE = "EOL".getBytes(StandardCharsets.US_ASCII);

    private Ipns() {}

    /**
     * A record for {@code value} signed by {@code key}, with the legacy V1 fields and {@code signatureV1} as well
     * as {@code signatureV2}: boxo still writes V1+V2 records by default ({@code WithV1Compatibility(true)}), so
     * that software older than V2 verification can resolve the name. {@code pubKey} is included only when the
     * key cannot be inlined in its peer id (RSA, ECDSA).
     *
     * @param value a content path, {@code /ipfs/<cid>} or {@code /ipns/<name>}
     * @param sequence at least 0; higher than the sequence of the name's previous record
     * @param validity the end of life, in the years 0 to 9999
     * @param ttl how long resolvers may cache the record; not negative
     * @throws IllegalArgumentException if an argument is out of range or the record would exceed
     *     {@link IpnsRecord#MAX_RECORD_BYTES}
     */
    public static IpnsRecord create(PrivateKey key, String value, long sequence, Instant validity, Duration ttl) {
        return create(key, value, sequence, validity, ttl, true);
    }

    /**
     * As {@link #create}, without the legacy V1 fields and signature: the record the spec's "Record Creation"
     * describes, smaller, but not resolvable by software from before V2 signatures (go-ipfs before 0.9).
     */
    public static IpnsRecord createV2Only(PrivateKey key, String value, long sequence, Instant validity,
            Duration ttl) {
        return create(key, value, sequence, validity, ttl, false);
    }

    private static IpnsRecord create(PrivateKey key, String value, long sequence, Instant validity, Duration ttl,
            boolean withV1) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(ttl, "ttl");
        if (!value.startsWith("/")) {
            throw new IllegalArgumentException("IPNS value \"" + value
                    + "\" is not a content path (/ipfs/..., /ipns/...)");
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("IPNS sequence " + sequence + " is negative");
        }
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("IPNS ttl " + ttl + " is negative");
        }
        long ttlNanos;
        try {
            ttlNanos = ttl.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("IPNS ttl " + ttl + " does not fit in 64 bits of nanoseconds", e);
        }
        byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] validityBytes = IpnsData.formatValidity(validity);
        // spec, "Record Creation" steps 2 and 3: the five fields as canonical DAG-CBOR
        byte[] data = new IpnsData(valueBytes, validityBytes, sequence, ttlNanos).encode();
        // step 5: sign "ipns-signature:" ‖ data
        byte[] signatureV2 = key.sign(signedBytesV2(data));
        byte[] signatureV1 = new byte[0];
        if (withV1) {
            // "Record Creation with Legacy SignatureV1" step 6: value ‖ validity ‖ validity type
            signatureV1 = key.sign(concat(valueBytes, validityBytes, SIGNATURE_V1_VALIDITY_TYPE));
        }
        // step 4: the key goes in the record only when the name cannot carry it
        PublicKey publicKey = key.publicKey();
        Optional<PublicKey> embedded = PeerId.fromPublicKey(publicKey).extractPublicKey().isPresent()
                ? Optional.empty() : Optional.of(publicKey);
        // validity is the signed one, read back: the text keeps nanoseconds, so nothing is lost
        IpnsRecord record = new IpnsRecord(new IpnsData(valueBytes, validityBytes, sequence, ttlNanos).valuePath(),
                sequence, IpnsData.parseValidity(validityBytes), Duration.ofNanos(ttlNanos), embedded, signatureV1,
                signatureV2, data);
        // step 6: the whole record within the size limit
        int size = record.encode().length;
        if (size > IpnsRecord.MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("IPNS record of " + size + " bytes exceeds the limit of "
                    + IpnsRecord.MAX_RECORD_BYTES);
        }
        return record;
    }

    /** {@code "ipns-signature:" ‖ data}: the bytes {@code signatureV2} signs. */
    static byte[] signedBytesV2(byte[] data) {
        return concat(SIGNATURE_V2_PREFIX, data);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
