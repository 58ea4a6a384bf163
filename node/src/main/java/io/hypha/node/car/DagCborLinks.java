package io.hypha.node.car;

import io.hypha.block.Block;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.MultiformatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the links (tag-42 CIDs) in a DAG-CBOR block, in encoding order, without building the data model.
 * CBOR is a flat sequence of heads, so one counter of items still to read replaces recursion: nesting depth
 * cannot overflow the stack. Indefinite lengths are rejected, as DAG-CBOR forbids them
 * (ipld/specs {@code block-layer/codecs/dag-cbor.md}, "Strictness").
 */
final class DagCborLinks {
    private static final int MAJOR_BYTES = 2;
    private static final int MAJOR_TEXT = 3;
    private static final int MAJOR_ARRAY = 4;
    private static final int MAJOR_MAP = 5;
    private static final int MAJOR_TAG = 6;
    private static final int MAJOR_SIMPLE = 7;
    private static final int TAG_CID = 42;

    private DagCborLinks() {}

    static List<Cid> of(Block block) {
        byte[] b = block.data();
        List<Cid> links = new ArrayList<>();
        int[] pos = {0};
        long remaining = 1;
        while (remaining > 0) {
            remaining--;
            int at = pos[0];
            int major = (b.length > at ? b[at] & 0xFF : 0) >>> 5;
            long arg = head(block, b, pos);
            switch (major) {
                case MAJOR_BYTES, MAJOR_TEXT -> skip(block, b, pos, arg, at);
                case MAJOR_ARRAY -> remaining = add(block, b, pos, remaining, arg);
                case MAJOR_MAP -> remaining = add(block, b, pos, remaining, arg * 2);
                case MAJOR_TAG -> {
                    if (arg != TAG_CID) {
                        remaining++;
                        break;
                    }
                    int cidAt = pos[0];
                    if (cidAt >= b.length || (b[cidAt] & 0xFF) >>> 5 != MAJOR_BYTES) {
                        throw malformed(block, cidAt, "tag 42 is not followed by a byte string");
                    }
                    long length = head(block, b, pos);
                    skip(block, b, pos, length, cidAt);
                    if (length < 2 || b[pos[0] - (int) length] != 0) {
                        throw malformed(block, cidAt, "tag 42 does not hold a 0x00-prefixed CID");
                    }
                    try {
                        links.add(Cid.decode(Arrays.copyOfRange(b, pos[0] - (int) length + 1, pos[0])));
                    } catch (MultiformatException e) {
                        throw malformed(block, cidAt, "invalid CID: " + e.getMessage());
                    }
                }
                default -> { } // unsigned, negative, simple values and floats carry no payload past the head
            }
        }
        if (pos[0] != b.length) {
            throw malformed(block, pos[0], (b.length - pos[0]) + " bytes after the top-level item");
        }
        return links;
    }

    /** Reads one head at {@code pos[0]}, returning its argument (float bits for major 7). */
    private static long head(Block block, byte[] b, int[] pos) {
        int at = pos[0];
        if (at >= b.length) {
            throw malformed(block, at, "truncated");
        }
        int initial = b[pos[0]++] & 0xFF;
        int info = initial & 0x1F;
        if (info < 24) {
            return info;
        }
        int size = switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            default -> throw malformed(block, at, "indefinite or reserved length (additional info " + info + ")");
        };
        if (b.length - pos[0] < size) {
            throw malformed(block, at, "truncated head");
        }
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = value << 8 | (b[pos[0]++] & 0xFF);
        }
        if (value < 0 && initial >>> 5 != MAJOR_SIMPLE && initial >>> 5 > 1) {
            throw malformed(block, at, "length does not fit 63 bits");
        }
        return value;
    }

    private static void skip(Block block, byte[] b, int[] pos, long length, int at) {
        if (length < 0 || length > b.length - pos[0]) {
            throw malformed(block, at, "string of " + length + " bytes runs past the end");
        }
        pos[0] += (int) length;
    }

    /** Adds {@code items} to the count, rejecting counts the remaining bytes cannot hold (one byte per item). */
    private static long add(Block block, byte[] b, int[] pos, long remaining, long items) {
        if (items < 0 || items > b.length - pos[0] - remaining) {
            throw malformed(block, pos[0], items + " items cannot fit in the " + (b.length - pos[0]) + " bytes left");
        }
        return remaining + items;
    }

    private static DagCborException malformed(Block block, int offset, String detail) {
        return new DagCborException("dag-cbor block " + block.cid() + " at byte " + offset + ": " + detail);
    }
}
