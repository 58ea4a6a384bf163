package io.hypha.peer;

import com.google.protobuf.ByteString;
import io.hypha.crypto.PrivateKey;
import io.hypha.internal.proto.ProtoException;
import io.hypha.internal.proto.ProtoMessages;
import io.hypha.internal.proto.peer.PeerRecordProto;
import io.hypha.multiaddr.Multiaddr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A peer's own statement of its addresses (libp2p RFC 0003 routing records), carried in a
 * {@link SignedEnvelope} in identify's {@code signedPeerRecord}. {@code seq} orders records of one peer.
 * The wire form is the {@code PeerRecord} message of {@code libp2p/peer_record.proto}, through its generated class.
 */
public record PeerRecord(PeerId peerId, long seq, List<Multiaddr> addresses) {
    /** Signing domain of peer records. */
    public static final String DOMAIN = "libp2p-peer-record";
    /** Envelope payload type: the multicodec {@code libp2p-peer-record} (0x0301) as go-libp2p writes it. */
    private static final byte[] PAYLOAD_TYPE = {0x03, 0x01};
    /** More addresses than this in one record are rejected. */
    public static final int MAX_ADDRESSES = 64;

    public PeerRecord {
        Objects.requireNonNull(peerId, "peerId");
        addresses = List.copyOf(addresses);
    }

    public byte[] encode() {
        PeerRecordProto.PeerRecord.Builder b = PeerRecordProto.PeerRecord.newBuilder()
                .setPeerId(ByteString.copyFrom(peerId.bytes()))
                .setSeq(seq);
        for (Multiaddr a : addresses) {
            b.addAddresses(PeerRecordProto.PeerRecord.AddressInfo.newBuilder().setMultiaddr(ByteString.copyFrom(a.bytes())));
        }
        return b.build().toByteArray();
    }

    /**
     * Decodes a record. Unknown fields are ignored, an address entry without a multiaddr is skipped.
     *
     * @throws IllegalArgumentException when malformed: no peer id, an invalid peer id or multiaddr, more than
     *     {@link #MAX_ADDRESSES} addresses, a field over its size limit
     */
    public static PeerRecord decode(byte[] bytes) {
        PeerRecordProto.PeerRecord m = ProtoMessages.parse(PeerRecordProto.PeerRecord.parser(), bytes, "peer record");
        PeerId id = null;
        if (m.hasPeerId()) {
            id = PeerId.fromBytes(bounded(m.getPeerId(), SignedEnvelope.MAX_ENCODED_LENGTH, "peer id"));
        }
        if (m.getAddressesCount() > MAX_ADDRESSES) {
            throw new ProtoException("peer record has more than " + MAX_ADDRESSES + " addresses");
        }
        List<Multiaddr> addrs = new ArrayList<>();
        for (PeerRecordProto.PeerRecord.AddressInfo info : m.getAddressesList()) {
            if (info.getSerializedSize() > Multiaddr.MAX_ENCODED_LENGTH + 8) {
                throw new ProtoException("peer record address of " + info.getSerializedSize() + " bytes exceeds "
                        + (Multiaddr.MAX_ENCODED_LENGTH + 8));
            }
            if (info.hasMultiaddr()) {
                addrs.add(Multiaddr.decode(bounded(info.getMultiaddr(), Multiaddr.MAX_ENCODED_LENGTH, "multiaddr")));
            }
        }
        if (id == null) {
            throw new ProtoException("peer record has no peer id");
        }
        return new PeerRecord(id, m.getSeq(), addrs);
    }

    private static byte[] bounded(ByteString field, int max, String name) {
        if (field.size() > max) {
            throw new ProtoException("peer record " + name + " of " + field.size() + " bytes exceeds " + max);
        }
        return field.toByteArray();
    }

    /** Signs this record with the peer's own key (which must match {@link #peerId()}). */
    public SignedEnvelope sign(PrivateKey key) {
        if (!peerId.matches(key.publicKey())) {
            throw new IllegalArgumentException("key does not belong to " + peerId);
        }
        return SignedEnvelope.sign(key, DOMAIN, PAYLOAD_TYPE, encode());
    }

    /**
     * Opens a signed peer record: checks the signature, the payload type, and that the signer is the peer
     * the record is about.
     */
    public static PeerRecord fromEnvelope(byte[] envelopeBytes) {
        SignedEnvelope env = SignedEnvelope.decodeAndVerify(envelopeBytes, DOMAIN);
        if (!Arrays.equals(env.payloadType(), PAYLOAD_TYPE)) {
            throw new IllegalArgumentException("signed envelope does not hold a peer record");
        }
        PeerRecord rec = decode(env.payload());
        if (!rec.peerId().matches(env.publicKey())) {
            throw new IllegalArgumentException("peer record for " + rec.peerId() + " signed by another key");
        }
        return rec;
    }
}
