package io.hypha.security.noise;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Noise CipherState (Noise section 5.1) for ChaChaPoly (section 12.3): a key and a 64-bit message counter.
 *
 * <p>The nonce of message {@code n} is 4 zero bytes followed by {@code n} as a little-endian u64. The counter
 * starts at 0, advances after every successful encryption or decryption, and the value 2<sup>64</sup>-1 is
 * reserved: a CipherState that reaches it refuses to go on, which ends the session.
 *
 * <p>ChaCha20-Poly1305 comes from the JDK provider, which on JDK 25 runs about ten times faster than
 * BouncyCastle. One {@link Cipher} is kept per CipherState and re-initialised with the next nonce for every
 * message; the {@link ByteBuffer} variants let the transport seal and open straight between network buffers.
 *
 * <p>Not thread-safe: one CipherState belongs to one direction of one connection.
 */
public final class CipherState {
    /** Reserved nonce value, never used for a message (Noise section 5.1). */
    private static final long MAX_NONCE = 0xFFFF_FFFF_FFFF_FFFFL;
    private static final int NONCE_LENGTH = 12;
    private static final int NONCE_COUNTER_OFFSET = 4;
    private static final String TRANSFORMATION = "ChaCha20-Poly1305";
    private static final String KEY_ALGORITHM = "ChaCha20";

    private final byte[] nonceBytes = new byte[NONCE_LENGTH];
    private Cipher cipher;
    private SecretKeySpec key;
    private long nonce;

    /** An empty CipherState: no key, so encryption is the identity function (Noise section 5.1). */
    public CipherState() {}

    /** A CipherState holding {@code key} (32 bytes) with the counter at 0. */
    public CipherState(byte[] key) {
        initializeKey(key);
    }

    /** Sets the key (copied) and resets the counter to 0: Noise {@code InitializeKey(key)}. */
    public void initializeKey(byte[] newKey) {
        if (newKey.length != NoiseProtocol.KEY_LENGTH) {
            throw new IllegalArgumentException("a ChaChaPoly key is 32 bytes, got " + newKey.length);
        }
        this.key = new SecretKeySpec(newKey, KEY_ALGORITHM);
        this.nonce = 0;
        if (cipher == null) {
            try {
                cipher = Cipher.getInstance(TRANSFORMATION);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK has no " + TRANSFORMATION + " cipher", e);
            }
        }
    }

    /** Whether a key is set: Noise {@code HasKey()}. */
    public boolean hasKey() {
        return key != null;
    }

    /** The counter of the next message. */
    public long nonce() {
        return nonce;
    }

    /** Sets the counter of the next message: Noise {@code SetNonce(nonce)}; for tests and resumption only. */
    public void setNonce(long value) {
        this.nonce = value;
    }

