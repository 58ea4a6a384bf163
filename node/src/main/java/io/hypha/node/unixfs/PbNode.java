package io.hypha.node.unixfs;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A dag-pb {@code PBNode}: links in their stored order and an optional opaque {@code Data} field
 * (for UnixFS, an encoded {@link UnixfsData}). The data array is copied in and out.
 *
 * @param links the node's links, in order (never null; empty when the node has none)
 * @param data the Data field, or null when absent (distinct from present-but-empty)
 */
public record PbNode(List<PbLink> links, byte[] data) {
    public PbNode {
        links = links == null ? List.of() : List.copyOf(links);
        data = data == null ? null : data.clone();
    }

    /** A node with links and no Data field. */
    public static PbNode of(List<PbLink> links) {
        return new PbNode(links, null);
    }

    /** The Data field (a copy), or null when absent. */
    @Override
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    /** Whether the Data field is present. */
    public boolean hasData() {
        return data != null;
    }

    /** The Data field decoded as UnixFS, throwing {@link UnixfsException} if absent or malformed. */
    public UnixfsData unixfs() {
        if (data == null) {
            throw new UnixfsException("dag-pb node has no Data field, so no UnixFS metadata");
        }
        return UnixfsData.decode(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PbNode n && links.equals(n.links) && Arrays.equals(data, n.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(links, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "PbNode[links=" + links + ", data=" + (data == null ? "absent" : data.length + " bytes") + "]";
    }
}
