package io.hypha.node.ipns;

import com.google.protobuf.ByteString;
import io.hypha.crypto.MalformedKeyException;
import io.hypha.crypto.PublicKey;
import io.hypha.internal.proto.ProtoException;
import io.hypha.internal.proto.ProtoMessages;
import io.hypha.node.ipns.internal.IpnsProto.IpnsEntry;
import io.hypha.protocol.kad.store.InvalidRecordException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An IPNS record (ipfs/specs {@code src/ipns/ipns-record.md}): the {@code IpnsEntry} protobuf, read and written
 * by {@link #parse} and {@link #encode}. Parsing checks the form of a record, not its signature or its age:
 * {@link IpnsValidator} does that.
 *
 * <p>{@code value}, {@code sequence}, {@code validity} and {@code ttl} are what {@code data}, the signed DAG-CBOR
 * document, says (the constructor checks that they agree with it). The legacy V1 copies of those fields are not
 * kept apart: a record whose copies differ from {@code data} does not parse (spec, "Record Verification" step 7),
 * and {@link #encode} writes them back from {@code data} when the record carries a {@code signatureV1}, as boxo
 * writes them. A record that had V1 copies without a V1 signature loses them on re-encoding; nothing reads them.
 *
 * @param value the content path the name points at ({@code /ipfs/bafy...}, {@code /ipns/...})
 * @param sequence the version, higher is newer
 * @param validity the end of life: the record is invalid from this instant on
 * @param ttl how long a resolver may cache the record
 * @param publicKey the signer's key, present when the name's peer id cannot inline it (RSA, ECDSA)
 * @param signatureV1 the legacy signature, empty when absent; never verified (spec)
 * @param signatureV2 the signature over {@code "ipns-signature:" ‖ data}, empty when absent
 * @param data the signed DAG-CBOR document, exactly as received or signed
 */
public record IpnsRecord(String value, long sequence, Instant validity, Duration ttl, Optional<PublicKey> publicKey,
        byte[] signatureV1, byte[] signatureV2, byte[] data) {
    /** Largest serialized record read or written (spec, "Record Size Limit"). */
    public static final int MAX_RECORD_BYTES = 10 * 1024;

    /**
     * Checks the components against {@code data}.
     *
     * @throws IllegalArgumentException if {@code data} is not a well-formed IPNS document or says otherwise
     */
    public IpnsRecord {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(publicKey, "publicKey");
        signatureV1 = signatureV1.clone();
        signatureV2 = signatureV2.clone();
        data = data.clone();
        IpnsData signed = IpnsData.decode(data);
        if (!value.equals(signed.valuePath()) || sequence != signed.sequence()
                || !validity.equals(signed.validityInstant())
                || ttl.compareTo(Duration.ofNanos(signed.ttlNanos())) != 0) {
            throw new IllegalArgumentException("the record's fields do not match its signed data " + signed);
        }
    }

    /**
     * Reads a serialized {@code IpnsEntry}.
     *
     * @throws InvalidRecordException if it is over {@link #MAX_RECORD_BYTES}, not a protobuf, has no
     *     {@code data}, or its {@code data}, public key or V1 copies are malformed or inconsistent
     */
    public static IpnsRecord parse(byte[] bytes) throws InvalidRecordException {
        // spec, "Record Verification" step 1: the size is checked before parsing
        if (bytes.length > MAX_RECORD_BYTES) {
            throw new InvalidRecordException("IPNS record of " + bytes.length + " bytes exceeds the limit of "
                    + MAX_RECORD_BYTES);
        }
        IpnsEntry entry;
        try {
            entry = ProtoMessages.parse(IpnsEntry.parser(), bytes, "IPNS record");
        } catch (ProtoException e) {
            throw new InvalidRecordException(e.getMessage(), e);
        }
        if (entry.getData().isEmpty()) {
            throw new InvalidRecordException("IPNS record has no data field (a V1-only record is not valid)");
        }
        IpnsData signed;
        try {
            signed = IpnsData.decode(entry.getData().toByteArray());
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException("IPNS record: " + e.getMessage(), e);
        }
        if (!entry.getSignatureV1().isEmpty() || !entry.getValue().isEmpty()) {
            checkV1Copies(entry, signed);
        }
        Optional<PublicKey> key = Optional.empty();
        if (!entry.getPubKey().isEmpty()) {
            try {
                key = Optional.of(PublicKey.decode(entry.getPubKey().toByteArray()));
            } catch (MalformedKeyException e) {
                throw new InvalidRecordException("IPNS record: malformed pubKey: " + e.getMessage(), e);
            }
        }
        try {
            return new IpnsRecord(signed.valuePath(), signed.sequence(), signed.validityInstant(),
                    Duration.ofNanos(signed.ttlNanos()), key, entry.getSignatureV1().toByteArray(),
                    entry.getSignatureV2().toByteArray(), entry.getData().toByteArray());
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException("IPNS record: " + e.getMessage(), e);
        }
    }

    /**
     * Spec step 7 (boxo {@code validateCborDataMatchesPbData}): when V1 fields are present, each must equal its
     * signed counterpart; an absent one counts as empty or zero, as in Go.
     */
    private static void checkV1Copies(IpnsEntry entry, IpnsData signed) throws InvalidRecordException {
        String mismatch = null;
        if (!Arrays.equals(entry.getValue().toByteArray(), signed.value())) {
            mismatch = "value";
        } else if (!Arrays.equals(entry.getValidity().toByteArray(), signed.validity())) {
            mismatch = "validity";
        } else if (entry.getValidityType().getNumber() != IpnsData.VALIDITY_TYPE_EOL) {
            mismatch = "validityType";
        } else if (entry.getSequence() != signed.sequence()) {
            mismatch = "sequence";
        } else if (entry.getTtl() != signed.ttlNanos()) {
            mismatch = "ttl";
        }
        if (mismatch != null) {
            throw new InvalidRecordException("IPNS record: V1 field " + mismatch
                    + " does not match the signed data (data, signatureV2)");
        }
    }

    /**
     * The serialized {@code IpnsEntry}, fields in number order as boxo writes them: the V1 copies and
     * {@code signatureV1} when there is a V1 signature, then {@code pubKey}, {@code signatureV2} and {@code data}.
     */
    public byte[] encode() {
        IpnsEntry.Builder b = IpnsEntry.newBuilder();
        if (signatureV1.length > 0) {
            IpnsData signed = IpnsData.decode(data);
            b.setValue(ByteString.copyFrom(signed.value()))
                    .setSignatureV1(ByteString.copyFrom(signatureV1))
                    .setValidityType(IpnsEntry.ValidityType.EOL)
                    .setValidity(ByteString.copyFrom(signed.validity()))
                    .setSequence(signed.sequence())
                    .setTtl(signed.ttlNanos());
        }
        publicKey.ifPresent(k -> b.setPubKey(ByteString.copyFrom(k.encode())));
        if (signatureV2.length > 0) {
            b.setSignatureV2(ByteString.copyFrom(signatureV2));
        }
        return b.setData(ByteString.copyFrom(data)).build().toByteArray();
    }

    /** The bytes {@code signatureV2} signs: {@code "ipns-signature:" ‖ data} (spec, "Record Creation" step 5). */
    public byte[] signedBytesV2() {
        return Ipns.signedBytesV2(data);
    }

    @Override
    public byte[] signatureV1() {
        return signatureV1.clone();
    }

    @Override
    public byte[] signatureV2() {
        return signatureV2.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Whether the record carries a V2 signature (not whether it verifies). */
    public boolean hasSignatureV2() {
        return signatureV2.length > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpnsRecord r && value.equals(r.value) && sequence == r.sequence
                && validity.equals(r.validity) && ttl.equals(r.ttl) && publicKey.equals(r.publicKey)
                && Arrays.equals(signatureV1, r.signatureV1) && Arrays.equals(signatureV2, r.signatureV2)
                && Arrays.equals(data, r.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, sequence, validity, Arrays.hashCode(signatureV2), Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "IpnsRecord[" + value + ", sequence " + sequence + ", valid until " + validity + ", ttl " + ttl
                + (publicKey.isPresent() ? ", " + publicKey.get().type() + " key" : "")
                + (signatureV1.length > 0 ? ", V1+V2" : ", V2") + "]";
    }
}
