package io.hypha.node.unixfs;

import java.util.Locale;

/**
 * A fixed-size chunker: files are cut into chunks of exactly {@code size} bytes, the last one shorter.
 * Parsed from Kubo's {@code --chunker} syntax {@code size-N}; {@code default} means {@link #DEFAULT_SIZE}.
 * Content-defined chunkers ({@code rabin}, {@code buzhash}) are not supported and are refused by name.
 *
 * @param size chunk size in bytes, 1 to {@link #MAX_SIZE}
 */
public record Chunker(int size) {
    /** Kubo's default chunk: 256 KiB (boxo {@code chunker.DefaultBlockSize}). */
    public static final int DEFAULT_SIZE = 256 * 1024;
    /**
     * The largest chunk: 1 MiB of payload (boxo {@code chunker.ChunkSizeLimit}), which keeps a wrapped dag-pb
     * leaf well under the 2 MiB block limit every peer accepts.
     */
    public static final int MAX_SIZE = 1024 * 1024;

    private static final String SIZE_PREFIX = "size-";

    public Chunker {
        if (size < 1) {
            throw new IllegalArgumentException("chunker size must be greater than 0, got " + size);
        }
        if (size > MAX_SIZE) {
            throw new IllegalArgumentException("chunker size " + size + " exceeds the maximum chunk size of "
                    + MAX_SIZE + " bytes");
        }
    }

    /** A fixed-size chunker of {@code size} bytes. */
    public static Chunker size(int size) {
        return new Chunker(size);
    }

    /**
     * Parses Kubo's chunker syntax: {@code size-N} or {@code default}.
     *
     * @throws IllegalArgumentException for anything else, naming what is accepted
     */
    public static Chunker parse(String spec) {
        if (spec == null || spec.isEmpty() || spec.equals("default")) {
            return new Chunker(DEFAULT_SIZE);
        }
        if (spec.startsWith(SIZE_PREFIX)) {
            String n = spec.substring(SIZE_PREFIX.length());
            long value;
            try {
                value = Long.parseLong(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("chunker '" + spec + "': '" + n + "' is not a byte count", e);
            }
            if (value > MAX_SIZE) {
                throw new IllegalArgumentException("chunker '" + spec + "' exceeds the maximum chunk size of "
                        + MAX_SIZE + " bytes");
            }
            return new Chunker((int) Math.max(value, 0));
        }
        String lower = spec.toLowerCase(Locale.ROOT);
        if (lower.startsWith("rabin") || lower.startsWith("buzhash")) {
            throw new IllegalArgumentException("chunker '" + spec + "' is not supported: only fixed-size chunking"
                    + " (size-N) is implemented");
        }
        throw new IllegalArgumentException("unrecognized chunker '" + spec + "' (expected size-N or default)");
    }

    /** Kubo's spelling, {@code size-N}. */
    @Override
    public String toString() {
        return SIZE_PREFIX + size;
    }
}
