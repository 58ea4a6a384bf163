package io.hypha.protocol.identify;

import io.hypha.crypto.PublicKey;
import io.hypha.multiaddr.Multiaddr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One Identify protobuf as on the wire (libp2p/specs identify/README.md, "The Identify Message"). Absent
 * optional fields are {@code null}; absent repeated fields are empty lists.
 *
 * @param protocolVersion  field 5, e.g. {@code ipfs/0.1.0}
 * @param agentVersion     field 6, e.g. {@code kubo/0.38.0/}
 * @param publicKey        field 1, the sender's public key
 * @param listenAddresses  field 2, addresses the sender listens on
 * @param observedAddress  field 4, the receiver's address as the sender sees it
 * @param protocols        field 3, protocols the sender serves
 * @param signedPeerRecord field 8, a serialized signed envelope holding a peer record (bytes as received)
 */
public record IdentifyMessage(String protocolVersion, String agentVersion, PublicKey publicKey,
        List<Multiaddr> listenAddresses, Multiaddr observedAddress, List<String> protocols, byte[] signedPeerRecord) {

    public IdentifyMessage {
        listenAddresses = List.copyOf(listenAddresses);
        protocols = List.copyOf(protocols);
        signedPeerRecord = signedPeerRecord == null ? null : signedPeerRecord.clone();
    }

    /** The message with nothing set. */
    public static final IdentifyMessage EMPTY = new IdentifyMessage(null, null, null, List.of(), null, List.of(), null);

    @Override
    public byte[] signedPeerRecord() {
        return signedPeerRecord == null ? null : signedPeerRecord.clone();
    }

    /**
     * Merges a later message into this one as protobuf does (and go-libp2p when a peer sends several): set
     * optional fields of {@code later} replace ours, repeated fields are appended.
     */
    public IdentifyMessage merge(IdentifyMessage later) {
        List<Multiaddr> addrs = new ArrayList<>(listenAddresses);
        addrs.addAll(later.listenAddresses);
        List<String> protos = new ArrayList<>(protocols);
        protos.addAll(later.protocols);
        return new IdentifyMessage(
                later.protocolVersion != null ? later.protocolVersion : protocolVersion,
                later.agentVersion != null ? later.agentVersion : agentVersion,
                later.publicKey != null ? later.publicKey : publicKey,
                addrs,
                later.observedAddress != null ? later.observedAddress : observedAddress,
                protos,
                later.signedPeerRecord != null ? later.signedPeerRecord : signedPeerRecord);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdentifyMessage m
                && Objects.equals(protocolVersion, m.protocolVersion)
                && Objects.equals(agentVersion, m.agentVersion)
                && Objects.equals(publicKey, m.publicKey)
                && listenAddresses.equals(m.listenAddresses)
                && Objects.equals(observedAddress, m.observedAddress)
                && protocols.equals(m.protocols)
                && Arrays.equals(signedPeerRecord, m.signedPeerRecord);
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocolVersion, agentVersion, publicKey, listenAddresses, observedAddress, protocols,
                Arrays.hashCode(signedPeerRecord));
    }

    @Override
    public String toString() {
        return "IdentifyMessage[protocolVersion=" + protocolVersion + ", agentVersion=" + agentVersion
                + ", publicKey=" + (publicKey != null) + ", listenAddresses=" + listenAddresses
                + ", observedAddress=" + observedAddress + ", protocols=" + protocols
                + ", signedPeerRecord=" + (signedPeerRecord == null ? "none" : signedPeerRecord.length + " bytes") + "]";
    }
}
