package io.hypha.multiformats;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.Xof;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.digests.Blake2sDigest;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * The hash functions a multihash may name (multicodec {@code table.csv}, tag {@code multihash}) that this
 * node can compute. SHA-1, SHA-2 and SHA-3 come from the JDK's {@link MessageDigest}; Keccak, SHAKE,
 * BLAKE2 and BLAKE3 from BouncyCastle.
 *
 * <p>Every function has a default digest length (identity: none, {@code -1}). The extendable-output
 * functions (BLAKE3, SHAKE) produce any requested length; the others can be truncated to a shorter
 * length, which is what a multihash with a smaller length field means.
 */
public enum HashAlgorithm {
    IDENTITY(0x00, "identity", -1, Kind.IDENTITY, null, null),
    SHA1(0x11, "sha1", 20, Kind.FIXED, "SHA-1", null),
    SHA2_256(0x12, "sha2-256", 32, Kind.FIXED, "SHA-256", null),
    SHA2_512(0x13, "sha2-512", 64, Kind.FIXED, "SHA-512", null),
    SHA3_512(0x14, "sha3-512", 64, Kind.FIXED, "SHA3-512", null),
    SHA3_384(0x15, "sha3-384", 48, Kind.FIXED, "SHA3-384", null),
    SHA3_256(0x16, "sha3-256", 32, Kind.FIXED, "SHA3-256", null),
    SHA3_224(0x17, "sha3-224", 28, Kind.FIXED, "SHA3-224", null),
    /** Default length 32 bytes, as go-multihash uses. */
    SHAKE_128(0x18, "shake-128", 32, Kind.XOF, null, () -> new SHAKEDigest(128)),
    /** Default length 64 bytes, as go-multihash uses. */
    SHAKE_256(0x19, "shake-256", 64, Kind.XOF, null, () -> new SHAKEDigest(256)),
    KECCAK_224(0x1a, "keccak-224", 28, Kind.FIXED, null, () -> new KeccakDigest(224)),
    KECCAK_256(0x1b, "keccak-256", 32, Kind.FIXED, null, () -> new KeccakDigest(256)),
    KECCAK_384(0x1c, "keccak-384", 48, Kind.FIXED, null, () -> new KeccakDigest(384)),
    KECCAK_512(0x1d, "keccak-512", 64, Kind.FIXED, null, () -> new KeccakDigest(512)),
    /** Default length 32 bytes (table.csv); any other length is the XOF output of that length. */
    BLAKE3(0x1e, "blake3", 32, Kind.XOF, null, Blake3Digest::new),
    SHA2_384(0x20, "sha2-384", 48, Kind.FIXED, "SHA-384", null),
    SHA2_224(0x1013, "sha2-224", 28, Kind.FIXED, "SHA-224", null),
    SHA2_512_224(0x1014, "sha2-512-224", 28, Kind.FIXED, "SHA-512/224", null),
    SHA2_512_256(0x1015, "sha2-512-256", 32, Kind.FIXED, "SHA-512/256", null),
    BLAKE2B_160(0xb214, "blake2b-160", 20, Kind.FIXED, null, () -> new Blake2bDigest(160)),
    BLAKE2B_256(0xb220, "blake2b-256", 32, Kind.FIXED, null, () -> new Blake2bDigest(256)),
    BLAKE2B_384(0xb230, "blake2b-384", 48, Kind.FIXED, null, () -> new Blake2bDigest(384)),
    BLAKE2B_512(0xb240, "blake2b-512", 64, Kind.FIXED, null, () -> new Blake2bDigest(512)),
    BLAKE2S_128(0xb250, "blake2s-128", 16, Kind.FIXED, null, () -> new Blake2sDigest(128)),
    BLAKE2S_160(0xb254, "blake2s-160", 20, Kind.FIXED, null, () -> new Blake2sDigest(160)),
    BLAKE2S_224(0xb25c, "blake2s-224", 28, Kind.FIXED, null, () -> new Blake2sDigest(224)),
    BLAKE2S_256(0xb260, "blake2s-256", 32, Kind.FIXED, null, () -> new Blake2sDigest(256));

    private enum Kind { IDENTITY, FIXED, XOF }

