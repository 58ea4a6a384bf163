package io.hypha.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * An RSA private key: Data is a PKCS#1 DER RSAPrivateKey (two primes, version 0), as go's
 * {@code x509.MarshalPKCS1PrivateKey} writes it. Decoding accepts only canonical DER and checks the
 * key the way go's {@code rsa.PrivateKey.Validate} does (n = pq, de = 1 mod p-1 and mod q-1) plus
 * the stored CRT values, so a corrupted key is rejected instead of producing bad signatures.
 */
public final class RsaPrivateKey implements PrivateKey {
    private final RSAPrivateCrtKey key;
    private final RsaPublicKey publicKey;
    private final byte[] pkcs1;

    private RsaPrivateKey(RSAPrivateCrtKey key) {
        this.key = key;
        this.publicKey = new RsaPublicKey(key.getModulus(), key.getPublicExponent());
        this.pkcs1 = pkcs1(key);
    }

    static RsaPrivateKey generate(int bits, SecureRandom random) {
        if (bits < RsaPublicKey.MIN_BITS || bits > RsaPublicKey.MAX_BITS) {
            throw new IllegalArgumentException("RSA key size " + bits + " is outside " + RsaPublicKey.MIN_BITS + " to "
                    + RsaPublicKey.MAX_BITS + " bits");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
            return new RsaPrivateKey((RSAPrivateCrtKey) generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + bits + "-bit RSA keys", e);
        }
    }

    static RsaPrivateKey fromData(byte[] data) {
        org.bouncycastle.asn1.pkcs.RSAPrivateKey parsed;
        ASN1Primitive der = Der.parse(data, "RSA private key");
        try {
            parsed = org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(der);
        } catch (RuntimeException e) { // BouncyCastle reports bad ASN.1 structure with assorted unchecked exceptions
            throw new MalformedKeyException("RSA private key is not a PKCS#1 DER RSAPrivateKey: " + e.getMessage(), e);
        }
        if (parsed.getVersion().signum() != 0) {
            throw new MalformedKeyException("RSA private key: only two-prime keys (version 0) are supported");
        }
        BigInteger n = parsed.getModulus();
        BigInteger e = parsed.getPublicExponent();
        RsaPublicKey.checkPublic(n, e, "RSA private key");
        check(parsed);
        RSAPrivateCrtKey key;
        try {
            key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(n, e,
                    parsed.getPrivateExponent(), parsed.getPrime1(), parsed.getPrime2(), parsed.getExponent1(),
                    parsed.getExponent2(), parsed.getCoefficient()));
        } catch (GeneralSecurityException ex) {
            throw new MalformedKeyException("RSA private key rejected by the JDK: " + ex.getMessage(), ex);
        }
        RsaPrivateKey result = new RsaPrivateKey(key);
        if (!MessageDigest.isEqual(result.pkcs1, data)) {
            throw new MalformedKeyException("RSA private key is not in canonical DER form");
        }
        return result;
    }

    private static void check(org.bouncycastle.asn1.pkcs.RSAPrivateKey k) {
        BigInteger p = k.getPrime1();
        BigInteger q = k.getPrime2();
        BigInteger d = k.getPrivateExponent();
        BigInteger e = k.getPublicExponent();
        if (p.compareTo(BigInteger.ONE) <= 0 || q.compareTo(BigInteger.ONE) <= 0 || d.signum() <= 0) {
            throw new MalformedKeyException("RSA private key: primes and private exponent must be positive");
        }
        if (!p.multiply(q).equals(k.getModulus())) {
            throw new MalformedKeyException("RSA private key: the primes do not multiply to the modulus");
        }
        BigInteger pMinus1 = p.subtract(BigInteger.ONE);
        BigInteger qMinus1 = q.subtract(BigInteger.ONE);
        if (!d.multiply(e).mod(pMinus1).equals(BigInteger.ONE) || !d.multiply(e).mod(qMinus1).equals(BigInteger.ONE)) {
            throw new MalformedKeyException("RSA private key: the private exponent does not invert the public one");
        }
        if (!d.mod(pMinus1).equals(k.getExponent1()) || !d.mod(qMinus1).equals(k.getExponent2())) {
            throw new MalformedKeyException("RSA private key: CRT exponents do not match the private exponent");
        }
        if (!q.multiply(k.getCoefficient()).mod(p).equals(BigInteger.ONE)) {
            throw new MalformedKeyException("RSA private key: CRT coefficient is not the inverse of q mod p");
        }
    }

    private static byte[] pkcs1(RSAPrivateCrtKey k) {
        try {
            return new org.bouncycastle.asn1.pkcs.RSAPrivateKey(k.getModulus(), k.getPublicExponent(),
                    k.getPrivateExponent(), k.getPrimeP(), k.getPrimeQ(), k.getPrimeExponentP(), k.getPrimeExponentQ(),
                    k.getCrtCoefficient()).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of an RSA private key failed", e);
        }
    }

    @Override
    public KeyType type() {
        return KeyType.RSA;
    }

    @Override
    public RsaPublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] data) {
        try {
            Signature signer = Signature.getInstance(RsaPublicKey.SIGNATURE_ALGORITHM);
            signer.initSign(key);
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's " + RsaPublicKey.SIGNATURE_ALGORITHM + " failed to sign", e);
        }
    }

    @Override
    public byte[] encode() {
        return KeyProtobuf.encode(KeyType.RSA, pkcs1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RsaPrivateKey other && MessageDigest.isEqual(pkcs1, other.pkcs1);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "RsaPrivateKey[public=" + publicKey + "]";
    }
}
