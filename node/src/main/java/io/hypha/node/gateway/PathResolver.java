package io.hypha.node.gateway;

import io.hypha.block.Block;
import io.hypha.block.BlockSource;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multicodec;
import io.hypha.node.unixfs.DagPb;
import io.hypha.node.unixfs.HamtLookup;
import io.hypha.node.unixfs.PbLink;
import io.hypha.node.unixfs.PbNode;
import io.hypha.node.unixfs.UnixfsException;
import io.hypha.node.unixfs.UnixfsType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves a UnixFS content path ({@code CID/a/b}) asynchronously, one block at a time, remembering every block it
 * read on the way (directories and the HAMT shards a name's hash led through), so a CAR answer can carry exactly the
 * blocks a client needs to verify the path (ipfs/specs {@code trustless-gateway.md}, "CAR responses"). A missing
 * name or block is a 404; a path through anything but a UnixFS directory (a file, a DAG-CBOR node) is a 404 too, as
 * this gateway resolves UnixFS paths only.
 */
final class PathResolver {
    private final BlockSource blocks;

    PathResolver(BlockSource blocks) {
        this.blocks = blocks;
    }

    /**
     * Where a path ends.
     *
     * @param block the block at the end of the path
     * @param traversed the blocks read before it, in order (the root, shards, directories); empty for a bare CID
     * @param segmentCids the CID of the root and of each path segment, for {@code X-Ipfs-Roots}
     */
    record Resolved(Block block, List<Block> traversed, List<Cid> segmentCids) {
        Cid cid() {
            return block.cid();
        }
    }

    CompletableFuture<Resolved> resolve(Cid root, List<String> segments) {
        return load(root, "the root").thenCompose(block -> step(new Resolved(block, List.of(), List.of(root)),
                segments, 0));
    }

    /** The block at {@code cid}, or a 404 when neither the store nor (online) a peer has it. */
    CompletableFuture<Block> load(Cid cid, String what) {
        return blocks.get(cid).thenApply(found -> found.orElseThrow(() -> GatewayException.notFound(
                "block " + cid + " (" + what + ") not found")));
    }

    private CompletableFuture<Resolved> step(Resolved at, List<String> segments, int i) {
        if (i == segments.size()) {
            return CompletableFuture.completedFuture(at);
        }
        String name = segments.get(i);
        List<Block> traversed = new ArrayList<>(at.traversed());
        traversed.add(at.block());
        return child(at.block(), name, traversed, 0).thenCompose(link -> load(link, "'" + name + "'")
                .thenCompose(block -> {
                    List<Cid> cids = new ArrayList<>(at.segmentCids());
                    cids.add(link);
                    return step(new Resolved(block, List.copyOf(traversed), List.copyOf(cids)), segments, i + 1);
                }));
    }

    /** The CID {@code name} links to in the directory {@code dir}; HAMT shards read on the way join {@code read}. */
    CompletableFuture<Cid> child(Block dir, String name, List<Block> read, int level) {
        PbNode node = decodeDirectory(dir, name);
        UnixfsType type = node.unixfs().type();
        if (type == UnixfsType.DIRECTORY) {
            for (PbLink l : node.links()) {
                if (name.equals(l.name())) {
                    return CompletableFuture.completedFuture(l.hash());
                }
            }
            return CompletableFuture.failedFuture(noSuchName(dir.cid(), name));
        }
        Optional<HamtLookup.Step> step;
        try {
            step = HamtLookup.step(node, name, level);
        } catch (UnixfsException e) {
            return CompletableFuture.failedFuture(new GatewayException(502, "invalid HAMT shard " + dir.cid()
                    + ": " + e.getMessage()));
        }
        if (step.isEmpty()) {
            return CompletableFuture.failedFuture(noSuchName(dir.cid(), name));
        }
        if (!step.get().shard()) {
            return CompletableFuture.completedFuture(step.get().link().hash());
        }
        return load(step.get().link().hash(), "a HAMT shard").thenCompose(shard -> {
            read.add(shard);
            return child(shard, name, read, level + 1);
        });
    }

    private static PbNode decodeDirectory(Block dir, String name) {
        if (dir.cid().codec() != Multicodec.DAG_PB.code()) {
            throw GatewayException.notFound("cannot resolve '" + name + "' under " + dir.cid()
                    + ": only UnixFS directories are resolved");
        }
        PbNode node;
        try {
            node = DagPb.decode(dir.data());
            UnixfsType type = node.unixfs().type();
            if (type != UnixfsType.DIRECTORY && type != UnixfsType.HAMT_SHARD) {
                throw GatewayException.notFound("cannot resolve '" + name + "' under " + dir.cid() + ": it is a "
                        + type + ", not a directory");
            }
        } catch (RuntimeException e) {
            if (e instanceof GatewayException g) {
                throw g;
            }
            throw new GatewayException(502, "cannot decode " + dir.cid() + ": " + e.getMessage());
        }
        return node;
    }

    private static GatewayException noSuchName(Cid dir, String name) {
        return GatewayException.notFound("no link named '" + name + "' under " + dir);
    }
}
