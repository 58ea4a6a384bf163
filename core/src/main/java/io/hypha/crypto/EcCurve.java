package io.hypha.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/** The two elliptic curves libp2p keys use, with the validation both key types share. */
final class EcCurve {
    static final EcCurve SECP256K1 = new EcCurve("secp256k1", "secp256k1");
    static final EcCurve P256 = new EcCurve("P-256", "secp256r1");

    /** Bytes of a scalar or field element on both curves. */
    static final int SCALAR_BYTES = 32;

    private final String name;
    private final ECDomainParameters domain;

    private EcCurve(String name, String bouncyCastleName) {
        X9ECParameters curve = CustomNamedCurves.getByName(bouncyCastleName);
        this.name = name;
        this.domain = new ECDomainParameters(curve);
    }

    String name() {
        return name;
    }

    BigInteger order() {
        return domain.getN();
    }

    /**
     * Decodes an SEC 1 point encoding (compressed or uncompressed) and checks that it lies on the
     * curve and is not the point at infinity.
     */
    ECPublicKeyParameters decodePoint(byte[] encoding, String what) {
        ECPoint point;
        try {
            point = domain.getCurve().decodePoint(encoding);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new MalformedKeyException(what + " is not a valid " + name + " point: " + e.getMessage(), e);
        }
        if (point.isInfinity() || !point.isValid()) {
            throw new MalformedKeyException(what + " is not a valid " + name + " point");
        }
        return new ECPublicKeyParameters(point, domain);
    }

    /** A private scalar, checked to be in [1, n-1]. */
    ECPrivateKeyParameters privateKey(BigInteger d, String what) {
        if (d.signum() <= 0 || d.compareTo(domain.getN()) >= 0) {
            throw new MalformedKeyException(what + " is not in the range [1, n-1] of " + name);
        }
        return new ECPrivateKeyParameters(d, domain);
    }

    ECPrivateKeyParameters generate(SecureRandom random) {
        BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, domain.getN().subtract(BigInteger.ONE), random);
        return new ECPrivateKeyParameters(d, domain);
    }

    ECPublicKeyParameters publicKey(ECPrivateKeyParameters key) {
        return new ECPublicKeyParameters(domain.getG().multiply(key.getD()).normalize(), domain);
    }
}
