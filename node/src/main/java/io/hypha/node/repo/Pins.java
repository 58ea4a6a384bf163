package io.hypha.node.repo;

import io.hypha.block.BlockNotFoundException;
import io.hypha.block.Blockstore;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multihash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The repository's pins, as Kubo's pinner: a <em>recursive</em> pin keeps a block and everything it links
 * to, a <em>direct</em> pin keeps one block; blocks under a recursive pin are <em>indirectly</em> pinned.
 * Pins are stored in the {@link Datastore} under {@code /pins/recursive/<cid>} and {@code /pins/direct/<cid>}
 * (the value is the binary CID). A recursive pin is only recorded once its whole DAG is in the blockstore.
 *
 * <p>Blocking (datastore and blockstore reads): use a worker thread. Callers that add pins for blocks they
 * just wrote hold the repository's {@link GcLock} shared from the first write to the pin, so a collection
 * cannot run in between; the pinner does not take it itself (the lock is not reentrant).
 */
public final class Pins {
    static final String RECURSIVE_PREFIX = "/pins/recursive/";
    static final String DIRECT_PREFIX = "/pins/direct/";

    /** How a block is pinned, with the word {@code pin ls} prints. */
    public enum Mode {
        DIRECT("direct"),
        RECURSIVE("recursive"),
        INDIRECT("indirect");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        /** {@code direct}, {@code recursive} or {@code indirect}. */
        public String label() {
            return label;
        }

        /**
         * The modes {@code pin ls --type} selects: {@code direct}, {@code indirect}, {@code recursive} or
         * {@code all} (any case).
         *
         * @throws IllegalArgumentException for any other value, with Kubo's message
         */
        public static java.util.Set<Mode> filter(String type) {
            return switch (type.toLowerCase(java.util.Locale.ROOT)) {
                case "all" -> java.util.EnumSet.allOf(Mode.class);
                case "direct" -> java.util.EnumSet.of(DIRECT);
                case "indirect" -> java.util.EnumSet.of(INDIRECT);
                case "recursive" -> java.util.EnumSet.of(RECURSIVE);
                default -> throw new IllegalArgumentException(
                        "invalid type '" + type + "', must be one of {direct, indirect, recursive, all}");
            };
        }
    }

    /** A pinned CID and how it is pinned. */
    public record Pin(Cid cid, Mode mode) {}

    private final Datastore datastore;
    private final Blockstore blocks;

    public Pins(Datastore datastore, Blockstore blocks) {
        this.datastore = datastore;
        this.blocks = blocks;
    }

    /**
     * Pins {@code root} and its whole DAG after checking that every block of it is stored (and intact);
     * replaces a direct pin of the same CID. Idempotent.
     *
     * @throws BlockNotFoundException naming the first missing block; nothing is pinned then
     */
    public void pinRecursive(Cid root) throws IOException {
        DagWalk.walk(blocks, root, new HashSet<>(), b -> { });
        datastore.write(List.of(
                Datastore.Mutation.put(key(RECURSIVE_PREFIX, root), root.bytes()),
                Datastore.Mutation.delete(key(DIRECT_PREFIX, root))));
    }

    /**
     * Pins the one block {@code cid}, which must be stored.
     *
     * @throws PinException if it is already pinned recursively (Kubo refuses the downgrade too)
     * @throws BlockNotFoundException if the block is not stored
     */
    public void pinDirect(Cid cid) throws IOException {
        if (datastore.has(key(RECURSIVE_PREFIX, cid))) {
            throw new PinException(cid, cid + " is already pinned recursively");
        }
        if (!DagWalk.await(blocks.has(cid))) {
            throw new BlockNotFoundException(cid, "cannot pin it");
        }
        datastore.put(key(DIRECT_PREFIX, cid), cid.bytes());
    }

