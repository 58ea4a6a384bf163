package io.hypha.peer;

import io.hypha.crypto.PrivateKey;
import io.hypha.internal.proto.ProtoException;
import io.hypha.internal.proto.ProtoReader;
import io.hypha.internal.proto.ProtoWriter;
import io.hypha.multiaddr.Multiaddr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A peer's own statement of its addresses (libp2p RFC 0003 routing records), carried in a
 * {@link SignedEnvelope} in identify's {@code signedPeerRecord}. {@code seq} orders records of one peer.
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
        ProtoWriter w = new ProtoWriter().bytes(1, peerId.bytes()).varint(2, seq);
        for (Multiaddr a : addresses) {
            w.message(3, new ProtoWriter().bytes(1, a.bytes()));
        }
        return w.toByteArray();
    }

    public static PeerRecord decode(byte[] bytes) {
        ProtoReader r = new ProtoReader(bytes, "peer record");
        PeerId id = null;
        long seq = 0;
        List<Multiaddr> addrs = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> id = PeerId.fromBytes(r.bytes(SignedEnvelope.MAX_ENCODED_LENGTH));
                case 2 -> seq = r.varint();
                case 3 -> {
                    if (addrs.size() >= MAX_ADDRESSES) {
                        throw new ProtoException("peer record has more than " + MAX_ADDRESSES + " addresses");
                    }
                    ProtoReader info = r.message(Multiaddr.MAX_ENCODED_LENGTH + 8, "peer record address");
                    while (info.next()) {
                        if (info.field() == 1) {
                            addrs.add(Multiaddr.decode(info.bytes(Multiaddr.MAX_ENCODED_LENGTH)));
                        } else {
                            info.skip();
                        }
                    }
                }
                default -> r.skip();
            }
        }
        if (id == null) {
            throw new ProtoException("peer record has no peer id");
        }
        return new PeerRecord(id, seq, addrs);
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
