package io.hypha.node.unixfs;

import io.hypha.block.Blockstore;
import io.hypha.multiformats.HashAlgorithm;
import java.util.Objects;

/**
 * Every setting of a UnixFS import that changes a CID, plus how blocks are written. Start from a
 * {@link #profile(Profile) profile} (or {@link #defaults()}, Kubo's default) and adjust with the {@code with}
 * methods, which follow Kubo's {@code ipfs add} flag rules.
 *
 * <p>Kubo's implied settings, applied by the {@code with} methods (so apply explicit flags in this order:
 * hash, CID version, raw leaves):
 * <ul>
 *   <li>{@link #withCidVersion(int) CID version 1} implies raw leaves ({@code --cid-version=1} without
 *       {@code --raw-leaves=false}); version 0 turns raw leaves off.</li>
 *   <li>A {@link #withHash(HashAlgorithm) hash function} other than sha2-256 forces CID version 1
 *       (CIDv0 holds only sha2-256).</li>
 *   <li>{@link #withRawLeaves(boolean)} sets leaves explicitly; raw leaves under a CIDv0 root are allowed,
 *       as in Kubo (the leaves are then CIDv1 raw blocks).</li>
 * </ul>
 *
 * @param cidVersion 0 or 1: the version of every dag-pb CID (raw leaves are always CIDv1)
 * @param rawLeaves file leaves are raw blocks rather than UnixFS nodes wrapped in dag-pb
 * @param chunker how files are cut into leaves
 * @param layout the file DAG's shape
 * @param maxLinks most links in one file node, {@value #MIN_LINKS} to {@value #MAX_LINKS}
 * @param hash the hash function of every CID (not identity; sha2-256 when CIDv0)
 * @param hamtThreshold a directory whose estimated size is greater than this many bytes becomes a HAMT shard;
 *     0 never shards; at most {@link Blockstore#MAX_BLOCK_SIZE}
 * @param hamtEstimation how that size is estimated
 * @param hamtFanout children per HAMT shard: a power of two, multiple of 8, at most {@value #MAX_HAMT_FANOUT}
 * @param wrapWithDirectory put the imported file or directory inside a new directory under its name
 *     ({@code --wrap-with-directory})
 * @param includeHidden import entries whose names start with {@code .} when walking a directory
 *     ({@code --hidden}; Kubo skips them by default)
 * @param onlyHash compute CIDs without storing any block ({@code --only-hash})
 * @param maxInFlightWrites block writes outstanding at once before the importer waits, 1 to
 *     {@value #MAX_IN_FLIGHT_WRITES}
 */
