package io.hypha.protocol.kad;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.hypha.internal.proto.ProtoException;
import io.hypha.internal.proto.ProtoMessages;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.MultiformatException;
import io.hypha.multiformats.Varint;
import io.hypha.peer.InvalidPeerIdException;
import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.internal.KadProto;
import java.util.ArrayList;
import java.util.List;

/**
 * The DHT {@code Message} (proto3, {@code libp2p/kad.proto}) to and from {@link KadMessage}. Fields are written in
 * field-number order with zero values left out, byte for byte as go-libp2p-kad-dht writes them.
 *
 * <p>Decoding is lenient where the peers we meet are (spec, "RPC messages"; go-libp2p-kad-dht): an absent type is
 * {@link MessageType#PUT_VALUE}, a peer whose id is not a peer id is skipped, an address that is not a multiaddr is
 * skipped, at most {@link KadProtocol#MAX_ADDRESSES_PER_PEER} addresses are kept per peer, and
 * {@code clusterLevelRaw} is ignored. It is strict where guessing would be wrong: a malformed protobuf or an unknown
 * message type fails the whole message with {@link KadException}.
 */
public final class KadCodec {
    private static final System.Logger LOG = System.getLogger(KadCodec.class.getName());

    /** Field numbers of {@code Message} (spec, "RPC messages"). */
    private static final int FIELD_CLOSER_PEERS = 8;
    private static final int FIELD_PROVIDER_PEERS = 9;

    private KadCodec() {}

    /** The message body (no length prefix). */
    public static byte[] encode(KadMessage m) {
        return toProto(m).toByteArray();
    }

    /** The message prefixed by its uvarint length, as it goes on the stream. */
    public static byte[] encodeDelimited(KadMessage m) {
        return delimited(toProto(m));
    }

    /**
     * {@code m} prefixed by its length, trimmed to at most {@code maxFrameBytes} bytes (prefix included): providers
     * are dropped from the end first, then every peer's addresses are cut down (to one at the least), then closer
     * peers are dropped from the end. Used for what we answer, so that rust-libp2p peers (16 KiB) accept it.
     *
     * @throws KadException when even the message without peers (key and record alone) does not fit
     */
    public static byte[] encodeBounded(KadMessage m, int maxFrameBytes) {
        return encodeDelimited(trim(m, maxFrameBytes));
    }

    /**
     * {@code m} with as few providers, addresses and closer peers removed as needed for its frame (length prefix
     * included) to take at most {@code maxFrameBytes} bytes; {@code m} itself when it fits.
     *
     * @throws KadException when even the message without peers does not fit
     */
    public static KadMessage trim(KadMessage m, int maxFrameBytes) {
        KadProto.Message base = toProto(new KadMessage(m.type(), m.key(), m.record(), List.of(), List.of()));
        int baseSize = base.getSerializedSize();
        if (frameSize(baseSize) > maxFrameBytes) {
            throw new KadException("a " + m.type() + " message of " + frameSize(baseSize)
                    + " bytes without peers exceeds " + maxFrameBytes + " bytes");
        }
        List<KadPeer> closer = new ArrayList<>(m.closerPeers());
        List<KadPeer> providers = new ArrayList<>(m.providerPeers());
        if (frameSize(baseSize + peersSize(FIELD_CLOSER_PEERS, closer, Integer.MAX_VALUE)
                + peersSize(FIELD_PROVIDER_PEERS, providers, Integer.MAX_VALUE)) <= maxFrameBytes) {
            return m;
        }
        int closerSize = peersSize(FIELD_CLOSER_PEERS, closer, Integer.MAX_VALUE);
        int providersSize = peersSize(FIELD_PROVIDER_PEERS, providers, Integer.MAX_VALUE);
        while (!providers.isEmpty() && frameSize(baseSize + closerSize + providersSize) > maxFrameBytes) {
            KadPeer dropped = providers.remove(providers.size() - 1);
            providersSize -= peerSize(FIELD_PROVIDER_PEERS, dropped, Integer.MAX_VALUE);
        }
        int maxAddresses = Integer.MAX_VALUE;
        if (frameSize(baseSize + closerSize + providersSize) > maxFrameBytes) {
            maxAddresses = Math.min(KadProtocol.MAX_ADDRESSES_PER_PEER, mostAddresses(closer));
            while (maxAddresses > 1
                    && frameSize(baseSize + peersSize(FIELD_CLOSER_PEERS, closer, maxAddresses)) > maxFrameBytes) {
                maxAddresses--;
            }
            closerSize = peersSize(FIELD_CLOSER_PEERS, closer, maxAddresses);
            while (!closer.isEmpty() && frameSize(baseSize + closerSize) > maxFrameBytes) {
                KadPeer dropped = closer.remove(closer.size() - 1);
                closerSize -= peerSize(FIELD_CLOSER_PEERS, dropped, maxAddresses);
            }
        }
        int cap = maxAddresses;
        KadMessage trimmed = new KadMessage(m.type(), m.key(), m.record(),
                closer.stream().map(p -> capped(p, cap)).toList(), providers);
        LOG.log(System.Logger.Level.DEBUG, () -> "trimmed " + m + " to " + trimmed + " to fit " + maxFrameBytes
                + " bytes");
        return trimmed;
    }

