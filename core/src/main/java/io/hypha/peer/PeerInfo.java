package io.hypha.peer;

import io.hypha.multiaddr.Multiaddr;
import java.util.List;
import java.util.Objects;

/** A peer and the addresses it can be reached at (without {@code /p2p} suffixes). */
public record PeerInfo(PeerId peerId, List<Multiaddr> addresses) {
    public PeerInfo {
        Objects.requireNonNull(peerId, "peerId");
        addresses = List.copyOf(addresses);
    }

    /**
     * Splits a dialable address ending in {@code /p2p/<id>} into peer and address.
     *
     * @throws IllegalArgumentException when the address names no peer
     */
    public static PeerInfo fromP2pAddress(Multiaddr address) {
        PeerId id = address.peerId().orElseThrow(
                () -> new IllegalArgumentException("address has no /p2p/<peer id>: " + address));
        Multiaddr bare = address.withoutPeerId();
        return new PeerInfo(id, bare.isEmpty() ? List.of() : List.of(bare));
    }
}
