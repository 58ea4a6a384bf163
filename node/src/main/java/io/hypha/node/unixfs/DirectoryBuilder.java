package io.hypha.node.unixfs;

import io.hypha.internal.proto.ProtoWriter;
import io.hypha.multiformats.Cid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Builds one directory node from its finished entries: a flat UnixFS Directory, or a HAMT shard when the
 * estimated size is over the threshold (boxo {@code ipld/unixfs/io/directory.go} {@code needsToSwitchToHAMTDir}:
 * strictly greater, so a directory exactly at the threshold stays flat). Entries only ever get added during an
 * import, so the estimate grows monotonically and deciding once on the final set gives boxo's answer.
 */
final class DirectoryBuilder {
    /**
     * Bytes the {@code Data} field of a flat directory without mode or mtime adds to the block:
     * {@code 0a 02 08 01} (boxo {@code dataFieldSerializedSize}).
     */
    static final int FLAT_DIRECTORY_DATA_BYTES = 4;

    /** One directory entry: name, target and the target's cumulative size. */
    record Entry(String name, byte[] nameBytes, Cid cid, long tsize) {
        static Entry of(String name, Cid cid, long tsize) {
            return new Entry(name, name.getBytes(StandardCharsets.UTF_8), cid, tsize);
        }
    }

    /** Orders entries by name bytes, as dag-pb requires and boxo writes them. */
    static final Comparator<Entry> BY_NAME_BYTES = (a, b) -> Arrays.compareUnsigned(a.nameBytes(), b.nameBytes());

    private DirectoryBuilder() {}

    /** Writes the directory (and any shards) and returns its root; {@code entries} need not be sorted. */
    static FileBuilder.Built build(List<Entry> entries, ImportOptions options, BlockWriter writer) throws IOException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(BY_NAME_BYTES);
        for (int i = 1; i < sorted.size(); i++) {
            if (Arrays.equals(sorted.get(i - 1).nameBytes(), sorted.get(i).nameBytes())) {
                throw new IllegalArgumentException("directory has two entries named '" + sorted.get(i).name() + "'");
            }
        }
        if (options.hamtThreshold() > 0 && estimate(sorted, options.hamtEstimation()) > options.hamtThreshold()) {
            return HamtBuilder.build(sorted, options.hamtFanout(), writer);
        }
        return flat(sorted, writer);
    }

    /** The size estimate boxo compares with the threshold. */
    static long estimate(List<Entry> entries, HamtSizeEstimation mode) {
        long size = mode == HamtSizeEstimation.BLOCK ? FLAT_DIRECTORY_DATA_BYTES : 0;
        for (Entry e : entries) {
            int cidLength = e.cid().encodedLength();
            size += switch (mode) {
                case LINKS -> e.nameBytes().length + cidLength;
                case BLOCK -> linkSerializedSize(e.nameBytes().length, cidLength, e.tsize());
            };
        }
        return size;
    }

    /** Bytes one named link with a Tsize adds to a PBNode (boxo {@code linkSerializedSize}). */
    static int linkSerializedSize(int nameLength, int cidLength, long tsize) {
        int link = 1 + ProtoWriter.varintSize(cidLength) + cidLength
                + 1 + ProtoWriter.varintSize(nameLength) + nameLength
                + 1 + ProtoWriter.varintSize(tsize);
        return 1 + ProtoWriter.varintSize(link) + link;
    }

    private static FileBuilder.Built flat(List<Entry> sorted, BlockWriter writer) throws IOException {
        List<PbLink> links = new ArrayList<>(sorted.size());
        long childTsizes = 0;
        for (Entry e : sorted) {
            links.add(PbLink.of(e.cid(), e.name(), e.tsize()));
            childTsizes += e.tsize();
        }
        byte[] block = DagPb.encode(new PbNode(links, UnixfsData.directory().encode()));
        int size = block.length;
        return new FileBuilder.Built(writer.writeDagPb(block), size + childTsizes, 0);
    }
}
