package io.hypha.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * A secp256k1 public key: Data is the 33-byte SEC 1 compressed point (peer-ids.md). Signatures are
 * ECDSA over SHA-256 of the message, DER-encoded (see {@link EcdsaSignatures}).
 *
 * <p>Deliberate deviation: go-libp2p also accepts 65-byte uncompressed points on decode and
 * re-encodes them compressed; we accept only the compressed form the spec defines.
 */
public final class Secp256k1PublicKey implements PublicKey {
    /** Compressed SEC 1 point: a 0x02/0x03 prefix and the 32-byte x coordinate. */
    public static final int KEY_BYTES = 1 + EcCurve.SCALAR_BYTES;

    private static final byte EVEN_Y = 0x02;
    private static final byte ODD_Y = 0x03;

    private final ECPublicKeyParameters key;
    private final byte[] raw;
    private final byte[] encoded;

    Secp256k1PublicKey(ECPublicKeyParameters key) {
        this.key = key;
        this.raw = key.getQ().getEncoded(true);
        this.encoded = KeyProtobuf.encode(KeyType.SECP256K1, raw);
    }

    static Secp256k1PublicKey fromRaw(byte[] raw) {
        if (raw.length != KEY_BYTES || (raw[0] != EVEN_Y && raw[0] != ODD_Y)) {
            throw new MalformedKeyException("secp256k1 public key must be a " + KEY_BYTES
                    + "-byte compressed point (prefix 0x02 or 0x03), got " + raw.length + " bytes");
        }
        return new Secp256k1PublicKey(EcCurve.SECP256K1.decodePoint(raw, "secp256k1 public key"));
    }

    @Override
    public KeyType type() {
        return KeyType.SECP256K1;
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
        return EcdsaSignatures.verify(key, data, signature);
    }

    @Override
    public byte[] encode() {
        return encoded.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secp256k1PublicKey other && Arrays.equals(encoded, other.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "Secp256k1PublicKey[" + HexFormat.of().formatHex(raw) + "]";
    }
}
