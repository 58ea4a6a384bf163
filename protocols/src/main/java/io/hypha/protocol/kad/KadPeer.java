package io.hypha.protocol.kad;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import java.util.List;
import java.util.Objects;

/** {@code Message.Peer}: a peer id with its addresses (no {@code /p2p} suffix) as one peer tells another. */
public record KadPeer(PeerId id, List<Multiaddr> addresses, ConnectionType connection) {
    public KadPeer {
        Objects.requireNonNull(id, "id");
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(connection, "connection");
    }

    public KadPeer(PeerId id, List<Multiaddr> addresses) {
        this(id, addresses, ConnectionType.NOT_CONNECTED);
    }
}
