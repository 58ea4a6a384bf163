package io.hypha.node.store;

import io.hypha.multiformats.MultiformatException;
import io.hypha.multiformats.Multibase;
import io.hypha.multiformats.Multihash;
import java.nio.file.Path;
import java.util.Optional;

/**
 * File names of Kubo's flatfs block store (ipfs/go-ds-flatfs with Kubo's default
 * {@code /repo/flatfs/shard/v1/next-to-last/2}), so a Kubo repository's {@code blocks} directory and ours
 * are interchangeable.
 *
 * <p>A block's key is boxo's {@code dshelp.MultihashToDsKey}: the multihash bytes in RFC 4648 base32,
 * upper case, no padding ({@code base32.RawStdEncoding}); a sha2-256 key therefore starts {@code CIQ}.
 * The file is {@code <shard>/<key>.data}, where the shard directory is the two characters before the
 * key's last one ({@code NextToLast(2)}; keys shorter than three characters are left-padded with '_').
 */
final class FlatfsLayout {
    /** The file naming the shard function, as go-ds-flatfs {@code WriteShardFunc} writes it (plus a newline). */
    static final String SHARDING_FILE = "SHARDING";
    /** Kubo's default shard function id. */
    static final String SHARD_FUNCTION = "/repo/flatfs/shard/v1/next-to-last/2";
    /** A human-readable note written next to {@link #SHARDING_FILE} in a new store, as go-ds-flatfs does. */
    static final String README_FILE = "_README";
    /** Block file extension. */
    static final String EXTENSION = ".data";
    /** Prefix of temporary files written before the atomic rename (go-ds-flatfs uses the same). */
    static final String TEMP_PREFIX = "put-";
    /** The "2" of next-to-last/2. */
    static final int SHARD_LENGTH = 2;
    private static final char SHARD_PADDING = '_';

    static final String README = """
            This directory holds IPFS blocks in Kubo's flatfs layout.
            Each block is one file, <KEY>.data, where KEY is the block's multihash in
            upper-case RFC 4648 base32 without padding. Files are spread over
            subdirectories named by the two characters before the last character
            of KEY (shard function /repo/flatfs/shard/v1/next-to-last/2, see SHARDING).
            For example the key CIQ...ABCD is stored as BC/CIQ...ABCD.data.
            """;

    private FlatfsLayout() {}

    static String key(Multihash multihash) {
        return Multibase.BASE32_UPPER.encodeRaw(multihash.bytes());
    }

    static String shard(String key) {
        String padded = String.valueOf(SHARD_PADDING).repeat(SHARD_LENGTH + 1) + key;
        int offset = padded.length() - SHARD_LENGTH - 1;
        return padded.substring(offset, offset + SHARD_LENGTH);
    }

    static Path shardDir(Path root, String key) {
        return root.resolve(shard(key));
    }

    static Path file(Path root, String key) {
        return shardDir(root, key).resolve(key + EXTENSION);
    }

    /** The multihash a block file name stands for, or empty for any other file (temporary files, notes). */
    static Optional<Multihash> parse(String fileName) {
        if (!fileName.endsWith(EXTENSION)) {
            return Optional.empty();
        }
        String key = fileName.substring(0, fileName.length() - EXTENSION.length());
        try {
            return Optional.of(Multihash.decode(Multibase.BASE32_UPPER.decodeRaw(key)));
        } catch (MultiformatException e) {
            return Optional.empty();
        }
    }

    /**
     * go-ds-flatfs {@code parseShardFunc}: trims whitespace and compares the last three path components,
     * so "/repo/flatfs/shard/v1/next-to-last/2\n" and "v1/next-to-last/2" both name Kubo's layout.
     */
    static boolean isSupportedShardFunction(String text) {
        String[] ours = SHARD_FUNCTION.split("/");
        String[] theirs = text.strip().split("/");
        if (theirs.length < 3) {
            return false;
        }
        for (int i = 1; i <= 3; i++) {
            if (!ours[ours.length - i].equals(theirs[theirs.length - i])) {
                return false;
            }
        }
        return true;
    }
}
