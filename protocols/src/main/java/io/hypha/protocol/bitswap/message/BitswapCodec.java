package io.hypha.protocol.bitswap.message;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnsafeByteOperations;
import io.hypha.block.Block;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.MultiformatException;
import io.hypha.multiformats.Multihash;
import io.hypha.protocol.bitswap.BitswapProtocol;
import io.hypha.protocol.bitswap.internal.BitswapProto;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps {@link BitswapMessage} to the wire (ipfs/specs bitswap-protocol.md "Wire format"; the protobuf classes
 * generated from {@code bitswap.proto} stay inside). Frames are not length-prefixed here: the stream reader strips
 * the uvarint prefix.
 *
 * <p>Encoding follows the negotiated version: 1.0.0 sends whole blocks in {@code blocks} and neither presences nor
 * pending bytes; 1.1.0 and 1.2.0 send blocks as {@code payload} (CID prefix and data), presences, and pending bytes
 * when not zero. Fields are written in field-number order with proto3 zero values left out, as boxo writes them.
 *
 * <p>Decoding accepts the fields of every version in one message. Each block's CID is rebuilt by hashing its data:
 * a {@code blocks} entry is CIDv0 (dag-pb, sha2-256), a {@code payload} entry takes the function, length, codec and
 * version of its prefix. A block whose hash function this node does not support is dropped from the message, not
 * an error: its CID cannot be rebuilt, and the rest of the message is still good (boxo fails the whole message).
 */
public final class BitswapCodec {
    private static final System.Logger LOG = System.getLogger(BitswapCodec.class.getName());

    private BitswapCodec() {}

