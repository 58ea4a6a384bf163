package io.hypha.node.gateway;

import io.hypha.block.Block;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multicodec;
import io.hypha.node.car.CarReader;
import io.hypha.node.unixfs.DagPb;
import io.hypha.node.unixfs.PbLink;
import io.hypha.node.unixfs.PbNode;
import io.hypha.node.unixfs.UnixfsData;
import io.hypha.node.unixfs.UnixfsType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One gateway-conformance fixture CAR (test resources, see the README there), read into memory so tests can name
 * its blocks by path as the conformance suite's Go helpers do ({@code MustGetCid("subdir", "ascii.txt")}), by
 * reading the fixture's own blocks rather than the code under test.
 */
final class ConformanceFixture {
    final String name;
    final Cid root;
    final Map<Cid, byte[]> blocks = new LinkedHashMap<>();

    private ConformanceFixture(String name) {
        this.name = name;
        try (InputStream in = open(name); CarReader car = CarReader.open(in)) {
            root = car.roots().get(0);
            for (Optional<Block> b = car.next(); b.isPresent(); b = car.next()) {
                blocks.put(b.get().cid(), b.get().data());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConformanceFixture load(String name) {
        return new ConformanceFixture(name);
    }

    static InputStream open(String name) {
        InputStream in = ConformanceFixture.class.getResourceAsStream("/gateway-conformance/" + name);
        if (in == null) {
            throw new IllegalStateException("missing test resource gateway-conformance/" + name);
        }
        return in;
    }

    /** The CID at {@code path} under the root (flat directories, and HAMTs searched link by link). */
    Cid cid(String... path) {
        Cid at = root;
        for (String segment : path) {
            at = child(at, segment).orElseThrow(() -> new IllegalArgumentException(segment + " not in " + name));
        }
        return at;
    }

    /** The block's bytes. */
    byte[] raw(String... path) {
        return blocks.get(cid(path));
    }

    private Optional<Cid> child(Cid dir, String segment) {
        PbNode node = DagPb.decode(blocks.get(dir));
        UnixfsData fs = node.unixfs();
        int pad = fs.type() == UnixfsType.HAMT_SHARD ? Long.toHexString(fs.fanout() - 1).length() : 0;
        for (PbLink l : node.links()) {
            String n = l.name() == null ? "" : l.name();
            if (pad == 0 && n.equals(segment) || pad > 0 && n.length() > pad && n.substring(pad).equals(segment)) {
                return Optional.of(l.hash());
            }
            if (pad > 0 && n.length() == pad && blocks.containsKey(l.hash())) {
                Optional<Cid> found = child(l.hash(), segment);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** The HAMT shard nodes under the directory at {@code path}, itself excluded, depth-first pre-order. */
    List<Cid> shards(String... path) {
        List<Cid> out = new ArrayList<>();
        collectShards(cid(path), out);
        return out;
    }

    private void collectShards(Cid dir, List<Cid> out) {
        PbNode node = DagPb.decode(blocks.get(dir));
        int pad = Long.toHexString(node.unixfs().fanout() - 1).length();
        for (PbLink l : node.links()) {
            if (l.name() != null && l.name().length() == pad) {
                out.add(l.hash());
                collectShards(l.hash(), out);
            }
        }
    }

    /** The shard nodes below the root that hold {@code name}, root side first (the HAMT's path to it). */
    List<Cid> shardsTo(String name) {
        List<Cid> out = new ArrayList<>();
        shardPath(root, name, out);
        return out;
    }

    private boolean shardPath(Cid dir, String name, List<Cid> out) {
        PbNode node = DagPb.decode(blocks.get(dir));
        int pad = Long.toHexString(node.unixfs().fanout() - 1).length();
        for (PbLink l : node.links()) {
            String n = l.name() == null ? "" : l.name();
            if (n.length() > pad && n.substring(pad).equals(name)) {
                return true;
            }
            if (n.length() == pad) {
                out.add(l.hash());
                if (shardPath(l.hash(), name, out)) {
                    return true;
                }
                out.remove(out.size() - 1);
            }
        }
        return false;
    }

    /** The CIDs linked from the block at {@code path}, in link order (a file's chunks). */
    List<Cid> children(String... path) {
        return DagPb.decode(blocks.get(cid(path))).links().stream().map(PbLink::hash).toList();
    }

    /** Every block under the one at {@code path}, depth-first pre-order, each once, itself first. */
    List<Cid> dag(String... path) {
        List<Cid> out = new ArrayList<>();
        walk(cid(path), out);
        return out;
    }

    private void walk(Cid cid, List<Cid> out) {
        if (out.contains(cid) || !blocks.containsKey(cid)) {
            return;
        }
        out.add(cid);
        if (cid.codec() == Multicodec.DAG_PB.code()) {
            for (PbLink l : DagPb.decode(blocks.get(cid)).links()) {
                walk(l.hash(), out);
            }
        }
    }
}
