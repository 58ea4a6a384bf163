package io.hypha.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 private key. Data is 64 bytes: the 32-byte RFC 8032 seed followed by the public key
 * (go's {@code ed25519.PrivateKey} layout). Decoding also accepts the legacy 96-byte form
 * seed‖public‖public that old go-libp2p versions wrote, and checks that every embedded public key is
 * the one the seed derives.
 */
public final class Ed25519PrivateKey implements PrivateKey {
    /** RFC 8032 seed length. */
    public static final int SEED_BYTES = Ed25519.SECRET_KEY_SIZE;
    /** Data length: seed‖public key. */
    public static final int DATA_BYTES = SEED_BYTES + Ed25519PublicKey.KEY_BYTES;
    /** Legacy Data length: seed‖public key‖public key. */
    public static final int LEGACY_DATA_BYTES = DATA_BYTES + Ed25519PublicKey.KEY_BYTES;

    private final Ed25519PrivateKeyParameters key;
    private final Ed25519PublicKey publicKey;

    private Ed25519PrivateKey(Ed25519PrivateKeyParameters key) {
        this.key = key;
        this.publicKey = new Ed25519PublicKey(key.generatePublicKey());
    }

    static Ed25519PrivateKey generate(SecureRandom random) {
        return new Ed25519PrivateKey(new Ed25519PrivateKeyParameters(random));
    }

    static Ed25519PrivateKey fromData(byte[] data) {
        if (data.length != DATA_BYTES && data.length != LEGACY_DATA_BYTES) {
            throw new MalformedKeyException("Ed25519 private key must be " + DATA_BYTES + " bytes (or legacy "
                    + LEGACY_DATA_BYTES + "), got " + data.length);
        }
        Ed25519PrivateKey key = new Ed25519PrivateKey(new Ed25519PrivateKeyParameters(data, 0));
        byte[] derived = key.publicKey.raw();
        for (int offset = SEED_BYTES; offset < data.length; offset += Ed25519PublicKey.KEY_BYTES) {
            byte[] embedded = Arrays.copyOfRange(data, offset, offset + Ed25519PublicKey.KEY_BYTES);
            if (!MessageDigest.isEqual(derived, embedded)) {
                throw new MalformedKeyException("Ed25519 private key: embedded public key at byte " + offset
                        + " is not the one its seed derives");
            }
        }
        return key;
    }

    @Override
    public KeyType type() {
        return KeyType.ED25519;
    }

    @Override
    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] data) {
        byte[] signature = new byte[Ed25519PublicKey.SIGNATURE_BYTES];
        key.sign(Ed25519.Algorithm.Ed25519, publicKey.parameters(), null, data, 0, data.length, signature, 0);
        return signature;
    }

    @Override
    public byte[] encode() {
        byte[] data = new byte[DATA_BYTES];
        key.encode(data, 0);
        System.arraycopy(publicKey.raw(), 0, data, SEED_BYTES, Ed25519PublicKey.KEY_BYTES);
        return KeyProtobuf.encode(KeyType.ED25519, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PrivateKey other && MessageDigest.isEqual(key.getEncoded(), other.key.getEncoded());
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "Ed25519PrivateKey[public=" + publicKey + "]";
    }
}
