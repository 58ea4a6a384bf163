package io.hypha.node.unixfs;

/**
 * The named UnixFS import profiles of IPIP-0499 ({@code ipfs/specs src/ipips/ipip-0499.md}); each fixes every
 * parameter that changes a CID. {@link ImportOptions#profile(Profile)} gives the settings.
 */
public enum Profile {
    /**
     * {@code unixfs-v0-2015}: Kubo's default through 0.39. CIDv0, sha2-256, 256 KiB chunks, balanced layout,
     * 174 links per node, dag-pb (UnixFS File) leaves, HAMT (fanout 256) above 256 KiB by the links-bytes estimate.
     */
    UNIXFS_V0_2015("unixfs-v0-2015"),
    /**
     * {@code unixfs-v1-2025}: CIDv1, sha2-256, raw leaves, 1 MiB chunks, balanced layout, 1024 links per node,
     * HAMT (fanout 256) above 256 KiB by the block-bytes estimate.
     */
    UNIXFS_V1_2025("unixfs-v1-2025");

    private final String id;

    Profile(String id) {
        this.id = id;
    }

    /** The profile's name as IPIP-0499 and Kubo's {@code --profile} spell it. */
    public String id() {
        return id;
    }

    /** The profile with this IPIP-0499 name; throws {@link IllegalArgumentException} naming the known ones. */
    public static Profile forId(String id) {
        for (Profile p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown UnixFS profile '" + id + "' (known: unixfs-v0-2015, unixfs-v1-2025)");
    }

    @Override
    public String toString() {
        return id;
    }
}