    private static final Map<Long, HashAlgorithm> BY_CODE = new HashMap<>();
    private static final Map<String, HashAlgorithm> BY_NAME = new HashMap<>();

    static {
        for (HashAlgorithm a : values()) {
            BY_CODE.put(a.code, a);
            BY_NAME.put(a.name, a);
        }
    }

    private final long code;
    private final String name;
    private final int digestLength;
    private final Kind kind;
    private final String jdkName;
    private final Supplier<Digest> bouncyCastle;

    HashAlgorithm(long code, String name, int digestLength, Kind kind, String jdkName, Supplier<Digest> bouncyCastle) {
        this.code = code;
        this.name = name;
        this.digestLength = digestLength;
        this.kind = kind;
        this.jdkName = jdkName;
        this.bouncyCastle = bouncyCastle;
    }

    /** The multicodec code, as written in a multihash. */
    public long code() {
        return code;
    }

    /** The multicodec table name, for example {@code sha2-256}. */
    public String multicodecName() {
        return name;
    }

    /** The default (full) digest length in bytes; -1 for identity, whose digest is the data itself. */
    public int digestLength() {
        return digestLength;
    }

    /** Whether any digest length can be produced (BLAKE3, SHAKE), not just truncations of the default. */
    public boolean isExtendableOutput() {
        return kind == Kind.XOF;
    }

    /** The digest of {@code data} at the default length (identity: a copy of the data). */
    public byte[] digest(byte[] data) {
        Objects.requireNonNull(data, "data");
        return kind == Kind.IDENTITY ? data.clone() : digest(data, digestLength);
    }

    /**
     * The digest of {@code data}, {@code length} bytes long: a truncation of the full digest, or for an
     * extendable-output function that much output. For identity, {@code length} must be the data length.
     *
     * @throws MultiformatException if the function cannot produce {@code length} bytes
     */
    public byte[] digest(byte[] data, int length) {
        Objects.requireNonNull(data, "data");
        if (length < 0) {
            throw new MultiformatException(name + ": negative digest length " + length);
        }
        switch (kind) {
            case IDENTITY -> {
                if (length != data.length) {
                    throw new MultiformatException("identity: digest length " + length
                            + " differs from the data length " + data.length);
                }
                return data.clone();
            }
            case FIXED -> {
                if (length > digestLength) {
                    throw new MultiformatException(name + ": digest length " + length
                            + " exceeds the function's " + digestLength + " bytes");
                }
                byte[] full = jdkName != null ? jdkDigest(data) : bouncyCastleDigest(data);
                return length == full.length ? full : Arrays.copyOf(full, length);
            }
            case XOF -> {
                Digest d = bouncyCastle.get();
                d.update(data, 0, data.length);
                byte[] out = new byte[length];
                ((Xof) d).doFinal(out, 0, length);
                return out;
            }
            default -> throw new AssertionError(kind);
        }
    }

    /** The function with this multicodec code; throws {@link MultiformatException} for any other code. */
    public static HashAlgorithm forCode(long code) {
        return lookup(code).orElseThrow(() -> new MultiformatException(
                "multihash: unsupported hash function code 0x" + Long.toHexString(code)));
    }

    /** The function with this multicodec code, if this node supports it. */
    public static Optional<HashAlgorithm> lookup(long code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The function with this multicodec name (for example {@code sha2-256}). */
    public static HashAlgorithm forName(String name) {
        HashAlgorithm a = BY_NAME.get(Objects.requireNonNull(name, "name"));
        if (a == null) {
            throw new MultiformatException("multihash: unsupported hash function \"" + name + "\"");
        }
        return a;
    }

    private byte[] jdkDigest(byte[] data) {
        try {
            return MessageDigest.getInstance(jdkName).digest(data);
        } catch (NoSuchAlgorithmException e) {
            // The JDK's SUN provider has had every SHA-1, SHA-2 and SHA-3 variant used here since JDK 9.
            throw new IllegalStateException(jdkName + " missing from this JDK", e);
        }
    }

    private byte[] bouncyCastleDigest(byte[] data) {
        Digest d = bouncyCastle.get();
        d.update(data, 0, data.length);
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return out;
    }
}
