package io.hypha.protocol.kad.store;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** One peer's claim to provide a key, with the addresses it gave and when we received it. */
public record ProviderRecord(PeerId provider, List<Multiaddr> addresses, Instant received) {
    public ProviderRecord {
        Objects.requireNonNull(provider, "provider");
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(received, "received");
    }
}
