package io.hypha.bench;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.crypto.PublicKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ed25519 sign and verify: Hypha's keys (BouncyCastle underneath) against the JDK's own
 * {@code Ed25519} provider, which {@code io.hypha.crypto} chose not to use. Noise handshakes and
 * signed peer records sign and verify once per connection or record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Ed25519Benchmark {
    /** Message size: a Noise handshake payload signs a ~40-byte string; records are a few hundred bytes. */
    @Param({"64", "1024"})
    int size;

    private byte[] message;
    private PrivateKey hyphaKey;
    private PublicKey hyphaPublic;
    private byte[] hyphaSignature;
    private KeyPair jdkKeys;
    private byte[] jdkSignature;

    @Setup
    public void setUp() throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        message = new byte[size];
        random.nextBytes(message);
        hyphaKey = PrivateKey.generate(KeyType.ED25519, random);
        hyphaPublic = hyphaKey.publicKey();
        hyphaSignature = hyphaKey.sign(message);
        jdkKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        jdkSignature = jdkSign();
    }

    @Benchmark
    public byte[] sign() {
        return hyphaKey.sign(message);
    }

    @Benchmark
    public boolean verify() {
        return hyphaPublic.verify(message, hyphaSignature);
    }

    @Benchmark
    public byte[] jdkSign() throws GeneralSecurityException {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(jdkKeys.getPrivate());
        signer.update(message);
        return signer.sign();
    }

    @Benchmark
    public boolean jdkVerify() throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(jdkKeys.getPublic());
        verifier.update(message);
        return verifier.verify(jdkSignature);
    }
}