    /**
     * Noise {@code EncryptWithAd(ad, plaintext)}: with a key, returns ciphertext plus tag and advances the counter;
     * without one, returns a copy of the plaintext.
     *
     * @throws NoiseException if the counter is exhausted
     */
    public byte[] encryptWithAd(byte[] ad, byte[] plaintext) throws NoiseException {
        if (!hasKey()) {
            return plaintext.clone();
        }
        byte[] out = new byte[plaintext.length + NoiseProtocol.TAG_LENGTH];
        try {
            init(Cipher.ENCRYPT_MODE, ad);
            cipher.doFinal(plaintext, 0, plaintext.length, out, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
        nonce++;
        return out;
    }

    /**
     * Noise {@code DecryptWithAd(ad, ciphertext)}: with a key, authenticates and returns the plaintext and advances
     * the counter; without one, returns a copy of the input. A failed check leaves the counter where it was.
     *
     * @throws NoiseException if the message is shorter than a tag, forged or corrupted, or the counter is exhausted
     */
    public byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws NoiseException {
        if (!hasKey()) {
            return ciphertext.clone();
        }
        if (ciphertext.length < NoiseProtocol.TAG_LENGTH) {
            throw new NoiseException("ciphertext of " + ciphertext.length + " bytes is shorter than its tag");
        }
        byte[] out;
        try {
            init(Cipher.DECRYPT_MODE, ad);
            out = cipher.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw new NoiseException("message authentication failed (nonce " + Long.toUnsignedString(nonce) + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
        }
        nonce++;
        return out;
    }

    /**
     * Seals the remaining bytes of {@code plaintext} (empty associated data, as for every libp2p transport message)
     * into {@code out}, which must have {@code plaintext.remaining() + 16} bytes left. Both buffers may be heap or
     * direct; their positions advance by the bytes consumed and produced. Needs a key.
     *
     * @return the number of bytes written to {@code out}
     * @throws NoiseException if the counter is exhausted
     */
    public int encrypt(ByteBuffer plaintext, ByteBuffer out) throws NoiseException {
        requireKey();
        int written;
        try {
            init(Cipher.ENCRYPT_MODE, null);
            written = cipher.doFinal(plaintext, out);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("output buffer too small: " + out.remaining() + " bytes for "
                    + plaintext.remaining() + " bytes of plaintext plus the tag", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
        nonce++;
        return written;
    }

    /**
     * Opens the remaining bytes of {@code ciphertext} (a whole transport message: ciphertext and tag, empty
     * associated data) into {@code out}, which must have {@code ciphertext.remaining() - 16} bytes left. On an
     * authentication failure nothing is written and the counter does not advance. Needs a key.
     *
     * @return the number of plaintext bytes written to {@code out}
     * @throws NoiseException if the message is shorter than a tag, forged or corrupted, or the counter is exhausted
     */
    public int decrypt(ByteBuffer ciphertext, ByteBuffer out) throws NoiseException {
        requireKey();
        if (ciphertext.remaining() < NoiseProtocol.TAG_LENGTH) {
            throw new NoiseException("ciphertext of " + ciphertext.remaining() + " bytes is shorter than its tag");
        }
        int written;
        try {
            init(Cipher.DECRYPT_MODE, null);
            written = cipher.doFinal(ciphertext, out);
        } catch (AEADBadTagException e) {
            throw new NoiseException("message authentication failed (nonce " + Long.toUnsignedString(nonce) + ")", e);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("output buffer too small: " + out.remaining() + " bytes for "
                    + ciphertext.remaining() + " bytes of ciphertext", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
        }
        nonce++;
        return written;
    }

    /**
     * Seals {@code length} bytes of {@code buf} at {@code offset} in place (empty associated data); the 16-byte
     * tag is written right after them, so {@code buf} needs that room. The byte-array path is the JDK's fastest
     * (its intrinsics work on arrays; direct buffers are copied in pieces), which is why the transport codec
     * uses it. Needs a key.
     *
     * @return {@code length + 16}
     * @throws NoiseException if the counter is exhausted
     */
    public int encryptInPlace(byte[] buf, int offset, int length) throws NoiseException {
        requireKey();
        int written;
        try {
            init(Cipher.ENCRYPT_MODE, null);
            written = cipher.doFinal(buf, offset, length, buf, offset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
        nonce++;
        return written;
    }

    /**
     * Opens the {@code length}-byte transport message (ciphertext and tag) at {@code offset} in place. On an
     * authentication failure the counter does not advance. Needs a key.
     *
     * @return the plaintext length, {@code length - 16}
     * @throws NoiseException if the message is shorter than a tag, forged or corrupted, or the counter is exhausted
     */
    public int decryptInPlace(byte[] buf, int offset, int length) throws NoiseException {
        requireKey();
        if (length < NoiseProtocol.TAG_LENGTH) {
            throw new NoiseException("ciphertext of " + length + " bytes is shorter than its tag");
        }
        int written;
        try {
            init(Cipher.DECRYPT_MODE, null);
            written = cipher.doFinal(buf, offset, length, buf, offset);
        } catch (AEADBadTagException e) {
            throw new NoiseException("message authentication failed (nonce " + Long.toUnsignedString(nonce) + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
        }
        nonce++;
        return written;
    }

    /** Forgets the key; the CipherState cannot be used for encryption afterwards. */
    public void destroy() {
        key = null;
        cipher = null;
        Arrays.fill(nonceBytes, (byte) 0);
    }

    private void requireKey() {
        if (!hasKey()) {
            throw new IllegalStateException("CipherState has no key");
        }
    }

    private void init(int mode, byte[] ad) throws NoiseException, InvalidKeyException,
            InvalidAlgorithmParameterException {
        if (nonce == MAX_NONCE) {
            throw new NoiseException("nonce exhausted: 2^64-1 messages in one direction, the session must end");
        }
        long n = nonce;
        for (int i = 0; i < Long.BYTES; i++) {
            nonceBytes[NONCE_COUNTER_OFFSET + i] = (byte) (n >>> (8 * i));
        }
        cipher.init(mode, key, new IvParameterSpec(nonceBytes));
        if (ad != null && ad.length > 0) {
            cipher.updateAAD(ad);
        }
    }
}
