package io.hypha.node.dag;

import io.hypha.block.Block;
import io.hypha.block.BlockNotFoundException;
import io.hypha.block.BlockSource;
import io.hypha.multiformats.Cid;
import io.hypha.node.internal.Futures;
import io.hypha.node.ipld.Ipld;
import io.hypha.node.ipld.IpldCodec;
import io.hypha.node.ipld.IpldLinks;
import io.hypha.node.ipld.IpldPath;
import io.hypha.node.ipld.IpldPathException;
import io.hypha.node.unixfs.DagPb;
import io.hypha.node.unixfs.Exporter;
import io.hypha.node.unixfs.PbNode;
import io.hypha.node.unixfs.UnixfsData;
import io.hypha.node.unixfs.UnixfsException;
import io.hypha.node.unixfs.UnixfsType;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a path under a CID as Kubo does: inside a block through map keys and list indexes, across blocks
 * through every link met on the way (a path ending on a link ends at the linked block), and at the top of a dag-pb
 * block by link name first (a UnixFS directory's entry names, HAMT shards included), then through dag-pb's data
 * model form ({@code Links/0/Hash}).
 *
 * <p>Blocking: it waits on the source's futures, so call it from a worker thread.
 */
public final class DagPath {
    private DagPath() {}

    /**
     * Where a path ends: the block it ends in, the node reached inside it, and whether that node is the whole
     * block (no step taken inside it).
     */
    public record Resolved(Cid block, Ipld node, boolean whole) {}

    /** Follows {@code path} (segments split on {@code /}; empty means the root itself) from {@code root}. */
    public static Resolved resolve(BlockSource source, Cid root, String path) throws IOException {
        List<String> segments = IpldPath.parse(path == null ? "" : path);
        Cid at = root;
        int next = 0;
        while (true) {
            Cid current = at;
            Block block = Futures.await(source.get(at), "reading " + at).orElseThrow(() -> new BlockNotFoundException(
                    current, current.equals(root) ? "the root of the path" : "resolving a path under " + root));
            IpldCodec codec = IpldCodec.forCode(at.codec());
            Ipld node = codec.decode(block.data());
            Cid followed = null;
            boolean whole = true;
            while (next < segments.size() && followed == null) {
                String segment = segments.get(next++);
                Optional<Cid> named = whole && codec == IpldCodec.DAG_PB ? entry(source, block, segment)
                        : Optional.empty();
                if (named.isPresent()) {
                    followed = named.get();
                    break;
                }
                try {
                    node = IpldPath.child(node, segment);
                } catch (IpldPathException e) {
                    // a name a dag-pb node has neither as a link nor as a field: Kubo's words for it
                    throw new IpldPathException(whole && codec == IpldCodec.DAG_PB
                            ? "no link named \"" + segment + "\" under " + at : e.getMessage() + " under " + at);
                }
                whole = false;
                if (node instanceof Ipld.LinkNode link) {
                    followed = link.cid();
                }
            }
            if (followed == null) {
                return new Resolved(at, node, whole);
            }
            at = followed;
        }
    }

    /** The CID a path names, which must be a whole block (not a value inside one). */
    public static Cid resolveCid(BlockSource source, Cid root, String path) throws IOException {
        Resolved r = resolve(source, root, path);
        if (!r.whole()) {
            throw new IpldPathException("path /ipfs/" + root + "/" + path + " ends inside block " + r.block()
                    + ", not on a block");
        }
        return r.block();
    }

    /** A dag-pb block's child by name: a UnixFS directory's entry (HAMT shards walked), else a link's name. */
    private static Optional<Cid> entry(BlockSource source, Block block, String name) throws IOException {
        PbNode pb = DagPb.decode(block.data());
        UnixfsType type = null;
        if (pb.hasData()) {
            try {
                type = UnixfsData.decode(pb.data()).type();
            } catch (UnixfsException e) {
                type = null; // plain dag-pb: names are its links' names
            }
        }
        if (type == UnixfsType.DIRECTORY || type == UnixfsType.HAMT_SHARD) {
            return new Exporter(source).entry(block.cid(), name);
        }
        return IpldLinks.of(block).stream().filter(l -> l.name().equals(name)).map(IpldLinks.NamedLink::cid)
                .findFirst();
    }
}
