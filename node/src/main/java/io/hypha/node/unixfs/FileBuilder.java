package io.hypha.node.unixfs;

import io.hypha.internal.proto.ProtoWriter;
import io.hypha.multiformats.Cid;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds one file's DAG from a stream, chunk by chunk, as boxo's {@code importer/balanced} and
 * {@code importer/trickle} do, so CIDs match Kubo's byte for byte. Streaming: it holds the chunk being hashed
 * and one unfinished node per tree level (the frontier), never the file.
 */
final class FileBuilder {
    /** Subtrees of each depth a trickle node carries after its leaves (boxo trickle {@code depthRepeat}). */
    static final int TRICKLE_DEPTH_REPEAT = 4;

    private static final int FIELD_TYPE = 0x08;
    private static final int FIELD_DATA = 0x12;
    private static final int FIELD_FILESIZE = 0x18;
    private static final int NODE_DATA = 0x0a;

    /** A finished subtree: its CID, cumulative block bytes (a parent link's Tsize) and file bytes. */
    record Built(Cid cid, long tsize, long fileSize) {}

    private final ImportOptions options;
    private final BlockWriter writer;
    private final ImportListener listener;
    private final PushbackInputStream in;
    private final int chunkSize;
    private long bytesRead;

    FileBuilder(ImportOptions options, BlockWriter writer, ImportListener listener, InputStream in) {
        this.options = options;
        this.writer = writer;
        this.listener = listener;
        this.in = new PushbackInputStream(in, 1);
        this.chunkSize = options.chunker().size();
    }

    long bytesRead() {
        return bytesRead;
    }

    /** Reads the whole stream and returns the file's root. */
    Built build() throws IOException {
        return switch (options.layout()) {
            case BALANCED -> balanced();
            case TRICKLE -> trickleRec(new FileNode(), -1);
        };
    }

    // ---- balanced (boxo importer/balanced/builder.go Layout and fillNodeRec)

    private Built balanced() throws IOException {
        if (done()) {
            return leaf(new byte[0], UnixfsType.FILE);
        }
        Built root = leaf(nextChunk(), UnixfsType.FILE);
        for (int depth = 1; !done(); depth++) {
            FileNode grown = new FileNode();
            grown.add(root);
            root = fillBalanced(grown, depth);
        }
        return root;
    }

    private Built fillBalanced(FileNode node, int depth) throws IOException {
        while (node.size() < options.maxLinks() && !done()) {
            node.add(depth == 1 ? leaf(nextChunk(), UnixfsType.FILE) : fillBalanced(new FileNode(), depth - 1));
        }
        return node.commit();
    }

    // ---- trickle (boxo importer/trickle/trickledag.go fillTrickleRec; helpers FillNodeLayer)

    private Built trickleRec(FileNode node, int maxDepth) throws IOException {
        while (node.size() < options.maxLinks() && !done()) {
            node.add(leaf(nextChunk(), UnixfsType.RAW));
        }
        for (int depth = 1; maxDepth == -1 || depth < maxDepth; depth++) {
            if (done()) {
                break;
            }
            for (int repeat = 0; repeat < TRICKLE_DEPTH_REPEAT && !done(); repeat++) {
                node.add(trickleRec(new FileNode(), depth));
            }
        }
        return node.commit();
    }

    // ---- leaves and chunks

    /** A leaf: a raw block, or a dag-pb node of UnixFS {@code type} (File for balanced, Raw for trickle). */
    private Built leaf(byte[] chunk, UnixfsType type) throws IOException {
        if (options.rawLeaves()) {
            int n = chunk.length;
            return new Built(writer.writeRaw(chunk), n, n);
        }
        byte[] block = encodeLeaf(chunk, type);
        int size = block.length;
        return new Built(writer.writeDagPb(block), size, chunk.length);
    }

    /**
     * Encodes {@code PBNode{Data: Data{Type, Data: chunk, filesize}}} in one pass, as boxo writes a leaf: no
     * {@code Data} bytes field when the chunk is empty, {@code filesize} always present.
     */
    static byte[] encodeLeaf(byte[] chunk, UnixfsType type) {
        int n = chunk.length;
        int inner = 2 + (n == 0 ? 0 : 1 + ProtoWriter.varintSize(n) + n) + 1 + ProtoWriter.varintSize(n);
        byte[] out = new byte[1 + ProtoWriter.varintSize(inner) + inner];
        int p = 0;
        out[p++] = NODE_DATA;
        p = putVarint(out, p, inner);
        out[p++] = FIELD_TYPE;
        out[p++] = (byte) type.code();
        if (n > 0) {
            out[p++] = FIELD_DATA;
            p = putVarint(out, p, n);
            System.arraycopy(chunk, 0, out, p, n);
            p += n;
        }
        out[p++] = FIELD_FILESIZE;
        putVarint(out, p, n);
        return out;
    }

    private static int putVarint(byte[] out, int p, long v) {
        while ((v & ~0x7FL) != 0) {
            out[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        return p;
    }

    /** Whether the stream is exhausted, looking one byte ahead (boxo {@code DagBuilderHelper.Done}). */
    private boolean done() throws IOException {
        int b = in.read();
        if (b < 0) {
            return true;
        }
        in.unread(b);
        return false;
    }

    /** The next chunk: exactly {@code chunkSize} bytes unless the stream ends first (boxo size splitter). */
    private byte[] nextChunk() throws IOException {
        byte[] buf = new byte[chunkSize];
        int filled = 0;
        while (filled < chunkSize) {
            int r = in.read(buf, filled, chunkSize - filled);
            if (r < 0) {
                break;
            }
            filled += r;
        }
        bytesRead += filled;
        listener.bytesRead(filled);
        return filled == chunkSize ? buf : Arrays.copyOf(buf, filled);
    }

    /** An internal file node being filled (boxo {@code FSNodeOverDag}). */
    private final class FileNode {
        private final List<PbLink> links = new ArrayList<>();
        private final List<Long> blocksizes = new ArrayList<>();
        private long childTsizes;

        int size() {
            return links.size();
        }

        void add(Built child) {
            links.add(new PbLink(child.cid(), "", child.tsize()));
            blocksizes.add(child.fileSize());
            childTsizes += child.tsize();
        }

        Built commit() throws IOException {
            long fileSize = 0;
            for (long s : blocksizes) {
                fileSize += s;
            }
            byte[] data = UnixfsData.file(null, fileSize, blocksizes).encode();
            byte[] block = DagPb.encode(new PbNode(links, data));
            int size = block.length;
            return new Built(writer.writeDagPb(block), size + childTsizes, fileSize);
        }
    }
}
