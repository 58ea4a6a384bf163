package io.hypha.multiformats;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A self-describing digest (multiformats/multihash): {@code uvarint code ‖ uvarint length ‖ digest}.
 * Immutable; equality and hash code are those of the encoded bytes; {@link #toString()} is base58btc.
 *
 * <p>Codes this node cannot compute are kept as numbers, so a multihash from the network survives a
 * round trip. A digest may be shorter than its function's output (a truncated digest); it may not be
 * longer than a fixed-length function produces, nor longer than {@link #MAX_DIGEST_LENGTH}.
 */
public final class Multihash {
    /**
     * The longest digest accepted, identity included: 128 bytes, boxo {@code verifcid}'s limit and the
     * UnixFS spec's limit for identity CIDs.
     */
    public static final int MAX_DIGEST_LENGTH = 128;
    /** The longest encoding: a nine-byte code, a two-byte length and {@link #MAX_DIGEST_LENGTH} bytes. */
    public static final int MAX_ENCODED_LENGTH = Varint.MAX_BYTES + 2 + MAX_DIGEST_LENGTH;

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;
    private final long code;
    private final int digestOffset;
    private final int hashCode;

    private Multihash(byte[] bytes, long code, int digestOffset) {
        this.bytes = bytes;
        this.code = code;
        this.digestOffset = digestOffset;
        this.hashCode = Arrays.hashCode(bytes);
    }

    /** A multihash of {@code digest} made by {@code algorithm}. */
    public static Multihash of(HashAlgorithm algorithm, byte[] digest) {
        return of(Objects.requireNonNull(algorithm, "algorithm").code(), digest);
    }

    /** A multihash with any function code (0 to 2^63-1), known to this node or not. */
    public static Multihash of(long code, byte[] digest) {
        Objects.requireNonNull(digest, "digest");
        if (code < 0) {
            throw new MultiformatException("multihash: negative function code " + code);
        }
        checkLength(code, digest.length);
        int header = Varint.size(code) + Varint.size(digest.length);
        byte[] bytes = new byte[header + digest.length];
        int at = Varint.write(code, bytes, 0);
        Varint.write(digest.length, bytes, at);
        System.arraycopy(digest, 0, bytes, header, digest.length);
        return new Multihash(bytes, code, header);
    }

    /** Hashes {@code data} with {@code algorithm} at its default length. */
    public static Multihash digest(HashAlgorithm algorithm, byte[] data) {
        return of(algorithm, algorithm.digest(data));
    }

    /** Hashes {@code data} with {@code algorithm}, keeping {@code lengthBytes} bytes of digest. */
    public static Multihash digest(HashAlgorithm algorithm, byte[] data, int lengthBytes) {
        return of(algorithm, algorithm.digest(data, lengthBytes));
    }

    /** Decodes exactly one multihash filling {@code bytes}; trailing bytes are an error. */
    public static Multihash decode(byte[] bytes) {
        return decode(bytes, 0, Objects.requireNonNull(bytes, "bytes").length);
    }

    /** Decodes exactly one multihash filling {@code bytes[offset, offset + length)}. */
    static Multihash decode(byte[] in, int offset, int length) {
        int limit = offset + length;
        Varint.Decoded code = Varint.decode(in, offset, limit);
        Varint.Decoded len = Varint.decode(in, offset + code.length(), limit);
        int header = code.length() + len.length();
        checkLength(code.value(), len.value());
        int available = length - header;
        if (len.value() != available) {
            throw new MultiformatException("multihash: length field says " + len.value()
                    + " digest bytes but " + available + " follow");
        }
        return new Multihash(Arrays.copyOfRange(in, offset, limit), code.value(), header);
    }

    /**
     * Reads one multihash at the buffer's position and advances past it. On failure the position is
     * left where it was.
     */
    public static Multihash read(ByteBuffer in) {
        int start = in.position();
        try {
            long code = Varint.read(in);
            long length = Varint.read(in);
            checkLength(code, length);
            if (in.remaining() < length) {
                throw new MultiformatException("multihash: length field says " + length
                        + " digest bytes but only " + in.remaining() + " remain");
            }
            int header = in.position() - start;
            byte[] bytes = new byte[header + (int) length];
            in.get(start, bytes);
            in.position(start + bytes.length);
            return new Multihash(bytes, code, header);
        } catch (MultiformatException e) {
            in.position(start);
            throw e;
        }
    }

    private static void checkLength(long code, long length) {
        if (length > MAX_DIGEST_LENGTH) {
            throw new MultiformatException("multihash: digest length " + length + " exceeds the limit of "
                    + MAX_DIGEST_LENGTH);
        }
        HashAlgorithm known = HashAlgorithm.lookup(code).orElse(null);
        if (known != null && !known.isExtendableOutput() && known.digestLength() >= 0
                && length > known.digestLength()) {
            throw new MultiformatException("multihash: " + known.multicodecName() + " digest of " + length
                    + " bytes is longer than the function's " + known.digestLength());
        }
    }

    /** The hash function's multicodec code. */
    public long code() {
        return code;
    }

    /** The hash function, if this node supports it. */
    public Optional<HashAlgorithm> algorithm() {
        return HashAlgorithm.lookup(code);
    }

    /** A copy of the digest. */
    public byte[] digest() {
        return Arrays.copyOfRange(bytes, digestOffset, bytes.length);
    }

    /** The digest length in bytes. */
    public int digestLength() {
        return bytes.length - digestOffset;
    }

    /** A copy of the encoded multihash. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Length of the encoding in bytes. */
    public int encodedLength() {
        return bytes.length;
    }

    /** Writes the encoding at the buffer's position, advancing it. */
    public void writeTo(ByteBuffer out) {
        out.put(bytes);
    }

    /** Copies the encoding into {@code out} at {@code offset}; returns the number of bytes written. */
    int writeTo(byte[] out, int offset) {
        System.arraycopy(bytes, 0, out, offset, bytes.length);
        return bytes.length;
    }

    /**
     * Whether this is the digest of {@code data}: recomputes it with the same function at the same length
     * (identity: compares the data itself) and compares in constant time.
     *
     * @throws MultiformatException if this node does not support the hash function: an unverifiable
     *     multihash is not reported as a mismatch, so callers cannot mistake one for the other
     */
    public boolean verify(byte[] data) {
        Objects.requireNonNull(data, "data");
        HashAlgorithm algorithm = algorithm().orElseThrow(() -> new MultiformatException(
                "multihash: cannot verify, unsupported hash function code 0x" + Long.toHexString(code)));
        byte[] expected = digest();
        if (algorithm == HashAlgorithm.IDENTITY) {
            return MessageDigest.isEqual(expected, data);
        }
        return MessageDigest.isEqual(expected, algorithm.digest(data, expected.length));
    }

    /** The encoding in base58btc without a multibase prefix (the form of CIDv0 and RSA peer ids). */
    public String toBase58() {
        return Multibase.BASE58_BTC.encodeRaw(bytes);
    }

    /** The encoding in lower-case hexadecimal, as the multihash test vectors write it. */
    public String toHex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multihash other && hashCode == other.hashCode && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hashCode;
    }

    /** The base58btc form, as {@link #toBase58()}. */
    @Override
    public String toString() {
        return toBase58();
    }
}
