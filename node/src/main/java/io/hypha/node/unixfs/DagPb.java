package io.hypha.node.unixfs;

import io.hypha.internal.proto.ProtoException;
import io.hypha.internal.proto.ProtoReader;
import io.hypha.internal.proto.ProtoWriter;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.MultiformatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The dag-pb codec (ipld/specs {@code block-layer/codecs/dag-pb.md}).
 *
 * <p>Encoding is canonical: each link's {@code Links} entry (field 2) before the {@code Data} field
 * (field 1), link fields in field-number order, absent fields omitted, a present-but-empty name written
 * as {@code 12 00}. Links are written in the order given: sorting directory entries by name bytes is the
 * builder's job, since HAMT shards and file roots have their own orders.
 *
 * <p>Decoding applies the spec's "Protobuf Strictness" rules as go-codec-dagpb and js-dag-pb do: only the
 * schema's fields and wire types, link fields in order, no duplicate fields, Links never after Data,
 * every link has a Hash that parses as a CID, names are valid UTF-8. Varints may be non-minimal
 * (standard protobuf), so a re-encoding is byte-identical only for canonically written input.
 *
 * <p>Written by hand on core's {@link ProtoReader} and {@link ProtoWriter} rather than generated: generated code
 * writes fields in field-number order (Data before Links) and accepts what these rules reject.
 */
public final class DagPb {
    /** Largest node the decoder accepts: the 2 MiB block limit of Bitswap and boxo's chunker. */
    public static final int MAX_NODE_BYTES = 2 * 1024 * 1024;

    private static final int NODE_DATA = 1;
    private static final int NODE_LINKS = 2;
    private static final int LINK_HASH = 1;
    private static final int LINK_NAME = 2;
    private static final int LINK_TSIZE = 3;

    private DagPb() {}

    /** Encodes {@code node} canonically. */
    public static byte[] encode(PbNode node) {
        byte[] data = node.data(); // a copy, or null
        ProtoWriter w = new ProtoWriter(64 + (data == null ? 0 : data.length) + 48 * node.links().size());
        for (PbLink link : node.links()) {
            w.message(NODE_LINKS, encodeLink(link));
        }
        if (data != null) {
            w.bytes(NODE_DATA, data);
        }
        return w.toByteArray();
    }

    private static ProtoWriter encodeLink(PbLink link) {
        ProtoWriter w = new ProtoWriter();
        w.bytes(LINK_HASH, link.hash().bytes());
        if (link.name() != null) {
            w.string(LINK_NAME, link.name());
        }
        if (link.tsize() != null) {
            w.varint(LINK_TSIZE, link.tsize());
        }
        return w;
    }

    /** Decodes a dag-pb block strictly; throws {@link DagPbException} naming the problem and its offset. */
    public static PbNode decode(byte[] block) {
        if (block.length > MAX_NODE_BYTES) {
            throw new DagPbException("dag-pb node of " + block.length + " bytes exceeds the limit of " + MAX_NODE_BYTES);
        }
        try {
            return decodeNode(new ProtoReader(block, "dag-pb", DagPb::nodeFieldName));
        } catch (ProtoException e) {
            throw new DagPbException(e.getMessage(), e);
        }
    }

    private static PbNode decodeNode(ProtoReader r) {
        List<PbLink> links = new ArrayList<>();
        byte[] data = null;
        while (r.next()) {
            int at = r.fieldOffset();
            int field = r.field();
            if (r.wireType() != ProtoWriter.WIRE_LENGTH_DELIMITED) {
                throw new DagPbException("dag-pb: PBNode field " + field + " at byte " + at + " has wire type "
                        + r.wireType() + ", expected 2");
            }
            switch (field) {
                case NODE_DATA -> {
                    if (data != null) {
                        throw new DagPbException("dag-pb: duplicate Data field at byte " + at);
                    }
                    data = r.bytes();
                }
                case NODE_LINKS -> {
                    if (data != null) {
                        throw new DagPbException("dag-pb: Links entry at byte " + at
                                + " after the Data field (Links come first)");
                    }
                    String where = "link " + links.size() + " (byte " + at + ")";
                    links.add(decodeLink(r.message(Integer.MAX_VALUE, "dag-pb " + where, DagPb::linkFieldName), where));
                }
                default -> throw new DagPbException("dag-pb: unknown PBNode field " + field + " at byte " + at);
            }
        }
        return new PbNode(links, data);
    }

    private static PbLink decodeLink(ProtoReader r, String where) {
        Cid hash = null;
        String name = null;
        Long tsize = null;
        int lastField = 0;
        while (r.next()) {
            int at = r.fieldOffset();
            int field = r.field();
            if (field <= lastField) {
                throw new DagPbException("dag-pb: " + where + ": field " + field + " at byte " + at
                        + (field == lastField ? " is duplicated" : " is out of order"));
            }
            lastField = field;
            switch (field) {
                case LINK_HASH -> {
                    requireWire(r, ProtoWriter.WIRE_LENGTH_DELIMITED, where + " Hash");
                    byte[] bytes = r.bytes();
                    try {
                        hash = Cid.decode(bytes);
                    } catch (MultiformatException e) {
                        throw new DagPbException("dag-pb: " + where + " Hash at byte " + at + " is not a valid CID: "
                                + e.getMessage(), e);
                    }
                }
                case LINK_NAME -> {
                    requireWire(r, ProtoWriter.WIRE_LENGTH_DELIMITED, where + " Name");
                    name = r.string(Integer.MAX_VALUE);
                }
                case LINK_TSIZE -> {
                    requireWire(r, ProtoWriter.WIRE_VARINT, where + " Tsize");
                    tsize = r.uint64();
                }
                default -> throw new DagPbException("dag-pb: " + where + ": unknown PBLink field " + field + " at byte " + at);
            }
        }
        if (hash == null) {
            throw new DagPbException("dag-pb: " + where + " has no Hash");
        }
        return new PbLink(hash, name, tsize);
    }

    private static void requireWire(ProtoReader r, int expected, String field) {
        if (r.wireType() != expected) {
            throw new DagPbException("dag-pb: " + field + " at byte " + r.fieldOffset() + " has wire type "
                    + r.wireType() + ", expected " + expected);
        }
    }

    private static String nodeFieldName(int field) {
        return switch (field) {
            case NODE_DATA -> "Data";
            case NODE_LINKS -> "Links";
            default -> null;
        };
    }

    private static String linkFieldName(int field) {
        return switch (field) {
            case LINK_HASH -> "Hash";
            case LINK_NAME -> "Name";
            case LINK_TSIZE -> "Tsize";
            default -> null;
        };
    }
}
