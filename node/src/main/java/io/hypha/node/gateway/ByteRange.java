package io.hypha.node.gateway;

import java.util.Optional;

/**
 * One byte range of an HTTP {@code Range} header (RFC 9110 section 14.2): {@code bytes=a-b}, {@code bytes=a-} or
 * {@code bytes=-n}, resolved against the entity's size. Of a header naming several ranges only the first is served
 * (206 with that range's {@code Content-Range}, no multipart body), which RFC 9110 allows (a server may ignore
 * Range, or part of it) and the gateway conformance suite accepts; a header in another unit is ignored (200). A
 * malformed {@code bytes=} range, or one that starts past the end, is unsatisfiable (416).
 *
 * @param first the first byte
 * @param last the last byte, inclusive
 */
record ByteRange(long first, long last) {
    long length() {
        return last - first + 1;
    }

    /** Thrown for a range that cannot be served: answered 416 with {@code Content-Range: bytes * /size}. */
    static final class Unsatisfiable extends RuntimeException {
        Unsatisfiable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The range {@code header} asks for in an entity of {@code size} bytes; empty when the whole entity is to be
     * sent (no header, another unit).
     *
     * @throws Unsatisfiable for a malformed or unsatisfiable single byte range
     */
    static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return Optional.empty();
        }
        String spec = h.substring(6).trim();
        int comma = spec.indexOf(',');
        if (comma >= 0) {
            spec = spec.substring(0, comma).trim();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            throw new Unsatisfiable("malformed range '" + spec + "'");
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                long suffix = parseDigits(b);
                if (suffix == 0 || size == 0) {
                    throw new Unsatisfiable("empty suffix range");
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = parseDigits(a);
            long last = b.isEmpty() ? size - 1 : parseDigits(b);
            if (last < first) {
                throw new Unsatisfiable("range ends before it starts");
            }
            if (first >= size) {
                throw new Unsatisfiable("range starts at " + first + ", past the end (" + size + " bytes)");
            }
            return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
        } catch (NumberFormatException e) {
            throw new Unsatisfiable("malformed range '" + spec + "'");
        }
    }

    private static long parseDigits(String s) {
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException(s);
        }
        return Long.parseLong(s);
    }
}
