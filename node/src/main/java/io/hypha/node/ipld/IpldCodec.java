package io.hypha.node.ipld;

import io.hypha.multiformats.Multicodec;
import io.hypha.node.unixfs.DagPb;
import io.hypha.node.unixfs.DagPbException;
import io.hypha.node.unixfs.PbLink;
import io.hypha.node.unixfs.PbNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The codecs a block can be read with and written in, each with its multicodec code: DAG-CBOR, DAG-JSON, dag-pb
 * (through {@link DagPb}, in the data model form its spec gives: {@code {"Data": bytes, "Links": [{"Hash": link,
 * "Name": string, "Tsize": int}]}}) and raw (one bytes value).
 */
public enum IpldCodec {
    DAG_CBOR(Multicodec.DAG_CBOR),
    DAG_JSON(Multicodec.DAG_JSON),
    DAG_PB(Multicodec.DAG_PB),
    RAW(Multicodec.RAW);

    private final Multicodec multicodec;

    IpldCodec(Multicodec multicodec) {
        this.multicodec = multicodec;
    }

    /** The multicodec code (0x71, 0x0129, 0x70, 0x55). */
    public long code() {
        return multicodec.code();
    }

    /** The multicodec. */
    public Multicodec multicodec() {
        return multicodec;
    }

    /** The multicodec name ({@code dag-cbor}, {@code dag-json}, {@code dag-pb}, {@code raw}). */
    public String codecName() {
        return multicodec.codecName();
    }

    /** The codec with this multicodec name; an {@link IpldCodecException} for any other. */
    public static IpldCodec forName(String name) {
        for (IpldCodec c : values()) {
            if (c.codecName().equals(name.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IpldCodecException("unsupported codec \"" + name + "\": dag-cbor, dag-json, dag-pb or raw");
    }

    /** The codec with this multicodec code; an {@link IpldCodecException} for any other. */
    public static IpldCodec forCode(long code) {
        for (IpldCodec c : values()) {
            if (c.code() == code) {
                return c;
            }
        }
        throw new IpldCodecException("unsupported codec 0x" + Long.toHexString(code)
                + ": dag-cbor, dag-json, dag-pb or raw");
    }

    /** Decodes a block (strictly; see each codec). */
    public Ipld decode(byte[] block) {
        return switch (this) {
            case DAG_CBOR -> DagCbor.decode(block);
            case DAG_JSON -> DagJson.decode(block);
            case RAW -> new Ipld.BytesNode(block);
            case DAG_PB -> {
                try {
                    yield fromPb(DagPb.decode(block));
                } catch (DagPbException e) {
                    throw new IpldCodecException(e.getMessage(), e);
                }
            }
        };
    }

    /** Encodes a value; an {@link IpldCodecException} when this codec cannot hold it. */
    public byte[] encode(Ipld value) {
        return switch (this) {
            case DAG_CBOR -> DagCbor.encode(value);
            case DAG_JSON -> DagJson.encode(value);
            case RAW -> {
                if (!(value instanceof Ipld.BytesNode b)) {
                    throw new IpldCodecException("raw: can only encode bytes, not a " + value.kind());
                }
                yield b.value();
            }
            case DAG_PB -> DagPb.encode(toPb(value));
        };
    }

    private static Ipld fromPb(PbNode node) {
        List<Ipld> links = new ArrayList<>();
        for (PbLink l : node.links()) {
            Map<String, Ipld> link = new LinkedHashMap<>();
            link.put("Hash", new Ipld.LinkNode(l.hash()));
            if (l.name() != null) {
                link.put("Name", new Ipld.StringNode(l.name()));
            }
            if (l.tsize() != null) {
                link.put("Tsize", new Ipld.IntNode(new BigInteger(Long.toUnsignedString(l.tsize()))));
            }
            links.add(new Ipld.MapNode(link));
        }
        Map<String, Ipld> m = new LinkedHashMap<>();
        if (node.hasData()) {
            m.put("Data", new Ipld.BytesNode(node.data()));
        }
        m.put("Links", new Ipld.ListNode(links));
        return new Ipld.MapNode(m);
    }

    /** The dag-pb spec's data model form back to a node, refusing any other shape ("Invalid DAG-PB form"). */
    private static PbNode toPb(Ipld value) {
        if (!(value instanceof Ipld.MapNode m) || !(m.entries().get("Links") instanceof Ipld.ListNode links)
                || !m.entries().keySet().stream().allMatch(k -> k.equals("Data") || k.equals("Links"))) {
            throw new IpldCodecException("dag-pb: invalid DAG-PB form: a map of Links (a list) and optional Data");
        }
        byte[] data = null;
        if (m.entries().containsKey("Data")) {
            if (!(m.entries().get("Data") instanceof Ipld.BytesNode b)) {
                throw new IpldCodecException("dag-pb: invalid DAG-PB form: Data must be bytes");
            }
            data = b.value();
        }
        List<PbLink> out = new ArrayList<>();
        for (Ipld item : links.items()) {
            if (!(item instanceof Ipld.MapNode l) || !(l.entries().get("Hash") instanceof Ipld.LinkNode hash)
                    || !l.entries().keySet().stream().allMatch(k -> k.equals("Hash") || k.equals("Name")
                    || k.equals("Tsize"))) {
                throw new IpldCodecException("dag-pb: invalid DAG-PB form: each link is a map with a Hash link");
            }
            String name = null;
            if (l.entries().containsKey("Name")) {
                if (!(l.entries().get("Name") instanceof Ipld.StringNode s)) {
                    throw new IpldCodecException("dag-pb: invalid DAG-PB form: Name must be a string");
                }
                name = s.value();
            }
            Long tsize = null;
            if (l.entries().containsKey("Tsize")) {
                if (!(l.entries().get("Tsize") instanceof Ipld.IntNode t) || t.value().signum() < 0
                        || t.value().bitLength() > 63) {
                    throw new IpldCodecException("dag-pb: invalid DAG-PB form: Tsize must be a non-negative int");
                }
                tsize = t.value().longValue();
            }
            out.add(new PbLink(hash.cid(), name, tsize));
        }
        return new PbNode(out, data);
    }
}
