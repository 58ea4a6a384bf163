package io.hypha.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hypha.crypto.PrivateKey;
import java.util.HexFormat;

/**
 * Coverage-guided fuzzing of signed envelopes and peer records (Jazzer; corpus in
 * {@code src/test/resources/io/hypha/peer/SignedEnvelopeFuzzTestInputs/decode}). Each input is read three ways:
 * <ul>
 *   <li>as an envelope ({@link SignedEnvelope#decodeAndVerify}, {@link PeerRecord#fromEnvelope}): only
 *       {@link IllegalArgumentException} may escape, and an envelope that verifies re-encodes to one that verifies
 *       to an equal envelope;</li>
 *   <li>as a peer record ({@link PeerRecord#decode}): only {@link IllegalArgumentException}; a record re-encodes to
 *       an equal record, within {@link PeerRecord#MAX_ADDRESSES};</li>
 *   <li>as the payload of a peer-record envelope signed here with a fixed key, since a fuzzer cannot forge
 *       signatures: the envelope must open to exactly the payload signed, and {@link PeerRecord#fromEnvelope} must
 *       accept it exactly when the payload decodes to a record of that key's peer.</li>
 * </ul>
 */
class SignedEnvelopeFuzzTest {
    /** Leaves room for the key and signature inside {@link SignedEnvelope#MAX_ENCODED_LENGTH}. */
    private static final int MAX_INPUT = 4096;
    /** The libp2p peer-ids spec Ed25519 key (as in KnownKeysTest); the corpus holds records of its peer. */
    private static final PrivateKey KEY = PrivateKey.decode(HexFormat.of().parseHex(
            "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d"
                    + "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"));
    private static final byte[] PEER_RECORD_TYPE = {0x03, 0x01};

    @FuzzTest
    void decode(byte[] input) {
        if (input.length > MAX_INPUT) {
            return;
        }
        envelope(input);
        PeerRecord record = record(input);
        signedHere(input, record);
    }

    private static void envelope(byte[] input) {
        SignedEnvelope envelope;
        try {
            envelope = SignedEnvelope.decodeAndVerify(input, PeerRecord.DOMAIN);
        } catch (IllegalArgumentException rejected) {
            envelope = null;
        }
        if (envelope != null) {
            byte[] encoded = envelope.encode();
            SignedEnvelope again = SignedEnvelope.decodeAndVerify(encoded, PeerRecord.DOMAIN);
            assertEquals(envelope, again);
            assertArrayEquals(encoded, again.encode());
        }
        try {
            PeerRecord opened = PeerRecord.fromEnvelope(input);
            assertNotNull(envelope, "fromEnvelope accepted what decodeAndVerify rejects");
            assertTrue(opened.peerId().matches(envelope.publicKey()));
        } catch (IllegalArgumentException rejected) {
            // not a valid peer record envelope
        }
    }

    private static PeerRecord record(byte[] input) {
        PeerRecord record;
        try {
            record = PeerRecord.decode(input);
        } catch (IllegalArgumentException rejected) {
            return null;
        }
        assertTrue(record.addresses().size() <= PeerRecord.MAX_ADDRESSES);
        byte[] encoded = record.encode();
        PeerRecord again = PeerRecord.decode(encoded);
        assertEquals(record, again);
        assertArrayEquals(encoded, again.encode());
        return record;
    }

    private static void signedHere(byte[] payload, PeerRecord record) {
        byte[] envelope = SignedEnvelope.sign(KEY, PeerRecord.DOMAIN, PEER_RECORD_TYPE, payload).encode();
        SignedEnvelope opened = SignedEnvelope.decodeAndVerify(envelope, PeerRecord.DOMAIN);
        assertArrayEquals(payload, opened.payload());
        assertArrayEquals(PEER_RECORD_TYPE, opened.payloadType());
        assertEquals(KEY.publicKey(), opened.publicKey());
        PeerRecord fromEnvelope;
        try {
            fromEnvelope = PeerRecord.fromEnvelope(envelope);
        } catch (IllegalArgumentException rejected) {
            fromEnvelope = null;
        }
        if (record != null && record.peerId().matches(KEY.publicKey())) {
            assertEquals(record, fromEnvelope);
        } else {
            assertNull(fromEnvelope, "fromEnvelope accepted a payload that is not a record of the signer");
        }
    }
}
