package io.hypha.protocol.kad;

import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.query.ClosestPeersQuery;
import java.time.Duration;

/** What the DHT did, delivered to {@link Kad#subscribe} listeners (for metrics and logs). */
public sealed interface KadEvent {
    /** A DHT server entered the routing table. */
    record PeerAdded(PeerId peer) implements KadEvent {}

    /** A peer left the routing table (it failed, stopped serving, or gave way in a full bucket). */
    record PeerRemoved(PeerId peer) implements KadEvent {}

    /** A lookup ended. */
    record QueryFinished(QueryKind kind, ClosestPeersQuery.Outcome outcome, Duration took, int requests,
            int failures) implements KadEvent {}

    /** We sent a request of {@code type}; {@code ok} says whether it was answered. */
    record RequestSent(MessageType type, boolean ok) implements KadEvent {}

    /** A peer sent us a request of {@code type}. */
    record RequestReceived(MessageType type) implements KadEvent {}
}
