package io.hypha.node.ipns;

import io.hypha.multiformats.Cid;
import io.hypha.multiformats.MultiformatException;
import io.hypha.node.ipld.DagCbor;
import io.hypha.node.ipld.Ipld;
import io.hypha.node.ipld.IpldCodecException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signed part of a record, {@code IpnsEntry.data}: a DAG-CBOR map whose keys {@code Value}, {@code Validity},
 * {@code ValidityType}, {@code Sequence} and {@code TTL} the spec requires ("Record Fields"); other keys are
 * ignored, as the spec says ("Extensible Data"). {@code value} and {@code validity} are the raw byte strings, as
 * signed and as the V1 copies must repeat them.
 *
 * <p>Sequence and TTL are read as non-negative 64-bit signed numbers: the spec calls them uint64, but boxo
 * writes them as int64 (a sequence past 2^63 - 1 would become a negative CBOR integer), so nothing larger is
 * interoperable anyway.
 */
record IpnsData(byte[] value, byte[] validity, long sequence, long ttlNanos) {
    static final String KEY_VALUE = "Value";
    static final String KEY_VALIDITY = "Validity";
    static final String KEY_VALIDITY_TYPE = "ValidityType";
    static final String KEY_SEQUENCE = "Sequence";
    static final String KEY_TTL = "TTL";
    /** The only validity type the spec defines: {@code Validity} is an end of life ("Validity Type"). */
    static final int VALIDITY_TYPE_EOL = 0;
    /**
     * Longest {@code Validity} read: an RFC 3339 time with nanoseconds and an offset is 35 characters; a little
     * room, no more, so a hostile record cannot make the time parser work on kilobytes.
     */
    static final int MAX_VALIDITY_BYTES = 64;
    /** What an empty value means (boxo {@code NoopValue}): the identity CID of zero bytes. */
    static final String EMPTY_VALUE = "/ipfs/bafkqaaa";

    /** RFC 3339 as Go's {@code time.RFC3339Nano} reads it: seconds required, fraction of 1 to 9 digits optional. */
    private static final DateTimeFormatter RFC3339 = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter RFC3339_SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int MAX_FORMATTED_YEAR = 9999;

