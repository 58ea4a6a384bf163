package io.hypha.node.ipld;

import io.hypha.block.Block;
import io.hypha.multiformats.Cid;
import io.hypha.node.unixfs.DagPb;
import io.hypha.node.unixfs.DagPbException;
import io.hypha.node.unixfs.PbLink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The links of a block with their names, in order: a dag-pb link's name (empty when absent), and for DAG-CBOR and
 * DAG-JSON the path to the link inside the block ({@code "a/0/b"}), as go-ipld-cbor names them; raw blocks have
 * none. What {@code refs --format=<linkname>} prints.
 */
public final class IpldLinks {
    /** One link: its name and target. */
    public record NamedLink(String name, Cid cid) {}

    private IpldLinks() {}

    /** The links of {@code block}, decoded with its CID's codec. */
    public static List<NamedLink> of(Block block) {
        IpldCodec codec = IpldCodec.forCode(block.cid().codec());
        List<NamedLink> out = new ArrayList<>();
        switch (codec) {
            case RAW -> { }
            case DAG_PB -> {
                try {
                    for (PbLink l : DagPb.decode(block.data()).links()) {
                        out.add(new NamedLink(l.name() == null ? "" : l.name(), l.hash()));
                    }
                } catch (DagPbException e) {
                    throw new IpldCodecException(e.getMessage(), e);
                }
            }
            default -> collect(codec.decode(block.data()), "", out);
        }
        return out;
    }

    private static void collect(Ipld value, String path, List<NamedLink> out) {
        switch (value) {
            case Ipld.LinkNode l -> out.add(new NamedLink(path, l.cid()));
            case Ipld.MapNode m -> {
                for (Map.Entry<String, Ipld> e : m.entries().entrySet()) {
                    collect(e.getValue(), path.isEmpty() ? e.getKey() : path + "/" + e.getKey(), out);
                }
            }
            case Ipld.ListNode l -> {
                for (int i = 0; i < l.items().size(); i++) {
                    collect(l.items().get(i), path.isEmpty() ? Integer.toString(i) : path + "/" + i, out);
                }
            }
            default -> { }
        }
    }
}
