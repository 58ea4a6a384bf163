package io.hypha.peer;

import io.hypha.crypto.PublicKey;
import io.hypha.multiaddr.Multiaddr;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the node knows of other peers: addresses (each with an expiry), public keys, supported
 * protocols and identify metadata. Implementations bound every table and say what they evict.
 */
public interface PeerStore {
    /** TTL of addresses of a peer we are connected to, or that it told us itself. */
    Duration CONNECTED_ADDRESS_TTL = Duration.ofMinutes(30);
    /** TTL of addresses learned from third parties (DHT, provider records): go-libp2p's provider addr TTL. */
    Duration LEARNED_ADDRESS_TTL = Duration.ofHours(24);
    /** TTL of addresses given by the user (configuration, command line). */
    Duration PERMANENT_ADDRESS_TTL = Duration.ofDays(365 * 100L);

    /** Adds addresses (without {@code /p2p}) valid for {@code ttl}; a longer TTL extends an address's expiry. */
    void addAddresses(PeerId peer, Collection<Multiaddr> addresses, Duration ttl);

    /** Replaces the peer's addresses (e.g. from a signed peer record). */
    void setAddresses(PeerId peer, Collection<Multiaddr> addresses, Duration ttl);

    /** The peer's unexpired addresses, most recently added first. */
    List<Multiaddr> addresses(PeerId peer);

    /**
     * Records the peer's public key.
     *
     * @throws IllegalArgumentException when the key does not match the peer id
     */
    void putPublicKey(PeerId peer, PublicKey key);

    Optional<PublicKey> publicKey(PeerId peer);

    /** Replaces the set of protocols the peer said it supports. */
    void setProtocols(PeerId peer, Collection<String> protocols);

    Set<String> protocols(PeerId peer);

    /** Identify's {@code agentVersion}, {@code protocolVersion} and the like. */
    void putMetadata(PeerId peer, String key, String value);

    Optional<String> metadata(PeerId peer, String key);

    /** Every peer with any record. */
    Set<PeerId> peers();

    /** Forgets the peer. */
    void remove(PeerId peer);

    /** Metadata key of identify's agent version. */
    String AGENT_VERSION = "AgentVersion";
    /** Metadata key of identify's protocol version. */
    String PROTOCOL_VERSION = "ProtocolVersion";
}
