package io.hypha.bench;

import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multicodec;
import io.hypha.multiformats.Multihash;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CID text and binary parsing and formatting: the base58 (v0, peer ids) and base32 (v1) paths every
 * Bitswap want, provider record and log line goes through. Run with {@code ./mvnw -B -Pbench -pl core
 * verify -DskipTests -Dbench=CidBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CidBenchmark {
    private Cid v0;
    private Cid v1;
    private String v0Text;
    private String v1Text;
    private byte[] v1Bytes;

    @Setup
    public void setUp() {
        Multihash mh = Multihash.digest(HashAlgorithm.SHA2_256, "hello world\n".getBytes(StandardCharsets.UTF_8));
        v0 = Cid.v0(mh);
        v1 = Cid.v1(Multicodec.RAW, mh);
        v0Text = v0.toString();
        v1Text = v1.toString();
        v1Bytes = v1.bytes();
    }

    @Benchmark
    public Cid parseV0Text() {
        return Cid.decode(v0Text);
    }

    @Benchmark
    public Cid parseV1Base32Text() {
        return Cid.decode(v1Text);
    }

    @Benchmark
    public String formatV0() {
        return v0.toString();
    }

    @Benchmark
    public String formatV1() {
        return v1.toString();
    }

    @Benchmark
    public Cid decodeBytes() {
        return Cid.decode(v1Bytes);
    }
}
