package io.hypha.node.ipns;

import io.hypha.crypto.PublicKey;
import io.hypha.peer.InvalidPeerIdException;
import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.store.InvalidRecordException;
import io.hypha.protocol.kad.store.RecordValidator;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The validator of the DHT's {@code /ipns/} namespace (ipfs/specs {@code src/ipns/ipns-record.md}, "Record
 * Verification"; boxo {@code ipns.Validator}): a record is valid for a name when it is at most
 * {@link IpnsRecord#MAX_RECORD_BYTES}, carries {@code data} and a {@code signatureV2} that verifies under the
 * name's key, its V1 copies (if any) repeat {@code data}, its validity type is EOL and its end of life is after
 * now. {@code signatureV1} is never verified: a broken one does not matter, a good one alone is not enough.
 *
 * <p>The key is the one the peer id inlines (Ed25519, secp256k1), or the record's {@code pubKey}, which must hash
 * to the name; when the record carries a {@code pubKey} it is used, and must match, even for a name that inlines
 * its key (as boxo's {@code ExtractPublicKey}). Unlike boxo, no key book is consulted for a hashed name whose
 * record lacks the key: such a record is invalid.
 */
public final class IpnsValidator implements RecordValidator {
    private final Clock clock;

    /** A validator that takes "now", for the end of life, from {@code clock}. */
    public IpnsValidator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void validate(byte[] key, byte[] value) throws InvalidRecordException {
        IpnsName name;
        try {
            name = IpnsName.fromRoutingKey(key);
        } catch (InvalidPeerIdException e) {
            throw new InvalidRecordException("not an IPNS key: " + e.getMessage(), e);
        }
        verify(name, value);
    }

    /**
     * The record in {@code value} if it is valid for {@code name} now.
     *
     * @throws InvalidRecordException saying which check failed
     */
    public IpnsRecord verify(IpnsName name, byte[] value) throws InvalidRecordException {
        // steps 1 and 4 (and 7, the V1 copies) happen in parse
        IpnsRecord record = IpnsRecord.parse(value);
        // step 2
        if (!record.hasSignatureV2()) {
            throw new InvalidRecordException("IPNS record for " + name + " has no signatureV2"
                    + " (records with only a V1 signature are no longer valid)");
        }
        // steps 3, 5 and 6
        PublicKey key = signer(name, record);
        if (!key.verify(record.signedBytesV2(), record.signatureV2())) {
            throw new InvalidRecordException("IPNS record for " + name + ": signatureV2 does not verify");
        }
        // step 8: valid while the end of life is later than now
        Instant now = clock.instant();
        if (!record.validity().isAfter(now)) {
            throw new InvalidRecordException("IPNS record for " + name + " expired at " + record.validity()
                    + " (now " + now + ")");
        }
        return record;
    }

    private static PublicKey signer(IpnsName name, IpnsRecord record) throws InvalidRecordException {
        PeerId peer = name.peerId();
        if (record.publicKey().isPresent()) {
            PublicKey key = record.publicKey().get();
            if (!peer.matches(key)) {
                throw new InvalidRecordException("IPNS record for " + name + " carries the public key of "
                        + PeerId.fromPublicKey(key) + ", not of " + peer);
            }
            return key;
        }
        return peer.extractPublicKey().orElseThrow(() -> new InvalidRecordException("IPNS record for " + name
                + " has no pubKey, and the name's peer id " + peer + " does not inline its key"));
    }

    /**
     * The best record, as boxo orders them: one with a V2 signature over one without, then the higher sequence,
     * then the later end of life; ties go to the earliest. A value that does not parse (the caller should not
     * pass one) ranks below every record.
     */
    @Override
    public int select(byte[] key, List<byte[]> values) {
        int best = 0;
        IpnsRecord bestRecord = null;
        for (int i = 0; i < values.size(); i++) {
            IpnsRecord candidate;
            try {
                candidate = IpnsRecord.parse(values.get(i));
            } catch (InvalidRecordException e) {
                continue;
            }
            if (bestRecord == null || newer(candidate, bestRecord)) {
                best = i;
                bestRecord = candidate;
            }
        }
        return best;
    }

    /** Whether {@code a} is strictly better than {@code b} (boxo {@code compare} returning 1). */
    private static boolean newer(IpnsRecord a, IpnsRecord b) {
        if (a.hasSignatureV2() != b.hasSignatureV2()) {
            return a.hasSignatureV2();
        }
        if (a.sequence() != b.sequence()) {
            return a.sequence() > b.sequence();
        }
        return a.validity().isAfter(b.validity());
    }
}
