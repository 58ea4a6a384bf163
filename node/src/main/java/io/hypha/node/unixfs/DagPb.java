package io.hypha.node.unixfs;

import io.hypha.multiformats.Cid;
import io.hypha.multiformats.MultiformatException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
        ProtobufWriter w = new ProtobufWriter();
        for (PbLink link : node.links()) {
            w.bytesField(NODE_LINKS, encodeLink(link));
        }
        if (node.hasData()) {
            w.bytesField(NODE_DATA, node.data());
        }
        return w.toByteArray();
    }

    private static byte[] encodeLink(PbLink link) {
        ProtobufWriter w = new ProtobufWriter();
        w.bytesField(LINK_HASH, link.hash().bytes());
        if (link.name() != null) {
            w.bytesField(LINK_NAME, link.name().getBytes(StandardCharsets.UTF_8));
        }
        if (link.tsize() != null) {
            w.varintField(LINK_TSIZE, link.tsize());
        }
        return w.toByteArray();
    }

    /** Decodes a dag-pb block strictly; throws {@link DagPbException} naming the problem and its offset. */
    public static PbNode decode(byte[] block) {
        if (block.length > MAX_NODE_BYTES) {
            throw new DagPbException("dag-pb node of " + block.length + " bytes exceeds the limit of " + MAX_NODE_BYTES);
        }
        ProtobufReader r = new ProtobufReader(block, 0, block.length, m -> new DagPbException("dag-pb: " + m));
        List<PbLink> links = new ArrayList<>();
        byte[] data = null;
        while (r.hasMore()) {
            int at = r.position();
            int tag = r.readTag();
            int field = tag >>> 3;
            if ((tag & 7) != ProtobufReader.LENGTH_DELIMITED) {
                throw r.error("PBNode field " + field + " at byte " + at + " has wire type " + (tag & 7)
                        + ", expected 2");
            }
            switch (field) {
                case NODE_DATA -> {
                    if (data != null) {
                        throw r.error("duplicate Data field at byte " + at);
                    }
                    data = r.readBytes("Data");
                }
                case NODE_LINKS -> {
                    if (data != null) {
                        throw r.error("Links entry at byte " + at + " after the Data field (Links come first)");
                    }
                    links.add(decodeLink(r.readMessage("Links"), at, links.size()));
                }
                default -> throw r.error("unknown PBNode field " + field + " at byte " + at);
            }
        }
        return new PbNode(links, data);
    }

    private static PbLink decodeLink(ProtobufReader r, int linkOffset, int index) {
        String where = "link " + index + " (byte " + linkOffset + ")";
        Cid hash = null;
        String name = null;
        Long tsize = null;
        int lastField = 0;
        while (r.hasMore()) {
            int at = r.position();
            int tag = r.readTag();
            int field = tag >>> 3;
            int wire = tag & 7;
            if (field <= lastField) {
                throw r.error(where + ": field " + field + " at byte " + at
                        + (field == lastField ? " is duplicated" : " is out of order"));
            }
            lastField = field;
            switch (field) {
                case LINK_HASH -> {
                    requireWire(r, wire, ProtobufReader.LENGTH_DELIMITED, where + " Hash", at);
                    byte[] bytes = r.readBytes("Hash");
                    try {
                        hash = Cid.decode(bytes);
                    } catch (MultiformatException e) {
                        throw new DagPbException("dag-pb: " + where + " Hash at byte " + at + " is not a valid CID: "
                                + e.getMessage(), e);
                    }
                }
                case LINK_NAME -> {
                    requireWire(r, wire, ProtobufReader.LENGTH_DELIMITED, where + " Name", at);
                    name = utf8(r, r.readBytes("Name"), where, at);
                }
                case LINK_TSIZE -> {
                    requireWire(r, wire, ProtobufReader.VARINT, where + " Tsize", at);
                    tsize = r.readUint64(where + " Tsize");
                }
                default -> throw r.error(where + ": unknown PBLink field " + field + " at byte " + at);
            }
        }
        if (hash == null) {
            throw r.error(where + " has no Hash");
        }
        return new PbLink(hash, name, tsize);
    }

    private static String utf8(ProtobufReader r, byte[] bytes, String where, int at) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw r.error(where + " Name at byte " + at + " is not valid UTF-8");
        }
    }

    private static void requireWire(ProtobufReader r, int wire, int expected, String field, int at) {
        if (wire != expected) {
            throw r.error(field + " at byte " + at + " has wire type " + wire + ", expected " + expected);
        }
    }
}
