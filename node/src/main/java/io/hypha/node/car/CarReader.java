package io.hypha.node.car;

import io.hypha.block.Block;
import io.hypha.block.Blockstore;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.MultiformatException;
import io.hypha.multiformats.Varint;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Streams a CARv1 (ipld/specs {@code transport/car/carv1}): {@code uvarint(len) ‖ DAG-CBOR header}, then
 * sections {@code uvarint(len) ‖ CID ‖ block}. {@link #open} reads the header; {@link #next()} returns one
 * block at a time, so memory use is bounded by {@link #MAX_SECTION_BYTES} whatever the CAR's size.
 *
 * <p>Every block is checked against its CID's multihash before it is returned. Damage (a bad length, a
 * truncated section, an invalid CID, a hash mismatch, an unsupported hash function) fails with
 * {@link CarFormatException} naming the section and its byte offset. Blocking: run it on a worker thread.
 */
public final class CarReader implements Closeable {
    /** Largest header accepted: 1 MiB, room for thousands of roots. */
    public static final int MAX_HEADER_BYTES = 1024 * 1024;
    /** Largest CID in a section: version and codec varints plus the longest multihash. */
    public static final int MAX_CID_BYTES = Cid.MAX_ENCODED_LENGTH;
    /** Largest section accepted: the largest block any blockstore takes plus its CID. */
    public static final int MAX_SECTION_BYTES = Blockstore.MAX_BLOCK_SIZE + MAX_CID_BYTES;

    private final InputStream in;
    private final CarHeader header;
    private long offset;
    private int section;
    private boolean done;

    private CarReader(InputStream in) throws IOException {
        this.in = in;
        long length = readLength(CarFormatException.HEADER, MAX_HEADER_BYTES, false);
        if (length == 0) {
            throw new CarFormatException(CarFormatException.HEADER, 0, "header length is zero");
        }
        long headerStart = offset;
        byte[] bytes = readFully(CarFormatException.HEADER, 0, (int) length);
        this.header = CarHeader.decode(bytes, headerStart);
    }

    /**
     * Reads the header from {@code in} (buffered here if it is not already) and returns a reader positioned
     * at the first section. The reader owns the stream: closing it closes {@code in}.
     */
    public static CarReader open(InputStream in) throws IOException {
        InputStream buffered = in instanceof BufferedInputStream ? in : new BufferedInputStream(in);
        try {
            return new CarReader(buffered);
        } catch (IOException | RuntimeException e) {
            buffered.close();
            throw e;
        }
    }

    public CarHeader header() {
        return header;
    }

    /** The header's roots. */
    public List<Cid> roots() {
        return header.roots();
    }

    /** Bytes consumed so far. */
    public long offset() {
        return offset;
    }

    /** The next verified block, or empty at the clean end of the CAR. */
    public Optional<Block> next() throws IOException {
        if (done) {
            return Optional.empty();
        }
        long start = offset;
        long length = readLength(section, MAX_SECTION_BYTES, true);
        if (length < 0) {
            done = true;
            return Optional.empty();
        }
        if (length == 0) {
            throw new CarFormatException(section, start, "section length is zero");
        }
        byte[] bytes = readFully(section, start, (int) length);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        Cid cid;
        try {
            cid = Cid.read(buf);
        } catch (MultiformatException e) {
            throw new CarFormatException(section, start, "invalid CID: " + e.getMessage(), e);
        }
        int cidLength = buf.position();
        Block block = new Block(cid, Arrays.copyOfRange(bytes, cidLength, bytes.length));
        boolean matches;
        try {
            matches = block.hashMatches();
        } catch (MultiformatException e) {
            throw new CarFormatException(section, start, "cannot verify block " + cid + ": " + e.getMessage(), e);
        }
        if (!matches) {
            throw new CarFormatException(section, start, "block " + cid + " does not match its hash");
        }
        section++;
        return Optional.of(block);
    }

    /** Reads a section or header length varint; -1 at a clean end of stream when {@code endAllowed}. */
    private long readLength(int where, long max, boolean endAllowed) throws IOException {
        long start = offset;
        long value = 0;
        for (int i = 0; i < Varint.MAX_BYTES; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0 && endAllowed) {
                    return -1;
                }
                throw new CarFormatException(where, start, "truncated: stream ends inside the length prefix");
            }
            offset++;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (value > max) {
                    throw new CarFormatException(where, start, "length " + value + " exceeds the limit of " + max);
                }
                return value;
            }
        }
        throw new CarFormatException(where, start, "length prefix is longer than " + Varint.MAX_BYTES + " bytes");
    }

    private byte[] readFully(int where, long start, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        offset += bytes.length;
        if (bytes.length < length) {
            throw new CarFormatException(where, start, "truncated: length prefix says " + length
                    + " bytes but the stream ends after " + bytes.length);
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        done = true;
        in.close();
    }
}
