package io.hypha.node.car;

import io.hypha.block.Block;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Varint;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes a CARv1: the header on construction, then one section per {@link #write}. Blocks are written as
 * given (their hashes are not rechecked: they come from a verifying {@link io.hypha.block.Blockstore});
 * writing the same CID twice is the caller's choice. Blocking: run it on a worker thread.
 */
public final class CarWriter implements Closeable, Flushable {
    private final OutputStream out;
    private long bytesWritten;
    private long blocksWritten;

    /** Writes the header naming {@code roots}. The writer owns {@code out}: closing it closes the stream. */
    public CarWriter(OutputStream out, List<Cid> roots) throws IOException {
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out);
        byte[] header = new CarHeader(roots).encode();
        writeLength(header.length);
        this.out.write(header);
        bytesWritten += header.length;
    }

    /** Writes one section: {@code uvarint(len(cid) + len(data)) ‖ cid ‖ data}. */
    public void write(Block block) throws IOException {
        byte[] cid = block.cid().bytes();
        byte[] data = block.data();
        writeLength((long) cid.length + data.length);
        out.write(cid);
        out.write(data);
        bytesWritten += cid.length + data.length;
        blocksWritten++;
    }

    private void writeLength(long length) throws IOException {
        byte[] prefix = Varint.encode(length);
        out.write(prefix);
        bytesWritten += prefix.length;
    }

    /** Bytes written so far, header included. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** Sections written so far. */
    public long blocksWritten() {
        return blocksWritten;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