public record ImportOptions(int cidVersion, boolean rawLeaves, Chunker chunker, Layout layout, int maxLinks,
                            HashAlgorithm hash, int hamtThreshold, HamtSizeEstimation hamtEstimation,
                            int hamtFanout, boolean wrapWithDirectory, boolean includeHidden, boolean onlyHash,
                            int maxInFlightWrites) {
    /** Fewest links per file node: with one, a balanced tree would never widen. */
    public static final int MIN_LINKS = 2;
    /** Most links per file node: 8192 links of ~50 bytes keep a node near 400 KiB, far below the block limit. */
    public static final int MAX_LINKS = 8192;
    /** Kubo's default links per file node (8192 / 47, boxo {@code helpers.DefaultLinksPerBlock}). */
    public static final int V0_MAX_LINKS = 174;
    /** unixfs-v1-2025 links per file node. */
    public static final int V1_MAX_LINKS = 1024;
    /** unixfs-v1-2025 chunk size: 1 MiB. */
    public static final int V1_CHUNK_SIZE = 1024 * 1024;
    /** Both profiles' HAMT threshold: 256 KiB (boxo {@code HAMTShardingSize}). */
    public static final int DEFAULT_HAMT_THRESHOLD = 256 * 1024;
    /** Both profiles' HAMT fanout (boxo {@code DefaultShardWidth}). */
    public static final int DEFAULT_HAMT_FANOUT = 256;
    /** Largest HAMT fanout accepted, as Kubo's {@code Import.UnixFSHAMTDirectoryMaxFanout}. */
    public static final int MAX_HAMT_FANOUT = 1024;
    /** Smallest HAMT fanout: the bitfield is whole bytes. */
    public static final int MIN_HAMT_FANOUT = 8;
    /** Default bound on outstanding block writes. */
    public static final int DEFAULT_IN_FLIGHT_WRITES = 32;
    /** Largest bound on outstanding block writes (each holds up to one chunk in memory). */
    public static final int MAX_IN_FLIGHT_WRITES = 1024;

    public ImportOptions {
        Objects.requireNonNull(chunker, "chunker");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(hamtEstimation, "hamtEstimation");
        if (cidVersion != 0 && cidVersion != 1) {
            throw new IllegalArgumentException("CID version must be 0 or 1, got " + cidVersion);
        }
        if (hash == HashAlgorithm.IDENTITY) {
            throw new IllegalArgumentException("the identity hash cannot address imported blocks");
        }
        if (cidVersion == 0 && hash != HashAlgorithm.SHA2_256) {
            throw new IllegalArgumentException("CIDv0 holds only sha2-256, not " + hash.multicodecName()
                    + ": use CID version 1");
        }
        if (maxLinks < MIN_LINKS || maxLinks > MAX_LINKS) {
            throw new IllegalArgumentException("max links per file node must be " + MIN_LINKS + " to " + MAX_LINKS
                    + ", got " + maxLinks);
        }
        if (hamtThreshold < 0 || hamtThreshold > Blockstore.MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("HAMT threshold must be 0 (never shard) to " + Blockstore.MAX_BLOCK_SIZE
                    + " bytes, got " + hamtThreshold);
        }
        if (hamtFanout < MIN_HAMT_FANOUT || hamtFanout > MAX_HAMT_FANOUT || Integer.bitCount(hamtFanout) != 1) {
            throw new IllegalArgumentException("HAMT fanout must be a power of two from " + MIN_HAMT_FANOUT + " to "
                    + MAX_HAMT_FANOUT + ", got " + hamtFanout);
        }
        if (maxInFlightWrites < 1 || maxInFlightWrites > MAX_IN_FLIGHT_WRITES) {
            throw new IllegalArgumentException("in-flight writes must be 1 to " + MAX_IN_FLIGHT_WRITES + ", got "
                    + maxInFlightWrites);
        }
    }

    /** The settings of an IPIP-0499 profile, with no wrapping, hidden files skipped, blocks stored. */
    public static ImportOptions profile(Profile profile) {
        return switch (profile) {
            case UNIXFS_V0_2015 -> new ImportOptions(0, false, Chunker.size(Chunker.DEFAULT_SIZE), Layout.BALANCED,
                    V0_MAX_LINKS, HashAlgorithm.SHA2_256, DEFAULT_HAMT_THRESHOLD, HamtSizeEstimation.LINKS,
                    DEFAULT_HAMT_FANOUT, false, false, false, DEFAULT_IN_FLIGHT_WRITES);
            case UNIXFS_V1_2025 -> new ImportOptions(1, true, Chunker.size(V1_CHUNK_SIZE), Layout.BALANCED,
                    V1_MAX_LINKS, HashAlgorithm.SHA2_256, DEFAULT_HAMT_THRESHOLD, HamtSizeEstimation.BLOCK,
                    DEFAULT_HAMT_FANOUT, false, false, false, DEFAULT_IN_FLIGHT_WRITES);
        };
    }

    /** Kubo's default {@code ipfs add}: the {@link Profile#UNIXFS_V0_2015} profile. */
    public static ImportOptions defaults() {
        return profile(Profile.UNIXFS_V0_2015);
    }

    /** {@code --cid-version}: version 1 also turns raw leaves on, version 0 off (apply raw leaves after this). */
    public ImportOptions withCidVersion(int version) {
        return new ImportOptions(version, version == 1, chunker, layout, maxLinks, hash, hamtThreshold, hamtEstimation,
                hamtFanout, wrapWithDirectory, includeHidden, onlyHash, maxInFlightWrites);
    }

    /** {@code --raw-leaves}. */
    public ImportOptions withRawLeaves(boolean raw) {
        return new ImportOptions(cidVersion, raw, chunker, layout, maxLinks, hash, hamtThreshold, hamtEstimation,
                hamtFanout, wrapWithDirectory, includeHidden, onlyHash, maxInFlightWrites);
    }

    /** {@code --chunker}. */
    public ImportOptions withChunker(Chunker c) {
        return new ImportOptions(cidVersion, rawLeaves, c, layout, maxLinks, hash, hamtThreshold, hamtEstimation,
                hamtFanout, wrapWithDirectory, includeHidden, onlyHash, maxInFlightWrites);
    }

    /** {@code --trickle} (or back to balanced). */
    public ImportOptions withLayout(Layout l) {
        return new ImportOptions(cidVersion, rawLeaves, chunker, l, maxLinks, hash, hamtThreshold, hamtEstimation,
                hamtFanout, wrapWithDirectory, includeHidden, onlyHash, maxInFlightWrites);
    }

    /** {@code --max-file-links}. */
    public ImportOptions withMaxLinks(int links) {
        return new ImportOptions(cidVersion, rawLeaves, chunker, layout, links, hash, hamtThreshold, hamtEstimation,
                hamtFanout, wrapWithDirectory, includeHidden, onlyHash, maxInFlightWrites);
    }

    /** {@code --hash}: anything but sha2-256 moves to CID version 1 (raw leaves unchanged). */
    public ImportOptions withHash(HashAlgorithm h) {
        int version = h == HashAlgorithm.SHA2_256 ? cidVersion : 1;
        return new ImportOptions(version, rawLeaves, chunker, layout, maxLinks, h, hamtThreshold, hamtEstimation,
                hamtFanout, wrapWithDirectory, includeHidden, onlyHash, maxInFlightWrites);
    }

    /** The HAMT threshold in bytes (0 never shards) and how directory size is estimated against it. */
    public ImportOptions withHamt(int threshold, HamtSizeEstimation estimation, int fanout) {
        return new ImportOptions(cidVersion, rawLeaves, chunker, layout, maxLinks, hash, threshold, estimation,
                fanout, wrapWithDirectory, includeHidden, onlyHash, maxInFlightWrites);
    }

    /** {@code --wrap-with-directory}. */
    public ImportOptions withWrapWithDirectory(boolean wrap) {
        return new ImportOptions(cidVersion, rawLeaves, chunker, layout, maxLinks, hash, hamtThreshold, hamtEstimation,
                hamtFanout, wrap, includeHidden, onlyHash, maxInFlightWrites);
    }

    /** {@code --hidden}. */
    public ImportOptions withIncludeHidden(boolean hidden) {
        return new ImportOptions(cidVersion, rawLeaves, chunker, layout, maxLinks, hash, hamtThreshold, hamtEstimation,
                hamtFanout, wrapWithDirectory, hidden, onlyHash, maxInFlightWrites);
    }

    /** {@code --only-hash}. */
    public ImportOptions withOnlyHash(boolean only) {
        return new ImportOptions(cidVersion, rawLeaves, chunker, layout, maxLinks, hash, hamtThreshold, hamtEstimation,
                hamtFanout, wrapWithDirectory, includeHidden, only, maxInFlightWrites);
    }

    /** The bound on outstanding block writes. */
    public ImportOptions withMaxInFlightWrites(int writes) {
        return new ImportOptions(cidVersion, rawLeaves, chunker, layout, maxLinks, hash, hamtThreshold, hamtEstimation,
                hamtFanout, wrapWithDirectory, includeHidden, onlyHash, writes);
    }
}