    /**
     * The message as {@code version} carries it (see the version's rules).
     *
     * @throws IllegalArgumentException when a block exceeds {@link BitswapProtocol#MAX_BLOCK_BYTES}, the message
     *     exceeds {@link BitswapProtocol#MAX_MESSAGE_BYTES} (no peer would read it), or a 1.0.0 message carries a
     *     block whose CID is not dag-pb sha2-256 (the peer would file it under a CIDv0 it never asked for)
     */
    public static byte[] encode(BitswapMessage message, BitswapVersion version) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(version, "version");
        BitswapProto.Message proto = toProto(message, version);
        int size = proto.getSerializedSize();
        if (size > BitswapProtocol.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("bitswap message of " + size + " bytes exceeds "
                    + BitswapProtocol.MAX_MESSAGE_BYTES);
        }
        // one array of the computed size, filled by a CodedOutputStream: block data is copied into it once
        return proto.toByteArray();
    }

    /**
     * Decodes one message of any version, rebuilding and hashing each block's CID. Reads the bytes between the
     * frame's position and limit, leaving both where they were; nothing of the frame is kept.
     *
     * @throws MalformedMessageException when the frame exceeds {@link BitswapProtocol#MAX_MESSAGE_BYTES}, is not a
     *     well-formed message (a known field on the wrong wire type included), holds a block over
     *     {@link BitswapProtocol#MAX_BLOCK_BYTES}, a CID that does not parse or exceeds
     *     {@link BitswapProtocol#MAX_CID_BYTES}, a malformed block prefix, or a want type or presence type code that
     *     does not exist
     */
    public static BitswapMessage decode(ByteBuffer frame) throws MalformedMessageException {
        Objects.requireNonNull(frame, "frame");
        if (frame.remaining() > BitswapProtocol.MAX_MESSAGE_BYTES) {
            throw new MalformedMessageException("bitswap message of " + frame.remaining() + " bytes exceeds "
                    + BitswapProtocol.MAX_MESSAGE_BYTES);
        }
        BitswapProto.Message m = parse(frame);

        BitswapProto.Message.Wantlist wl = m.getWantlist();
        List<WantlistEntry> wants = new ArrayList<>(wl.getEntriesCount());
        for (BitswapProto.Message.Wantlist.Entry e : wl.getEntriesList()) {
            Cid cid = cid(e.getBlock(), "wantlist entry");
            int code = e.getWantTypeValue();
            WantType type = WantType.fromCode(code)
                    .orElseThrow(() -> new MalformedMessageException("bitswap: unknown want type " + code));
            // a cancel means only its CID (WantlistEntry): whatever else it carries is dropped here
            wants.add(e.getCancel() ? WantlistEntry.cancel(cid)
                    : new WantlistEntry(cid, e.getPriority(), false, type, e.getSendDontHave()));
        }

        List<Block> blocks = new ArrayList<>(m.getBlocksCount() + m.getPayloadCount());
        for (ByteString whole : m.getBlocksList()) {
            byte[] data = blockData(whole);
            blocks.add(new Block(Cid.v0(Multihash.digest(HashAlgorithm.SHA2_256, data)), data));
        }
        for (BitswapProto.Message.Block p : m.getPayloadList()) {
            ByteString prefixBytes = p.getPrefix();
            if (prefixBytes.size() > BitswapProtocol.MAX_CID_BYTES) {
                throw new MalformedMessageException("bitswap: block prefix of " + prefixBytes.size()
                        + " bytes exceeds " + BitswapProtocol.MAX_CID_BYTES);
            }
            CidPrefix prefix = CidPrefix.parse(prefixBytes.toByteArray());
            byte[] data = blockData(p.getData());
            Optional<Cid> cid = prefix.cidOf(data);
            if (cid.isEmpty()) {
                LOG.log(System.Logger.Level.DEBUG, () -> "bitswap: dropping a block of " + data.length
                        + " bytes hashed with unsupported function 0x" + Long.toHexString(prefix.hashFunction()));
                continue;
            }
            blocks.add(new Block(cid.get(), data));
        }

        List<BlockPresence> presences = new ArrayList<>(m.getBlockPresencesCount());
        for (BitswapProto.Message.BlockPresence bp : m.getBlockPresencesList()) {
            Cid cid = cid(bp.getCid(), "block presence");
            int code = bp.getTypeValue();
            PresenceType type = PresenceType.fromCode(code)
                    .orElseThrow(() -> new MalformedMessageException("bitswap: unknown presence type " + code));
            presences.add(new BlockPresence(cid, type));
        }
        return new BitswapMessage(wants, wl.getFull(), blocks, presences, m.getPendingBytes());
    }

    // ---- to protobuf ---------------------------------------------------------------------------------------

    private static BitswapProto.Message toProto(BitswapMessage message, BitswapVersion version) {
        BitswapProto.Message.Builder b = BitswapProto.Message.newBuilder();
        if (!message.wantlist().isEmpty() || message.full()) {
            BitswapProto.Message.Wantlist.Builder wl = BitswapProto.Message.Wantlist.newBuilder()
                    .setFull(message.full());
            for (WantlistEntry e : message.wantlist()) {
                BitswapProto.Message.Wantlist.Entry.Builder entry = BitswapProto.Message.Wantlist.Entry.newBuilder()
                        .setBlock(UnsafeByteOperations.unsafeWrap(e.cid().bytes()));
                if (e.cancel()) {
                    entry.setCancel(true);
                } else {
                    entry.setPriority(e.priority())
                            .setWantTypeValue(e.type().code())
                            .setSendDontHave(e.sendDontHave());
                }
                wl.addEntries(entry);
            }
            b.setWantlist(wl);
        }
        for (Block block : message.blocks()) {
            if (block.size() > BitswapProtocol.MAX_BLOCK_BYTES) {
                throw new IllegalArgumentException("bitswap: block " + block.cid() + " of " + block.size()
                        + " bytes exceeds " + BitswapProtocol.MAX_BLOCK_BYTES);
            }
            // Block.data() is a fresh copy nobody else holds, so wrapping it without another copy is safe
            ByteString data = UnsafeByteOperations.unsafeWrap(block.data());
            if (version == BitswapVersion.V1_0_0) {
                requireV0Hashable(block.cid());
                b.addBlocks(data);
            } else {
                b.addPayload(BitswapProto.Message.Block.newBuilder()
                        .setPrefix(UnsafeByteOperations.unsafeWrap(block.cid().prefix()))
                        .setData(data));
            }
        }
        if (version != BitswapVersion.V1_0_0) {
            for (BlockPresence p : message.presences()) {
                b.addBlockPresences(BitswapProto.Message.BlockPresence.newBuilder()
                        .setCid(UnsafeByteOperations.unsafeWrap(p.cid().bytes()))
                        .setTypeValue(p.type().code()));
            }
            b.setPendingBytes(message.pendingBytes());
        }
        return b.build();
    }

    /** A 1.0.0 receiver rebuilds every block as CIDv0: only a dag-pb sha2-256 32-byte block arrives as itself. */
    private static void requireV0Hashable(Cid cid) {
        Multihash mh = cid.multihash();
        if (cid.codec() != 0x70 || mh.code() != HashAlgorithm.SHA2_256.code()
                || mh.digestLength() != HashAlgorithm.SHA2_256.digestLength()) {
            throw new IllegalArgumentException("bitswap 1.0.0 carries only CIDv0 (dag-pb sha2-256) blocks, not " + cid);
        }
    }

    // ---- from protobuf -------------------------------------------------------------------------------------

    private static BitswapProto.Message parse(ByteBuffer frame) throws MalformedMessageException {
        BitswapProto.Message m;
        try {
            // The ByteString view makes the stream treat the frame as immutable, which is what lets aliasing hand out
            // bytes fields as views of the frame: block data is then copied once, by blockData.
            CodedInputStream in = UnsafeByteOperations.unsafeWrap(frame).newCodedInput();
            in.enableAliasing(true);
            m = BitswapProto.Message.parser().parsePartialFrom(in);
            // an end-group tag stops the parser early without an error; the whole frame must be one message
            in.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("bitswap: malformed message: " + e.getMessage(), e);
        }
        checkKnownFields(m, "message");
        return m;
    }

    /**
     * Rejects a known field that arrived on another wire type and any group: protobuf-java keeps both among the
     * unknown fields, which would silently empty the field (the rule of {@code io.hypha.internal.proto.ProtoMessages},
     * whose parse takes only arrays). Fields this schema does not know are ignored, as protobuf says.
     */
    private static void checkKnownFields(com.google.protobuf.Message message, String what)
            throws MalformedMessageException {
        Descriptor type = message.getDescriptorForType();
        for (Map.Entry<Integer, UnknownFieldSet.Field> e : message.getUnknownFields().asMap().entrySet()) {
            if (!e.getValue().getGroupList().isEmpty()) {
                throw new MalformedMessageException("bitswap: " + what + " field " + e.getKey() + " is a group");
            }
            FieldDescriptor known = type.findFieldByNumber(e.getKey());
            if (known != null) {
                throw new MalformedMessageException("bitswap: " + what + " field " + known.getName()
                        + " has the wrong wire type");
            }
        }
        for (FieldDescriptor f : type.getFields()) {
            if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            if (f.isRepeated()) {
                for (int i = 0, n = message.getRepeatedFieldCount(f); i < n; i++) {
                    checkKnownFields((com.google.protobuf.Message) message.getRepeatedField(f, i), f.getName());
                }
            } else if (message.hasField(f)) {
                checkKnownFields((com.google.protobuf.Message) message.getField(f), f.getName());
            }
        }
    }

    private static Cid cid(ByteString bytes, String what) throws MalformedMessageException {
        if (bytes.size() > BitswapProtocol.MAX_CID_BYTES) {
            throw new MalformedMessageException("bitswap: " + what + " CID of " + bytes.size() + " bytes exceeds "
                    + BitswapProtocol.MAX_CID_BYTES);
        }
        try {
            return Cid.decode(bytes.toByteArray());
        } catch (MultiformatException e) {
            throw new MalformedMessageException("bitswap: " + what + " has a malformed CID: " + e.getMessage(), e);
        }
    }

    /** The block's bytes, copied out of the frame once, after the size check. */
    private static byte[] blockData(ByteString data) throws MalformedMessageException {
        if (data.size() > BitswapProtocol.MAX_BLOCK_BYTES) {
            throw new MalformedMessageException("bitswap: block of " + data.size() + " bytes exceeds "
                    + BitswapProtocol.MAX_BLOCK_BYTES);
        }
        return data.toByteArray();
    }
}
