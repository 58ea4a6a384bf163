package io.hypha.node.unixfs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds a HAMT-sharded directory (ipfs/specs {@code unixfs.md} "HAMTDirectory"; boxo {@code ipld/unixfs/hamt}).
 * Each name is hashed with murmur3-x64-64; a shard of fanout {@code 2^b} takes the next {@code b} bits of the
 * hash, most significant first, as the child index. A slot holds one entry, or a child shard when two or more
 * entries share it. Links are written in index order, named by the index in upper-case hex padded to the width
 * of {@code fanout - 1}, followed by the entry name (nothing follows for a child shard). The {@code Data} field
 * holds the occupied-slot bitfield, big-endian by bit index with leading zero bytes dropped (go-bitfield
 * {@code Bytes()}), hash type 0x22 and the fanout. The trie is canonical: any insertion order gives it.
 */
final class HamtBuilder {
    /** Multicodec murmur3-x64-64, the only HAMT hash function the spec defines. */
    static final long HASH_MURMUR3 = 0x22;
    /** Bits in the 64-bit hash: a trie deeper than {@code 64 / b} levels cannot be built. */
    static final int HASH_BITS = Long.SIZE;

    private final int fanout;
    private final int bits;
    private final int padLength;
    private final BlockWriter writer;

    private HamtBuilder(int fanout, BlockWriter writer) {
        this.fanout = fanout;
        this.bits = Integer.numberOfTrailingZeros(fanout);
        this.padLength = Integer.toHexString(fanout - 1).length();
        this.writer = writer;
    }

    static FileBuilder.Built build(List<DirectoryBuilder.Entry> entries, int fanout, BlockWriter writer)
            throws IOException {
        HamtBuilder b = new HamtBuilder(fanout, writer);
        Shard root = new Shard(fanout);
        for (DirectoryBuilder.Entry e : entries) {
            b.insert(root, new Hashed(e, Murmur3.x64_64(e.nameBytes())), 0);
        }
        return b.write(root);
    }

    private record Hashed(DirectoryBuilder.Entry entry, long hash) {}

    private static final class Shard {
        final Object[] slots;

        Shard(int fanout) {
            slots = new Object[fanout];
        }
    }

    private int index(long hash, int consumed) {
        if (consumed + bits > HASH_BITS) {
            throw new IllegalArgumentException("HAMT too deep: names share all " + HASH_BITS + " hash bits");
        }
        return (int) ((hash << consumed) >>> (HASH_BITS - bits));
    }

    private void insert(Shard shard, Hashed h, int consumed) {
        int i = index(h.hash(), consumed);
        Object slot = shard.slots[i];
        if (slot == null) {
            shard.slots[i] = h;
        } else if (slot instanceof Shard child) {
            insert(child, h, consumed + bits);
        } else {
            Shard child = new Shard(fanout);
            insert(child, (Hashed) slot, consumed + bits);
            insert(child, h, consumed + bits);
            shard.slots[i] = child;
        }
    }

    private FileBuilder.Built write(Shard shard) throws IOException {
        List<PbLink> links = new ArrayList<>();
        byte[] bitfield = new byte[fanout / Byte.SIZE];
        long childTsizes = 0;
        for (int i = 0; i < fanout; i++) {
            Object slot = shard.slots[i];
            if (slot == null) {
                continue;
            }
            bitfield[bitfield.length - 1 - i / Byte.SIZE] |= (byte) (1 << (i % Byte.SIZE));
            String prefix = prefix(i);
            if (slot instanceof Shard child) {
                FileBuilder.Built built = write(child);
                links.add(PbLink.of(built.cid(), prefix, built.tsize()));
                childTsizes += built.tsize();
            } else {
                DirectoryBuilder.Entry e = ((Hashed) slot).entry();
                links.add(PbLink.of(e.cid(), prefix + e.name(), e.tsize()));
                childTsizes += e.tsize();
            }
        }
        UnixfsData data = new UnixfsData(UnixfsType.HAMT_SHARD, stripLeadingZeros(bitfield), null, List.of(),
                HASH_MURMUR3, (long) fanout, null, null);
        byte[] block = DagPb.encode(new PbNode(links, data.encode()));
        int size = block.length;
        return new FileBuilder.Built(writer.writeDagPb(block), size + childTsizes, 0);
    }

    private String prefix(int index) {
        String hex = Integer.toHexString(index).toUpperCase(Locale.ROOT);
        return "0".repeat(padLength - hex.length()) + hex;
    }

    private static byte[] stripLeadingZeros(byte[] b) {
        int i = 0;
        while (i < b.length && b[i] == 0) {
            i++;
        }
        // go-bitfield returns nil for an all-zero field, so an empty shard has no Data bytes at all
        return i == b.length ? null : java.util.Arrays.copyOfRange(b, i, b.length);
    }
}
