package io.hypha.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hypha.peer.PeerId;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the libp2p key protobufs (Jazzer; corpus in
 * {@code src/test/resources/io/hypha/crypto/KeyFuzzTestInputs/decode}). Each input is decoded both as a
 * {@code PublicKey} and as a {@code PrivateKey} message. Only {@link MalformedKeyException} may escape. Decoding is
 * strict, so a decoded key must re-encode to the input itself, or to the input with its two fields swapped (the one
 * liberty protobuf allows), or, for an Ed25519 private key, to the 64-byte form of the legacy 96-byte one. A decoded
 * public key must give a peer id that matches it (and inline it back, when it is short enough); a decoded private
 * key must sign what its public key verifies.
 */
class KeyFuzzTest {
    /**
     * Above the 8 KiB the decoder accepts (an 8192-bit RSA private key takes about 4.7 KB), so its size check stays
     * reachable.
     */
    private static final int MAX_INPUT = 8 * 1024 + 16;
    /** Type tag and a one-byte type code: how the canonical encoding starts. */
    private static final int TYPE_FIELD_BYTES = 2;
    private static final byte[] MESSAGE = "fuzzed key".getBytes(US_ASCII);

    @FuzzTest
    void decode(byte[] input) {
        if (input.length > MAX_INPUT) {
            return;
        }
        publicKey(input);
        privateKey(input);
    }

    private static void publicKey(byte[] input) {
        PublicKey key;
        try {
            key = PublicKey.decode(input);
        } catch (MalformedKeyException rejected) {
            return;
        }
        byte[] encoded = key.encode();
        assertCanonicalFormOf(input, encoded);
        assertEquals(key, PublicKey.decode(encoded));
        assertEquals(key, PublicKey.of(key.type(), key.raw()));
        PeerId id = PeerId.fromPublicKey(key);
        assertTrue(id.matches(key));
        PeerId again = PeerId.fromBytes(id.bytes());
        assertEquals(id, again);
        again.extractPublicKey().ifPresent(inlined -> assertEquals(key, inlined));
    }

    private static void privateKey(byte[] input) {
        PrivateKey key;
        try {
            key = PrivateKey.decode(input);
        } catch (MalformedKeyException rejected) {
            return;
        }
        byte[] encoded = key.encode();
        if (encoded.length == input.length) {
            assertCanonicalFormOf(input, encoded);
        } else {
            assertEquals(KeyType.ED25519, key.type(), "only a legacy Ed25519 key re-encodes shorter");
            assertEquals(Ed25519PrivateKey.LEGACY_DATA_BYTES - Ed25519PrivateKey.DATA_BYTES,
                    input.length - encoded.length);
        }
        assertEquals(key, PrivateKey.decode(encoded));
        assertArrayEquals(encoded, PrivateKey.decode(encoded).encode());
        assertEquals(key.publicKey(), PublicKey.decode(key.publicKey().encode()));
        assertTrue(key.publicKey().verify(MESSAGE, key.sign(MESSAGE)),
                "a decoded private key signs what its public key rejects");
    }

    /** {@code encoded} is {@code input}, or {@code input} with the Data field first and the Type field last. */
    private static void assertCanonicalFormOf(byte[] input, byte[] encoded) {
        if (Arrays.equals(input, encoded)) {
            return;
        }
        byte[] swapped = new byte[encoded.length];
        int dataLength = encoded.length - TYPE_FIELD_BYTES;
        System.arraycopy(encoded, TYPE_FIELD_BYTES, swapped, 0, dataLength);
        System.arraycopy(encoded, 0, swapped, dataLength, TYPE_FIELD_BYTES);
        assertArrayEquals(swapped, input, "a strictly decoded key does not re-encode to its input");
    }
}