    /**
     * Removes the pin of {@code cid}, as {@code pin rm}: a recursive pin only when {@code recursive}, a direct
     * pin either way.
     *
     * @throws PinException if {@code cid} is not pinned, pinned only indirectly, or pinned recursively while
     *     {@code recursive} is false
     */
    public void unpin(Cid cid, boolean recursive) {
        if (datastore.has(key(RECURSIVE_PREFIX, cid))) {
            if (!recursive) {
                throw new PinException(cid, cid + " is pinned recursively");
            }
            datastore.delete(key(RECURSIVE_PREFIX, cid));
            return;
        }
        if (!datastore.delete(key(DIRECT_PREFIX, cid))) {
            throw new PinException(cid, cid + " is not pinned or pinned indirectly");
        }
    }

    /** The recursive pins' roots. */
    public List<Cid> recursive() {
        return roots(RECURSIVE_PREFIX);
    }

    /** The directly pinned CIDs. */
    public List<Cid> direct() {
        return roots(DIRECT_PREFIX);
    }

    /**
     * The pins of the given modes: recursive, then direct, then indirect (every block under a recursive
     * root that is not itself a recursive root), each CID once.
     *
     * @throws BlockNotFoundException if a recursive pin's DAG is missing a block (listing indirect pins only)
     */
    public List<Pin> list(Set<Mode> modes) throws IOException {
        Map<Cid, Mode> out = new LinkedHashMap<>();
        List<Cid> recursive = recursive();
        if (modes.contains(Mode.RECURSIVE)) {
            recursive.forEach(c -> out.put(c, Mode.RECURSIVE));
        }
        if (modes.contains(Mode.DIRECT)) {
            direct().forEach(c -> out.putIfAbsent(c, Mode.DIRECT));
        }
        if (modes.contains(Mode.INDIRECT)) {
            // by CID, as Kubo lists them: a block under a recursive pin is indirect unless that very CID is a
            // recursive root (the same block under its other CID version, say CIDv0 below a CIDv1 root, is listed)
            Set<Cid> roots = new HashSet<>(recursive);
            Set<Cid> seen = new HashSet<>();
            for (Cid root : recursive) {
                DagWalk.walk(blocks, root, seen::add, b -> {
                    if (!roots.contains(b.cid())) {
                        out.putIfAbsent(b.cid(), Mode.INDIRECT);
                    }
                });
            }
        }
        List<Pin> pins = new ArrayList<>(out.size());
        out.forEach((cid, mode) -> pins.add(new Pin(cid, mode)));
        return pins;
    }

    /**
     * How {@code cid} is pinned, looking for it under every recursive pin when it is not a root itself;
     * empty when it is not pinned.
     */
    public Optional<Mode> pinned(Cid cid) throws IOException {
        if (datastore.has(key(RECURSIVE_PREFIX, cid))) {
            return Optional.of(Mode.RECURSIVE);
        }
        if (datastore.has(key(DIRECT_PREFIX, cid))) {
            return Optional.of(Mode.DIRECT);
        }
        Set<Multihash> seen = new HashSet<>();
        for (Cid root : recursive()) {
            DagWalk.walk(blocks, root, seen, b -> { });
            if (seen.contains(cid.multihash())) {
                return Optional.of(Mode.INDIRECT);
            }
        }
        return Optional.empty();
    }

    /**
     * The multihashes garbage collection must keep: every block of every recursive pin's DAG and every direct
     * pin. Fails if a pinned DAG is incomplete, so a collection never runs on a partial mark.
     */
    Set<Multihash> markSet() throws IOException {
        Set<Multihash> marked = new HashSet<>();
        for (Cid root : recursive()) {
            DagWalk.walk(blocks, root, marked, b -> { });
        }
        for (Cid cid : direct()) {
            marked.add(cid.multihash());
        }
        return marked;
    }

    private List<Cid> roots(String prefix) {
        try (Stream<Datastore.Entry> entries = datastore.scan(prefix.getBytes(StandardCharsets.UTF_8))) {
            return entries.map(e -> Cid.decode(e.value())).toList();
        }
    }

    private static byte[] key(String prefix, Cid cid) {
        return (prefix + cid).getBytes(StandardCharsets.UTF_8);
    }
}
