package io.hypha.security.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Noise SymmetricState (Noise section 5.2) for SHA-256: the chaining key {@code ck}, the handshake hash
 * {@code h} and the CipherState used during the handshake. SHA-256 and HMAC-SHA256 come from the JDK.
 *
 * <p>Not thread-safe; one instance per handshake.
 */
public final class SymmetricState {
    private static final String HASH = "SHA-256";
    private static final String HMAC = "HmacSHA256";

    private final MessageDigest digest;
    private final Mac hmac;
    private final CipherState cipher = new CipherState();
    private byte[] ck;
    private byte[] h;

    /** Noise {@code InitializeSymmetric(protocol_name)}. */
    public SymmetricState(String protocolName) {
        try {
            digest = MessageDigest.getInstance(HASH);
            hmac = Mac.getInstance(HMAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks " + HASH + " or " + HMAC, e);
        }
        byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
        if (name.length <= NoiseProtocol.HASH_LENGTH) {
            h = Arrays.copyOf(name, NoiseProtocol.HASH_LENGTH);
        } else {
            h = digest.digest(name);
        }
        ck = h.clone();
    }

    /** Noise {@code MixKey(input_key_material)}: new chaining key, new cipher key, counter reset. */
    public void mixKey(byte[] inputKeyMaterial) {
        byte[][] out = hkdf(ck, inputKeyMaterial, 2);
        ck = out[0];
        cipher.initializeKey(out[1]);
        Arrays.fill(out[1], (byte) 0);
    }

    /** Noise {@code MixHash(data)}: {@code h = HASH(h || data)}. */
    public void mixHash(byte[] data) {
        digest.update(h);
        digest.update(data);
        h = digest.digest();
    }

    /** Noise {@code EncryptAndHash(plaintext)}: encrypts with {@code h} as associated data, then hashes the output. */
    public byte[] encryptAndHash(byte[] plaintext) throws NoiseException {
        byte[] ciphertext = cipher.encryptWithAd(h, plaintext);
        mixHash(ciphertext);
        return ciphertext;
    }

    /** Noise {@code DecryptAndHash(ciphertext)}: decrypts with {@code h} as associated data, then hashes the input. */
    public byte[] decryptAndHash(byte[] ciphertext) throws NoiseException {
        byte[] plaintext = cipher.decryptWithAd(h, ciphertext);
        mixHash(ciphertext);
        return plaintext;
    }

    /** Whether a key has been mixed in yet. */
    public boolean hasKey() {
        return cipher.hasKey();
    }

    /** A copy of the handshake hash {@code h}. */
    public byte[] handshakeHash() {
        return h.clone();
    }

    /**
     * Noise {@code Split()}: the two transport CipherStates; {@code cs1} carries initiator-to-responder messages,
     * {@code cs2} the reverse. The chaining key is wiped afterwards.
     */
    public CipherStatePair split() {
        byte[][] out = hkdf(ck, new byte[0], 2);
        CipherStatePair pair = new CipherStatePair(new CipherState(out[0]), new CipherState(out[1]));
        Arrays.fill(out[0], (byte) 0);
        Arrays.fill(out[1], (byte) 0);
        Arrays.fill(ck, (byte) 0);
        cipher.destroy();
        return pair;
    }

    /**
     * The Noise HKDF (section 4.3) with HMAC-SHA256: {@code temp = HMAC(ck, ikm)}, {@code o1 = HMAC(temp, 0x01)},
     * {@code oi = HMAC(temp, o(i-1) || i)}; equal to RFC 5869 with salt {@code ck} and empty info.
     */
    byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial, int outputs) {
        byte[] tempKey = hmac(chainingKey, inputKeyMaterial);
        byte[][] out = new byte[outputs][];
        byte[] previous = new byte[0];
        for (int i = 0; i < outputs; i++) {
            try {
                hmac.init(new SecretKeySpec(tempKey, HMAC));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            hmac.update(previous);
            hmac.update((byte) (i + 1));
            previous = hmac.doFinal();
            out[i] = previous;
        }
        Arrays.fill(tempKey, (byte) 0);
        return out;
    }

    private byte[] hmac(byte[] key, byte[] data) {
        try {
            hmac.init(new SecretKeySpec(key, HMAC));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return hmac.doFinal(data);
    }
}
