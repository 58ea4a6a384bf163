package io.hypha.node.unixfs;

import io.hypha.multiformats.Cid;
import java.util.Objects;

/**
 * A dag-pb {@code PBLink}: the target's CID, an optional name and an optional cumulative size.
 * {@code null} means "absent on the wire"; an empty name is distinct from an absent one (Kubo writes
 * {@code 12 00} for the unnamed links of a file root).
 *
 * @param hash the target block's CID (required)
 * @param name UTF-8 link name, or null when absent
 * @param tsize cumulative size of the target's subtree in bytes, or null when absent
 */
public record PbLink(Cid hash, String name, Long tsize) {
    public PbLink {
        Objects.requireNonNull(hash, "hash");
        if (tsize != null && tsize < 0) {
            throw new DagPbException("link Tsize " + tsize + " is negative");
        }
    }

    /** A link with name and size, as directory entries carry. */
    public static PbLink of(Cid hash, String name, long tsize) {
        return new PbLink(hash, name, tsize);
    }
}
