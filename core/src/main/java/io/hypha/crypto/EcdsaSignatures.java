package io.hypha.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * ECDSA as libp2p uses it for secp256k1 and P-256 keys: the signature is over SHA-256 of the
 * message and is the DER SEQUENCE of INTEGER r and s.
 *
 * <p>Signing uses the deterministic nonce of RFC 6979 (HMAC-SHA-256), as go's secp256k1 library
 * does, so the same key and message always give the same signature. Verification parses the DER
 * strictly, like go-libp2p's {@code ecdsa.ParseDERSignature}: canonical DER only (no padding, no
 * long-form lengths, no trailing bytes), r and s in [1, n-1]. Like go it does not insist on low s.
 */
final class EcdsaSignatures {
    /** A DER signature of two 33-byte integers (256-bit values with a sign byte) and headers. */
    static final int MAX_SIGNATURE_BYTES = 72;

    private EcdsaSignatures() {}

    /**
     * Signs SHA-256({@code data}). With {@code lowS} the result has s at most n/2 (BIP 62 canonical
     * form, which go's secp256k1 signer always produces).
     */
    static byte[] sign(ECPrivateKeyParameters key, byte[] data, boolean lowS) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, key);
        BigInteger[] rs = signer.generateSignature(sha256(data));
        BigInteger n = key.getParameters().getN();
        BigInteger s = rs[1];
        if (lowS && s.compareTo(n.shiftRight(1)) > 0) {
            s = n.subtract(s);
        }
        try {
            return StandardDSAEncoding.INSTANCE.encode(n, rs[0], s);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of an ECDSA signature failed", e);
        }
    }

    /** Whether {@code signature} is a strict-DER ECDSA signature of SHA-256({@code data}) by {@code key}. */
    static boolean verify(ECPublicKeyParameters key, byte[] data, byte[] signature) {
        if (signature.length > MAX_SIGNATURE_BYTES) {
            return false;
        }
        BigInteger n = key.getParameters().getN();
        BigInteger[] rs;
        try {
            // StandardDSAEncoding re-encodes what it parsed and rejects input that differs, which
            // makes it a canonical-DER check; it also rejects values outside [0, n).
            rs = StandardDSAEncoding.INSTANCE.decode(n, signature);
        } catch (IOException | RuntimeException e) { // BouncyCastle's ASN.1 parser throws assorted unchecked exceptions
            return false;
        }
        if (rs[0].signum() <= 0 || rs[1].signum() <= 0) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, key);
        return verifier.verifySignature(sha256(data), rs[0], rs[1]);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
