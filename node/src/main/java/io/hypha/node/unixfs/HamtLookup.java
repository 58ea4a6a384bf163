package io.hypha.node.unixfs;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One step of finding a name in a HAMT-sharded directory without listing it (ipfs/specs {@code unixfs.md},
 * "HAMTDirectory"): the name's murmur3-x64-64 hash, {@code log2(fanout)} bits per level, most significant first,
 * picks the slot; the slot's link is the entry itself (named prefix + name) or a child shard (named by the prefix
 * alone) to look in next. Sans-IO: the caller loads the blocks, so a gateway can walk a shard asynchronously and
 * knows exactly which shard blocks a path went through.
 */
public final class HamtLookup {
    private HamtLookup() {}

    /** Where a step leads: to the entry ({@code shard} false) or to a child shard to look in at the next level. */
    public record Step(PbLink link, boolean shard) {}

    /**
     * The link to follow for {@code name} in the shard node {@code node} at {@code level} (0 for the directory's
     * root); empty when the name is not there.
     *
     * @throws UnixfsException if {@code node} is not a valid murmur3 HAMT shard
     */
    public static Optional<Step> step(PbNode node, String name, int level) {
        UnixfsData fs = node.unixfs();
        if (fs.type() != UnixfsType.HAMT_SHARD) {
            throw new UnixfsException("not a HAMT shard: " + fs.type());
        }
        if (fs.hashType() == null || fs.hashType() != HamtBuilder.HASH_MURMUR3) {
            throw new UnixfsException("HAMT shard uses hash type " + fs.hashType() + "; only murmur3-x64-64 is defined");
        }
        Long fanout = fs.fanout();
        if (fanout == null || fanout < ImportOptions.MIN_HAMT_FANOUT || fanout > ImportOptions.MAX_HAMT_FANOUT
                || Long.bitCount(fanout) != 1) {
            throw new UnixfsException("HAMT shard has invalid fanout " + fanout);
        }
        int bits = Long.numberOfTrailingZeros(fanout);
        int consumed = level * bits;
        if (consumed + bits > HamtBuilder.HASH_BITS) {
            return Optional.empty();
        }
        long hash = Murmur3.x64_64(name.getBytes(StandardCharsets.UTF_8));
        int index = (int) ((hash << consumed) >>> (HamtBuilder.HASH_BITS - bits));
        int pad = Long.toHexString(fanout - 1).length();
        String prefix = String.format("%0" + pad + "X", index);
        for (PbLink l : node.links()) {
            String linkName = l.name() == null ? "" : l.name();
            if (linkName.equals(prefix)) {
                return Optional.of(new Step(l, true));
            }
            if (linkName.length() > pad && linkName.startsWith(prefix) && linkName.substring(pad).equals(name)) {
                return Optional.of(new Step(l, false));
            }
        }
        return Optional.empty();
    }
}
