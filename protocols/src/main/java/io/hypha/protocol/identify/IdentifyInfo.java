package io.hypha.protocol.identify;

import io.hypha.crypto.PublicKey;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerRecord;
import java.util.List;
import java.util.Objects;

/**
 * What a peer told us about itself on one connection, after verification (and, after a push, merged with
 * what it said before).
 *
 * @param peer             the peer (the connection's authenticated peer id)
 * @param protocolVersion  e.g. {@code ipfs/0.1.0}; empty when the peer did not say
 * @param agentVersion     e.g. {@code kubo/0.38.0/}; empty when the peer did not say
 * @param publicKey        the peer's key: the one it sent (checked against {@code peer}) or the connection's
 * @param listenAddresses  where it listens, without {@code /p2p}: the signed record's addresses when it sent a
 *                         valid one, else its plain listen addresses
 * @param observedAddress  our address as the peer sees it; {@code null} when it did not say
 * @param protocols        what it serves
 * @param signedPeerRecord its verified signed peer record; {@code null} when absent or invalid
 */
public record IdentifyInfo(PeerId peer, String protocolVersion, String agentVersion, PublicKey publicKey,
        List<Multiaddr> listenAddresses, Multiaddr observedAddress, List<String> protocols,
        PeerRecord signedPeerRecord) {
    public IdentifyInfo {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        Objects.requireNonNull(agentVersion, "agentVersion");
        Objects.requireNonNull(publicKey, "publicKey");
        listenAddresses = List.copyOf(listenAddresses);
        protocols = List.copyOf(protocols);
    }
}
