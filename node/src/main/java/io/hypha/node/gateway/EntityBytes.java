package io.hypha.node.gateway;

import java.util.Optional;

/**
 * The trustless gateway's {@code entity-bytes=from:to} (ipfs/specs {@code trustless-gateway.md},
 * "entity-bytes"): which bytes of a UnixFS file the CAR must carry the blocks of. {@code from} is a byte offset,
 * negative counting back from the end; {@code to} is the last byte included, negative counting back from the end
 * ({@code -1} is the last byte), or {@code *} ({@code null} here) for the end.
 */
record EntityBytes(long from, Long to) {
    /** All of the entity: {@code 0:*}. */
    static final EntityBytes ALL = new EntityBytes(0, null);

    /** Parses {@code from:to}; a malformed value, or a non-negative {@code to} before {@code from}, is a 400. */
    static EntityBytes parse(String value) {
        int colon = value.indexOf(':');
        if (colon < 0) {
            throw GatewayException.badRequest("entity-bytes must be from:to, not '" + value + "'");
        }
        try {
            long from = Long.parseLong(value.substring(0, colon));
            String toText = value.substring(colon + 1);
            Long to = toText.equals("*") ? null : Long.valueOf(toText);
            if (from >= 0 && to != null && to >= 0 && to < from) {
                throw GatewayException.badRequest("entity-bytes " + value + ": to is before from");
            }
            return new EntityBytes(from, to);
        } catch (NumberFormatException e) {
            throw GatewayException.badRequest("entity-bytes must be from:to with integers (to may be *), not '"
                    + value + "'");
        }
    }

    /**
     * The first and last byte (inclusive) this range covers in an entity of {@code size} bytes; empty when it covers
     * none (the entity is empty, or the range starts past its end or ends before its start).
     */
    Optional<long[]> resolve(long size) {
        long start = from >= 0 ? from : Math.max(0, size + from);
        long end = to == null ? size - 1 : to >= 0 ? Math.min(to, size - 1) : size + to;
        if (size == 0 || start >= size || end < start) {
            return Optional.empty();
        }
        return Optional.of(new long[] {start, end});
    }

    @Override
    public String toString() {
        return from + ":" + (to == null ? "*" : to.toString());
    }
}
