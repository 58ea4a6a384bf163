package io.hypha.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.util.BigIntegers;

/**
 * A secp256k1 private key: Data is the 32-byte big-endian scalar. Signatures are deterministic
 * (RFC 6979) and canonical low-s, matching go-libp2p byte for byte.
 */
public final class Secp256k1PrivateKey implements PrivateKey {
    /** Length of the big-endian private scalar. */
    public static final int KEY_BYTES = EcCurve.SCALAR_BYTES;

    private final ECPrivateKeyParameters key;
    private final Secp256k1PublicKey publicKey;

    private Secp256k1PrivateKey(ECPrivateKeyParameters key) {
        this.key = key;
        this.publicKey = new Secp256k1PublicKey(EcCurve.SECP256K1.publicKey(key));
    }

    static Secp256k1PrivateKey generate(SecureRandom random) {
        return new Secp256k1PrivateKey(EcCurve.SECP256K1.generate(random));
    }

    static Secp256k1PrivateKey fromData(byte[] data) {
        if (data.length != KEY_BYTES) {
            throw new MalformedKeyException(
                    "secp256k1 private key must be " + KEY_BYTES + " bytes, got " + data.length);
        }
        return new Secp256k1PrivateKey(EcCurve.SECP256K1.privateKey(new BigInteger(1, data), "secp256k1 private key"));
    }

    @Override
    public KeyType type() {
        return KeyType.SECP256K1;
    }

    @Override
    public Secp256k1PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] data) {
        return EcdsaSignatures.sign(key, data, true);
    }

    @Override
    public byte[] encode() {
        return KeyProtobuf.encode(KeyType.SECP256K1, BigIntegers.asUnsignedByteArray(KEY_BYTES, key.getD()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secp256k1PrivateKey other && key.getD().equals(other.key.getD());
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "Secp256k1PrivateKey[public=" + publicKey + "]";
    }
}
