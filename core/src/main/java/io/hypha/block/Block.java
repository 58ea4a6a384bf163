package io.hypha.block;

import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multicodec;
import io.hypha.multiformats.Multihash;
import java.util.Arrays;
import java.util.Objects;

/**
 * A block: its CID and its bytes. The array is copied in and out, so a block is immutable.
 * Construction does not check the hash; {@link #hashMatches()} does, and every {@link Blockstore}
 * checks before storing.
 *
 * @param cid the block's CID
 * @param data the block's bytes
 */
public record Block(Cid cid, byte[] data) {
    public Block {
        Objects.requireNonNull(cid, "cid");
        data = Objects.requireNonNull(data, "data").clone();
    }

    /** Hashes {@code data} with {@code algorithm} and makes a CIDv1 block of {@code codec}. */
    public static Block of(Multicodec codec, HashAlgorithm algorithm, byte[] data) {
        return new Block(Cid.v1(codec, Multihash.digest(algorithm, data)), data);
    }

    /** A raw block (CIDv1, codec raw, sha2-256), as {@code ipfs block put} makes by default. */
    public static Block raw(byte[] data) {
        return of(Multicodec.RAW, HashAlgorithm.SHA2_256, data);
    }

    /** The bytes (a copy). */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Number of bytes in the block. */
    public int size() {
        return data.length;
    }

    /**
     * Whether the bytes hash to the CID's multihash.
     *
     * @throws io.hypha.multiformats.MultiformatException when the CID's hash function is not supported
     */
    public boolean hashMatches() {
        return cid.multihash().verify(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Block b && cid.equals(b.cid) && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return 31 * cid.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Block[" + cid + ", " + data.length + " bytes]";
    }
}
