package io.hypha.protocol.kad.routing;

import io.hypha.multiformats.HashAlgorithm;
import io.hypha.peer.PeerId;
import java.util.Arrays;
import java.util.Objects;

/**
 * A point in the DHT's 256-bit keyspace: the SHA-256 of a peer id's multihash bytes or of a record or provider
 * key (spec, "Distance"). Distances are XOR, compared as unsigned big-endian numbers.
 */
public final class KadKey implements Comparable<KadKey> {
    /** Bytes of a key. */
    public static final int BYTES = 32;

    private final byte[] bytes;

    private KadKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The key of a peer. */
    public static KadKey ofPeer(PeerId peer) {
        return new KadKey(peer.kadId());
    }

    /** The key of a record or provider key, or of a FIND_NODE target: SHA-256 of the bytes. */
    public static KadKey of(byte[] key) {
        return new KadKey(HashAlgorithm.SHA2_256.digest(key));
    }

    /** A key from its 32 digest bytes (already hashed). */
    public static KadKey fromDigest(byte[] digest) {
        if (digest.length != BYTES) {
            throw new IllegalArgumentException("a kad key is " + BYTES + " bytes, got " + digest.length);
        }
        return new KadKey(digest.clone());
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** XOR distance to {@code other}, itself a key-sized number (compare with {@link #compareTo}). */
    public KadKey distance(KadKey other) {
        byte[] d = new byte[BYTES];
        for (int i = 0; i < BYTES; i++) {
            d[i] = (byte) (bytes[i] ^ other.bytes[i]);
        }
        return new KadKey(d);
    }

    /** Leading bits this key shares with {@code other}: 256 for equal keys. Bucket i holds peers at i. */
    public int commonPrefixLength(KadKey other) {
        for (int i = 0; i < BYTES; i++) {
            int x = (bytes[i] ^ other.bytes[i]) & 0xff;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return BYTES * 8;
    }

    /** Whether this key is closer to {@code target} than {@code other} is (strictly). */
    public boolean closerTo(KadKey target, KadKey other) {
        return compareDistance(target, other) < 0;
    }

    /** Compares the distances of this key and {@code other} to {@code target}, without allocating. */
    public int compareDistance(KadKey target, KadKey other) {
        for (int i = 0; i < BYTES; i++) {
            int a = (bytes[i] ^ target.bytes[i]) & 0xff;
            int b = (other.bytes[i] ^ target.bytes[i]) & 0xff;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        return 0;
    }

    /** Unsigned big-endian order (meaningful on distances). */
    @Override
    public int compareTo(KadKey o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KadKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    static KadKey unchecked(byte[] bytes) {
        return new KadKey(Objects.requireNonNull(bytes));
    }
}
