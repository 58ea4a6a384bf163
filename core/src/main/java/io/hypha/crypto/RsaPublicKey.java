package io.hypha.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * An RSA public key: Data is a DER PKIX SubjectPublicKeyInfo (rsaEncryption with NULL parameters),
 * as go's {@code x509.MarshalPKIXPublicKey} writes it. Signatures are RSASSA-PKCS1-v1_5 over
 * SHA-256 (the JDK's {@code SHA256withRSA}).
 *
 * <p>Like go-libp2p, moduli of fewer than {@value #MIN_BITS} or more than {@value #MAX_BITS} bits are
 * rejected. Decoding requires the canonical DER that go re-encodes the key to before hashing it into
 * a peer id, so that the same key always gives the same peer id.
 */
public final class RsaPublicKey implements PublicKey {
    /** Smallest modulus go-libp2p accepts ({@code MinRsaKeyBits}). */
    public static final int MIN_BITS = 2048;
    /** Largest modulus go-libp2p accepts ({@code maxRsaKeyBits}). */
    public static final int MAX_BITS = 8192;
    /** Modulus size of generated keys unless one is given. */
    public static final int DEFAULT_BITS = 2048;

    /** Go rejects public exponents below 2 and above 2^31-1; an even exponent is never valid. */
    private static final BigInteger MIN_EXPONENT = BigInteger.valueOf(3);
    private static final BigInteger MAX_EXPONENT = BigInteger.valueOf(Integer.MAX_VALUE);
    static final String SIGNATURE_ALGORITHM = "SHA256withRSA";

    private static final AlgorithmIdentifier RSA_ALGORITHM =
            new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);

    private final RSAPublicKey key;
    private final byte[] raw;
    private final byte[] encoded;

    RsaPublicKey(BigInteger modulus, BigInteger exponent) {
        this.key = jdkKey(modulus, exponent);
        this.raw = subjectPublicKeyInfo(modulus, exponent);
        this.encoded = KeyProtobuf.encode(KeyType.RSA, raw);
    }

    static RsaPublicKey fromRaw(byte[] raw) {
        SubjectPublicKeyInfo info;
        ASN1Primitive der = Der.parse(raw, "RSA public key");
        try {
            info = SubjectPublicKeyInfo.getInstance(der);
        } catch (RuntimeException e) { // BouncyCastle reports bad ASN.1 structure with assorted unchecked exceptions
            throw new MalformedKeyException("RSA public key is not a DER SubjectPublicKeyInfo: " + e.getMessage(), e);
        }
        if (!info.getAlgorithm().getAlgorithm().equals(PKCSObjectIdentifiers.rsaEncryption)) {
            throw new MalformedKeyException("RSA public key has algorithm " + info.getAlgorithm().getAlgorithm()
                    + ", not rsaEncryption");
        }
        BigInteger modulus;
        BigInteger exponent;
        try {
            var rsa = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(info.parsePublicKey());
            modulus = rsa.getModulus();
            exponent = rsa.getPublicExponent();
        } catch (IOException | RuntimeException e) { // BouncyCastle: assorted unchecked exceptions on bad ASN.1
            throw new MalformedKeyException("RSA public key: bad RSAPublicKey structure: " + e.getMessage(), e);
        }
        checkPublic(modulus, exponent, "RSA public key");
        RsaPublicKey key = new RsaPublicKey(modulus, exponent);
        if (!Arrays.equals(key.raw, raw)) {
            throw new MalformedKeyException("RSA public key is not in canonical DER form");
        }
        return key;
    }

    /** Checks the limits go-libp2p and go's crypto/rsa put on a public key. */
    static void checkPublic(BigInteger modulus, BigInteger exponent, String what) {
        if (modulus.signum() <= 0) {
            throw new MalformedKeyException(what + ": modulus is not positive");
        }
        int bits = modulus.bitLength();
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new MalformedKeyException(what + ": " + bits + "-bit modulus is outside the accepted " + MIN_BITS
                    + " to " + MAX_BITS + " bits");
        }
        if (exponent.compareTo(MIN_EXPONENT) < 0 || exponent.compareTo(MAX_EXPONENT) > 0 || !exponent.testBit(0)) {
            throw new MalformedKeyException(what + ": public exponent " + exponent + " must be odd and between "
                    + MIN_EXPONENT + " and " + MAX_EXPONENT);
        }
    }

    private static RSAPublicKey jdkKey(BigInteger modulus, BigInteger exponent) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
        } catch (GeneralSecurityException e) {
            throw new MalformedKeyException("RSA public key rejected by the JDK: " + e.getMessage(), e);
        }
    }

    private static byte[] subjectPublicKeyInfo(BigInteger modulus, BigInteger exponent) {
        try {
            var key = new org.bouncycastle.asn1.pkcs.RSAPublicKey(modulus, exponent);
            return new SubjectPublicKeyInfo(RSA_ALGORITHM, key).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of an RSA public key failed", e);
        }
    }

    /** Modulus size in bits. */
    public int bits() {
        return key.getModulus().bitLength();
    }

    @Override
    public KeyType type() {
        return KeyType.RSA;
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
        if (signature.length != (bits() + Byte.SIZE - 1) / Byte.SIZE) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's " + SIGNATURE_ALGORITHM + " is unavailable", e);
        }
    }

    @Override
    public byte[] encode() {
        return encoded.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RsaPublicKey other && Arrays.equals(encoded, other.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "RsaPublicKey[" + bits() + " bits, e=" + key.getPublicExponent() + "]";
    }
}
