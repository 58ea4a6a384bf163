package io.hypha.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 public key: Data is the 32-byte RFC 8032 encoding; signatures are plain RFC 8032
 * Ed25519 over the whole message.
 *
 * <p>BouncyCastle's implementation is used rather than the JDK's: it measured about ten times
 * faster for both signing and verifying here (see {@code io.hypha.bench.Ed25519Benchmark}).
 */
public final class Ed25519PublicKey implements PublicKey {
    /** RFC 8032 public key length. */
    public static final int KEY_BYTES = Ed25519.PUBLIC_KEY_SIZE;
    /** RFC 8032 signature length. */
    public static final int SIGNATURE_BYTES = Ed25519.SIGNATURE_SIZE;

    private final Ed25519PublicKeyParameters key;
    private final byte[] raw;
    private final byte[] encoded;

    Ed25519PublicKey(Ed25519PublicKeyParameters key) {
        this.key = key;
        this.raw = key.getEncoded();
        this.encoded = KeyProtobuf.encode(KeyType.ED25519, raw);
    }

    static Ed25519PublicKey fromRaw(byte[] raw) {
        if (raw.length != KEY_BYTES) {
            throw new MalformedKeyException("Ed25519 public key must be " + KEY_BYTES + " bytes, got " + raw.length);
        }
        try {
            return new Ed25519PublicKey(new Ed25519PublicKeyParameters(raw));
        } catch (IllegalArgumentException e) {
            throw new MalformedKeyException("Ed25519 public key is not a valid curve point", e);
        }
    }

    Ed25519PublicKeyParameters parameters() {
        return key;
    }

    @Override
    public KeyType type() {
        return KeyType.ED25519;
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
        if (signature.length != SIGNATURE_BYTES) {
            return false;
        }
        return key.verify(Ed25519.Algorithm.Ed25519, null, data, 0, data.length, signature, 0);
    }

    @Override
    public byte[] encode() {
        return encoded.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PublicKey other && Arrays.equals(encoded, other.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "Ed25519PublicKey[" + HexFormat.of().formatHex(raw) + "]";
    }
}
