package io.hypha.crypto;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * An ECDSA P-256 public key: Data is a DER PKIX SubjectPublicKeyInfo (named curve, uncompressed
 * point), as go's {@code x509.MarshalPKIXPublicKey} writes it. Signatures are ECDSA over SHA-256 of
 * the message, DER-encoded.
 *
 * <p>Decoding requires exactly that canonical encoding: go re-encodes the keys it parses before
 * hashing them into peer ids, so accepting another encoding of the same key would give a peer id
 * that go would not compute. Deliberate deviation: go also parses P-384 and P-521 keys; libp2p
 * generates only P-256 and so do we.
 */
public final class EcdsaPublicKey implements PublicKey {
    /** Uncompressed SEC 1 point: 0x04, x, y. */
    static final int POINT_BYTES = 1 + 2 * EcCurve.SCALAR_BYTES;

    private static final AlgorithmIdentifier P256_ALGORITHM =
            new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, X9ObjectIdentifiers.prime256v1);

    private final ECPublicKeyParameters key;
    private final byte[] raw;
    private final byte[] encoded;

    EcdsaPublicKey(ECPublicKeyParameters key) {
        this.key = key;
        this.raw = subjectPublicKeyInfo(key);
        this.encoded = KeyProtobuf.encode(KeyType.ECDSA, raw);
    }

    static EcdsaPublicKey fromRaw(byte[] raw) {
        SubjectPublicKeyInfo info;
        ASN1Primitive der = Der.parse(raw, "ECDSA public key");
        try {
            info = SubjectPublicKeyInfo.getInstance(der);
        } catch (RuntimeException e) { // BouncyCastle reports bad ASN.1 structure with assorted unchecked exceptions
            throw new MalformedKeyException("ECDSA public key is not a DER SubjectPublicKeyInfo: " + e.getMessage(), e);
        }
        if (!info.getAlgorithm().getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            throw new MalformedKeyException("ECDSA public key has algorithm " + info.getAlgorithm().getAlgorithm()
                    + ", not id-ecPublicKey");
        }
        if (!X9ObjectIdentifiers.prime256v1.equals(info.getAlgorithm().getParameters())) {
            throw new MalformedKeyException("ECDSA public key is on curve "
                    + Der.describeParameters(info.getAlgorithm().getParameters())
                    + "; only P-256 (" + X9ObjectIdentifiers.prime256v1 + ") is supported");
        }
        byte[] point = info.getPublicKeyData().getBytes();
        if (point.length != POINT_BYTES) {
            throw new MalformedKeyException("ECDSA public key point must be " + POINT_BYTES
                    + " bytes uncompressed, got " + point.length);
        }
        EcdsaPublicKey key = new EcdsaPublicKey(EcCurve.P256.decodePoint(point, "ECDSA public key"));
        if (!Arrays.equals(key.raw, raw)) {
            throw new MalformedKeyException("ECDSA public key is not in canonical DER form");
        }
        return key;
    }

    private static byte[] subjectPublicKeyInfo(ECPublicKeyParameters key) {
        try {
            return new SubjectPublicKeyInfo(P256_ALGORITHM, key.getQ().getEncoded(false)).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of a P-256 public key failed", e);
        }
    }

    @Override
    public KeyType type() {
        return KeyType.ECDSA;
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
        return o instanceof EcdsaPublicKey other && Arrays.equals(encoded, other.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "EcdsaPublicKey[P-256 " + HexFormat.of().formatHex(key.getQ().getEncoded(true)) + "]";
    }
}