    IpnsData {
        value = value.clone();
        validity = validity.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public byte[] validity() {
        return validity.clone();
    }

    /**
     * Reads {@code IpnsEntry.data} strictly (canonical DAG-CBOR, the five fields present with their kinds).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static IpnsData decode(byte[] cbor) {
        Ipld root;
        try {
            root = DagCbor.decode(cbor);
        } catch (IpldCodecException e) {
            throw new IllegalArgumentException("data is not valid DAG-CBOR: " + e.getMessage(), e);
        }
        if (!(root instanceof Ipld.MapNode map)) {
            throw new IllegalArgumentException("data is a DAG-CBOR " + root.kind() + ", not a map");
        }
        Map<String, Ipld> fields = map.entries();
        byte[] value = bytes(fields, KEY_VALUE);
        byte[] validity = bytes(fields, KEY_VALIDITY);
        long validityType = integer(fields, KEY_VALIDITY_TYPE);
        if (validityType != VALIDITY_TYPE_EOL) {
            throw new IllegalArgumentException("data[ValidityType] is " + validityType + "; only 0 (EOL) is defined");
        }
        return new IpnsData(value, validity, integer(fields, KEY_SEQUENCE), integer(fields, KEY_TTL));
    }

    /** The canonical DAG-CBOR of these five fields, keys in the order the spec shows (length, then bytewise). */
    byte[] encode() {
        Map<String, Ipld> fields = new LinkedHashMap<>();
        fields.put(KEY_VALUE, new Ipld.BytesNode(value));
        fields.put(KEY_VALIDITY, new Ipld.BytesNode(validity));
        fields.put(KEY_VALIDITY_TYPE, Ipld.IntNode.of(VALIDITY_TYPE_EOL));
        fields.put(KEY_SEQUENCE, Ipld.IntNode.of(sequence));
        fields.put(KEY_TTL, Ipld.IntNode.of(ttlNanos));
        return DagCbor.encode(new Ipld.MapNode(fields));
    }

    /**
     * The value as a content path: the bytes themselves when they are a UTF-8 path ({@code /ipfs/...},
     * {@code /ipns/...}), {@code /ipfs/<cid>} for a legacy binary CID, {@value #EMPTY_VALUE} when empty (as boxo's
     * {@code Record.Value} reads them).
     *
     * @throws IllegalArgumentException when the bytes are none of these
     */
    String valuePath() {
        if (value.length == 0) {
            return EMPTY_VALUE;
        }
        if (value[0] == '/') {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("data[Value] is not valid UTF-8", e);
            }
        }
        try {
            return "/ipfs/" + Cid.decode(value);
        } catch (MultiformatException e) {
            throw new IllegalArgumentException("data[Value] is neither a content path nor a binary CID: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The end of life in {@code Validity}.
     *
     * @throws IllegalArgumentException when it is not an RFC 3339 time
     */
    Instant validityInstant() {
        return parseValidity(validity);
    }

    static Instant parseValidity(byte[] validity) {
        if (validity.length > MAX_VALIDITY_BYTES) {
            throw new IllegalArgumentException("data[Validity] of " + validity.length + " bytes exceeds "
                    + MAX_VALIDITY_BYTES);
        }
        String text = new String(validity, StandardCharsets.ISO_8859_1);
        try {
            return OffsetDateTime.parse(text, RFC3339).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("data[Validity] \"" + text + "\" is not an RFC 3339 time", e);
        }
    }

    /**
     * {@code instant} as Go's {@code time.RFC3339Nano} writes it in UTC, which is what boxo signs: the fraction
     * without trailing zeros, none at all on a whole second ({@code 2123-08-14T12:17:03.694052Z}).
     *
     * @throws IllegalArgumentException for a year outside 0 to 9999, which RFC 3339 cannot write
     */
    static byte[] formatValidity(Instant instant) {
        int year = instant.atOffset(ZoneOffset.UTC).getYear();
        if (year < 0 || year > MAX_FORMATTED_YEAR) {
            throw new IllegalArgumentException("validity " + instant + " is outside the years RFC 3339 can write");
        }
        StringBuilder text = new StringBuilder(RFC3339_SECONDS.format(instant));
        int nanos = instant.getNano();
        if (nanos != 0) {
            String fraction = String.format("%09d", nanos);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            text.append('.').append(fraction, 0, end);
        }
        return text.append('Z').toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static Ipld field(Map<String, Ipld> fields, String key) {
        Ipld v = fields.get(key);
        if (v == null) {
            throw new IllegalArgumentException("data has no " + key + " field");
        }
        return v;
    }

    private static byte[] bytes(Map<String, Ipld> fields, String key) {
        if (field(fields, key) instanceof Ipld.BytesNode b) {
            return b.value();
        }
        throw new IllegalArgumentException("data[" + key + "] is a " + fields.get(key).kind() + ", not bytes");
    }

    private static long integer(Map<String, Ipld> fields, String key) {
        if (!(field(fields, key) instanceof Ipld.IntNode i)) {
            throw new IllegalArgumentException("data[" + key + "] is a " + fields.get(key).kind() + ", not an int");
        }
        BigInteger v = i.value();
        if (v.signum() < 0 || v.bitLength() > Long.SIZE - 1) {
            throw new IllegalArgumentException("data[" + key + "] is " + v + ", outside 0 to 2^63 - 1");
        }
        return v.longValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpnsData d && Arrays.equals(value, d.value) && Arrays.equals(validity, d.validity)
                && sequence == d.sequence && ttlNanos == d.ttlNanos;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(value) + Arrays.hashCode(validity)) + Long.hashCode(sequence ^ ttlNanos);
    }

    @Override
    public String toString() {
        return "IpnsData[" + new String(value, StandardCharsets.ISO_8859_1) + ", "
                + new String(validity, StandardCharsets.ISO_8859_1) + ", seq " + sequence + ", ttl " + ttlNanos + "ns]";
    }
}