    /**
     * Decodes one message body.
     *
     * @throws KadException when the body exceeds {@link KadProtocol#MAX_MESSAGE_SIZE}, is not a well-formed
     *     message, or carries an unknown message type
     */
    public static KadMessage decode(byte[] body) {
        if (body.length > KadProtocol.MAX_MESSAGE_SIZE) {
            throw new KadException("kad message of " + body.length + " bytes exceeds " + KadProtocol.MAX_MESSAGE_SIZE);
        }
        KadProto.Message m;
        try {
            m = ProtoMessages.parse(KadProto.Message.parser(), body, "kad message");
        } catch (ProtoException e) {
            throw new KadException(e.getMessage(), e);
        }
        MessageType type = MessageType.fromCode(m.getTypeValue())
                .orElseThrow(() -> new KadException("kad message of unknown type " + m.getTypeValue()));
        KadRecord record = null;
        if (m.hasRecord()) {
            KadProto.Record r = m.getRecord();
            record = new KadRecord(r.getKey().toByteArray(), r.getValue().toByteArray(), r.getTimeReceived());
        }
        return new KadMessage(type, m.getKey().toByteArray(), record, peers(m.getCloserPeersList()),
                peers(m.getProviderPeersList()));
    }

    // ---- to protobuf ---------------------------------------------------------------------------------------

    private static KadProto.Message toProto(KadMessage m) {
        KadProto.Message.Builder b = KadProto.Message.newBuilder()
                .setTypeValue(m.type().code())
                .setKey(ByteString.copyFrom(m.key()));
        KadRecord r = m.record();
        if (r != null) {
            b.setRecord(KadProto.Record.newBuilder()
                    .setKey(ByteString.copyFrom(r.key()))
                    .setValue(ByteString.copyFrom(r.value()))
                    .setTimeReceived(r.timeReceived()));
        }
        for (KadPeer p : m.closerPeers()) {
            b.addCloserPeers(toProto(p, Integer.MAX_VALUE));
        }
        for (KadPeer p : m.providerPeers()) {
            b.addProviderPeers(toProto(p, Integer.MAX_VALUE));
        }
        return b.build();
    }

    private static KadProto.Message.Peer toProto(KadPeer p, int maxAddresses) {
        KadProto.Message.Peer.Builder b = KadProto.Message.Peer.newBuilder()
                .setId(ByteString.copyFrom(p.id().bytes()))
                .setConnectionValue(p.connection().code());
        List<Multiaddr> addrs = p.addresses();
        for (int i = 0; i < addrs.size() && i < maxAddresses; i++) {
            b.addAddrs(ByteString.copyFrom(addrs.get(i).bytes()));
        }
        return b.build();
    }

    private static byte[] delimited(KadProto.Message m) {
        int size = m.getSerializedSize();
        byte[] out = new byte[Varint.size(size) + size];
        int at = Varint.write(size, out, 0);
        CodedOutputStream cos = CodedOutputStream.newInstance(out, at, size);
        try {
            m.writeTo(cos);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("writing to an array of the right size cannot fail", e);
        }
        cos.checkNoSpaceLeft();
        return out;
    }

    private static int frameSize(int bodySize) {
        return Varint.size(bodySize) + bodySize;
    }

    private static int peerSize(int field, KadPeer p, int maxAddresses) {
        return CodedOutputStream.computeMessageSize(field, toProto(p, maxAddresses));
    }

    private static int peersSize(int field, List<KadPeer> peers, int maxAddresses) {
        int size = 0;
        for (KadPeer p : peers) {
            size += peerSize(field, p, maxAddresses);
        }
        return size;
    }

    private static int mostAddresses(List<KadPeer> peers) {
        int most = 0;
        for (KadPeer p : peers) {
            most = Math.max(most, p.addresses().size());
        }
        return most;
    }

    private static KadPeer capped(KadPeer p, int maxAddresses) {
        return p.addresses().size() <= maxAddresses ? p
                : new KadPeer(p.id(), p.addresses().subList(0, maxAddresses), p.connection());
    }

    // ---- from protobuf -------------------------------------------------------------------------------------

    private static List<KadPeer> peers(List<KadProto.Message.Peer> in) {
        List<KadPeer> out = new ArrayList<>(in.size());
        for (KadProto.Message.Peer p : in) {
            PeerId id;
            try {
                id = PeerId.fromBytes(p.getId().toByteArray());
            } catch (InvalidPeerIdException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "kad: skipping a peer with an invalid id: " + e.getMessage());
                continue;
            }
            List<Multiaddr> addrs = new ArrayList<>(Math.min(p.getAddrsCount(), KadProtocol.MAX_ADDRESSES_PER_PEER));
            for (ByteString bytes : p.getAddrsList()) {
                if (addrs.size() == KadProtocol.MAX_ADDRESSES_PER_PEER) {
                    break;
                }
                try {
                    addrs.add(Multiaddr.decode(bytes.toByteArray()));
                } catch (MultiformatException e) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "kad: skipping a malformed address of " + id + ": "
                            + e.getMessage());
                }
            }
            out.add(new KadPeer(id, addrs, ConnectionType.fromCode(p.getConnectionValue())));
        }
        return out;
    }
}
