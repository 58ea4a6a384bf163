package io.hypha.node.gateway;

import java.util.Locale;

/**
 * What a CAR answer carries and how (ipfs/specs {@code trustless-gateway.md}): the DAG scope under the path's
 * last CID, an optional byte range of a file entity, and whether a block repeated in the walk is written again.
 * The order is always depth-first pre-order ({@code order=dfs}, which also answers {@code order=unk}) and the
 * version always 1.
 */
record CarOptions(Scope scope, EntityBytes entityBytes, boolean dups) {
    /** {@code dag-scope}. */
    enum Scope {
        /** The last block of the path only. */
        BLOCK,
        /** The blocks needed to read the entity at the end of the path (a file's bytes, a directory's own nodes). */
        ENTITY,
        /** The whole DAG under the end of the path (the default). */
        ALL;

        static Scope parse(String value) {
            return switch (value) {
                case "block" -> BLOCK;
                case "entity" -> ENTITY;
                case "all" -> ALL;
                default -> throw GatewayException.badRequest("dag-scope must be block, entity or all, not '"
                        + value + "'");
            };
        }

        String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final CarOptions DEFAULT = new CarOptions(Scope.ALL, null, false);

    /** The answer's {@code Content-Type}, naming what was actually written. */
    String contentType() {
        return "application/vnd.ipld.car; version=1; order=dfs; dups=" + (dups ? "y" : "n");
    }

    /** A short stable digest of the options, for the answer's {@code Etag}. */
    String digest() {
        String key = scope.text() + "|" + (entityBytes == null ? "" : entityBytes) + "|" + dups;
        return Integer.toHexString(key.hashCode());
    }
}
