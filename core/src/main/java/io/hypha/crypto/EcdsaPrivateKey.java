package io.hypha.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * An ECDSA P-256 private key: Data is a DER SEC 1 ECPrivateKey (version 1, the 32-byte scalar, the
 * named curve and the uncompressed public key), exactly as go's {@code x509.MarshalECPrivateKey}
 * writes it. Decoding accepts only that canonical form. Signatures use the deterministic RFC 6979
 * nonce; any valid ECDSA signature verifies with go, which signs with a random nonce.
 */
public final class EcdsaPrivateKey implements PrivateKey {
    private static final int ORDER_BITS = 256;

    private final ECPrivateKeyParameters key;
    private final EcdsaPublicKey publicKey;
    private final byte[] sec1;

    private EcdsaPrivateKey(ECPrivateKeyParameters key) {
        ECPublicKeyParameters point = EcCurve.P256.publicKey(key);
        this.key = key;
        this.publicKey = new EcdsaPublicKey(point);
        this.sec1 = sec1(key, point);
    }

    static EcdsaPrivateKey generate(SecureRandom random) {
        return new EcdsaPrivateKey(EcCurve.P256.generate(random));
    }

    static EcdsaPrivateKey fromData(byte[] data) {
        BigInteger d;
        Object curve;
        ASN1Primitive der = Der.parse(data, "ECDSA private key");
        try {
            ECPrivateKey parsed = ECPrivateKey.getInstance(der);
            d = parsed.getKey();
            curve = parsed.getParametersObject();
        } catch (RuntimeException e) { // BouncyCastle reports bad ASN.1 structure with assorted unchecked exceptions
            throw new MalformedKeyException("ECDSA private key is not a DER SEC 1 ECPrivateKey: " + e.getMessage(), e);
        }
        if (!X9ObjectIdentifiers.prime256v1.equals(curve)) {
            throw new MalformedKeyException("ECDSA private key names curve " + Der.describeParameters(curve)
                    + "; only P-256 (" + X9ObjectIdentifiers.prime256v1 + ") is supported");
        }
        EcdsaPrivateKey key = new EcdsaPrivateKey(EcCurve.P256.privateKey(d, "ECDSA private key"));
        if (!MessageDigest.isEqual(key.sec1, data)) {
            throw new MalformedKeyException("ECDSA private key is not in canonical form (version 1, 32-byte scalar, "
                    + "named curve, matching uncompressed public key)");
        }
        return key;
    }

    private static byte[] sec1(ECPrivateKeyParameters key, ECPublicKeyParameters point) {
        DERBitString publicKey = new DERBitString(point.getQ().getEncoded(false));
        try {
            return new ECPrivateKey(ORDER_BITS, key.getD(), publicKey, X9ObjectIdentifiers.prime256v1)
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of a P-256 private key failed", e);
        }
    }

    @Override
    public KeyType type() {
        return KeyType.ECDSA;
    }

    @Override
    public EcdsaPublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] data) {
        return EcdsaSignatures.sign(key, data, false);
    }

    @Override
    public byte[] encode() {
        return KeyProtobuf.encode(KeyType.ECDSA, sec1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EcdsaPrivateKey other && MessageDigest.isEqual(sec1, other.sec1);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "EcdsaPrivateKey[public=" + publicKey + "]";
    }
}
