package io.hypha.host;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import java.util.List;
import java.util.Set;

/** What happens on a host, delivered to {@link Host#subscribe} subscribers. */
public sealed interface HostEvent {
    /** A connection to a peer is up (secured and multiplexed). */
    record PeerConnected(PeerId peer, Connection connection) implements HostEvent {}

    /** A connection closed; {@code remaining} is how many other connections to the peer are still open. */
    record PeerDisconnected(PeerId peer, Connection connection, int remaining) implements HostEvent {}

    /** Identify finished: what the peer says of itself (already written to the peer store). */
    record PeerIdentified(PeerId peer, Connection connection, String agentVersion, String protocolVersion,
            Set<String> protocols, List<Multiaddr> listenAddresses, Multiaddr observedAddress) implements HostEvent {
        public PeerIdentified {
            protocols = Set.copyOf(protocols);
            listenAddresses = List.copyOf(listenAddresses);
        }
    }

    /** The protocols a peer supports changed (identify push). */
    record PeerProtocolsChanged(PeerId peer, Set<String> protocols) implements HostEvent {
        public PeerProtocolsChanged {
            protocols = Set.copyOf(protocols);
        }
    }

    /** Our own protocols or listen addresses changed (identify pushes them to connected peers). */
    record LocalChanged(Set<String> protocols, List<Multiaddr> listenAddresses) implements HostEvent {
        public LocalChanged {
            protocols = Set.copyOf(protocols);
            listenAddresses = List.copyOf(listenAddresses);
        }
    }
}
