package io.hypha.node.gateway;

import io.hypha.block.Block;
import io.hypha.block.BlockSource;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multicodec;
import io.hypha.node.car.CarExport;
import io.hypha.node.car.CarWriter;
import io.hypha.node.dag.DagTraversal;
import io.hypha.node.internal.Futures;
import io.hypha.node.unixfs.DagPb;
import io.hypha.node.unixfs.PbLink;
import io.hypha.node.unixfs.PbNode;
import io.hypha.node.unixfs.UnixfsData;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Writes a trustless gateway CAR (ipfs/specs {@code trustless-gateway.md}): the header naming the path's root, the
 * blocks the path went through, then the blocks under the path's end that the {@code dag-scope} asks for, in
 * depth-first pre-order ({@link DagTraversal}). Identity CIDs are followed but never written (their data is in the
 * CID). With {@code dups=n} each CID is written once; with {@code dups=y} a block is written each time the walk
 * meets it.
 *
 * <p>{@code dag-scope=entity}: a UnixFS file's blocks (only those holding {@code entity-bytes} when given, so a
 * block outside the range is never read), a directory's own node (and for a HAMT, its shard nodes, not the
 * entries), any other block alone. Blocking: runs on a worker thread, writing to a stream that may wait for the
 * client.
 */
final class CarStream {
    private final BlockSource blocks;
    private final CarOptions options;
    private final CarWriter writer;
    private final Set<Cid> written = new HashSet<>();
    /** Byte ranges owed to a file child, by the edge that leads to it (FIFO: a parent's links are visited in order). */
    private final Map<Edge, Deque<long[]>> ranges = new HashMap<>();

    private record Edge(Cid parent, Cid child) {}

    private CarStream(BlockSource blocks, CarOptions options, CarWriter writer) {
        this.blocks = blocks;
        this.options = options;
        this.writer = writer;
    }

    /** Writes the CAR for {@code resolved} (a path under {@code root}) to {@code out}, flushed, not closed. */
    static void write(BlockSource blocks, Cid root, PathResolver.Resolved resolved, CarOptions options,
            OutputStream out) throws IOException {
        CarWriter writer = new CarWriter(out, List.of(root));
        new CarStream(blocks, options, writer).run(resolved);
        writer.flush();
    }

    private void run(PathResolver.Resolved resolved) throws IOException {
        for (Block b : resolved.traversed()) {
            if (options.dups() || written.add(b.cid())) {
                emit(b);
            }
        }
        Cid end = resolved.cid();
        if (options.scope() == CarOptions.Scope.BLOCK) {
            if (options.dups() || written.add(end)) {
                emit(resolved.block());
            }
            return;
        }
        Predicate<Cid> first = options.dups() ? c -> true : written::add;
        DagTraversal.Visitor visitor = options.scope() == CarOptions.Scope.ALL
                ? (block, parent) -> {
                    emit(block);
                    return CarExport.links(block);
                }
                : this::entity;
        if (options.scope() == CarOptions.Scope.ENTITY && options.entityBytes() != null) {
            ranges.computeIfAbsent(new Edge(null, end), e -> new ArrayDeque<>()).add(new long[] {-1, -1});
        }
        Futures.await(DagTraversal.walk(blocks, List.of(end), first, "the end of the path", visitor),
                "writing a CAR");
    }

    /** dag-scope=entity: writes the block and returns the links the entity needs. */
    private List<Cid> entity(Block block, Cid parent) throws IOException {
        emit(block);
        if (block.cid().codec() != Multicodec.DAG_PB.code()) {
            return List.of(); // a raw leaf, or a non-UnixFS block: the entity is the block
        }
        PbNode node = DagPb.decode(block.data());
        UnixfsData fs = node.hasData() ? node.unixfs() : null;
        if (fs == null) {
            return List.of();
        }
        return switch (fs.type()) {
            case FILE, RAW -> fileLinks(block.cid(), parent, node, fs);
            case HAMT_SHARD -> shardLinks(node, fs);
            case DIRECTORY, SYMLINK, METADATA -> List.of();
        };
    }

    /** The children of a file node holding bytes of the range owed to it (all of them when no range is asked). */
    private List<Cid> fileLinks(Cid cid, Cid parent, PbNode node, UnixfsData fs) {
        List<PbLink> links = node.links();
        if (options.entityBytes() == null) {
            return links.stream().map(PbLink::hash).toList();
        }
        Deque<long[]> owed = ranges.get(new Edge(parent, cid));
        long[] range = owed == null ? null : owed.poll();
        if (range == null) {
            return List.of();
        }
        if (range[0] < 0) { // the entity's root: resolve entity-bytes against the file's size
            long size = fs.filesize() != null ? fs.filesize() : fs.data() == null ? 0 : fs.data().length;
            var resolved = options.entityBytes().resolve(size);
            if (resolved.isEmpty()) {
                return List.of();
            }
            range = resolved.get();
        }
        List<Cid> follow = new ArrayList<>();
        long pos = fs.data() == null ? 0 : fs.data().length;
        List<Long> sizes = fs.blocksizes();
        for (int i = 0; i < links.size() && i < sizes.size() && pos <= range[1]; i++) {
            long childEnd = pos + sizes.get(i) - 1;
            if (childEnd >= range[0] && sizes.get(i) > 0) {
                Cid child = links.get(i).hash();
                follow.add(child);
                ranges.computeIfAbsent(new Edge(cid, child), e -> new ArrayDeque<>())
                        .add(new long[] {Math.max(0, range[0] - pos), Math.min(sizes.get(i) - 1, range[1] - pos)});
            }
            pos += sizes.get(i);
        }
        return follow;
    }

    /** A HAMT's entity is its shard nodes: links named by a bare slot prefix lead to shards, the others to entries. */
    private static List<Cid> shardLinks(PbNode node, UnixfsData fs) {
        if (fs.fanout() == null || fs.fanout() < 2) {
            return List.of();
        }
        int pad = Long.toHexString(fs.fanout() - 1).length();
        return node.links().stream().filter(l -> l.name() != null && l.name().length() == pad)
                .map(PbLink::hash).toList();
    }

    private void emit(Block block) throws IOException {
        if (!GatewayBlocks.isIdentity(block.cid())) {
            writer.write(block);
        }
    }
}
