package io.hypha.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.multiaddr.Multiaddr;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemoryPeerStoreTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static PeerId randomPeer() {
        return PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519).publicKey());
    }

    @Test
    void addressesExpireAfterTheirTtlAndLongerTtlsWin() {
        ManualClock clock = new ManualClock();
        MemoryPeerStore store = new MemoryPeerStore(clock);
        PeerId peer = randomPeer();
        Multiaddr a = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001");
        Multiaddr b = Multiaddr.parse("/ip4/10.0.0.2/tcp/4001");
        store.addAddresses(peer, List.of(a), Duration.ofMinutes(10));
        store.addAddresses(peer, List.of(b.withPeerId(peer)), Duration.ofMinutes(1));
        store.addAddresses(peer, List.of(a), Duration.ofSeconds(1)); // shorter: keeps the 10 minutes
        assertEquals(List.of(a, b), store.addresses(peer));
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertEquals(List.of(a), store.addresses(peer));
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        assertTrue(store.addresses(peer).isEmpty());
    }

    @Test
    void boundsAddressesPerPeerAndPeers() {
        ManualClock clock = new ManualClock();
        MemoryPeerStore store = new MemoryPeerStore(clock, 3);
        PeerId peer = randomPeer();
        List<Multiaddr> many = new ArrayList<>();
        for (int i = 0; i < MemoryPeerStore.MAX_ADDRESSES_PER_PEER + 10; i++) {
            many.add(Multiaddr.parse("/ip4/10.0.0." + (i % 250) + "/tcp/" + (1000 + i)));
        }
        store.addAddresses(peer, many, Duration.ofHours(1));
        assertEquals(MemoryPeerStore.MAX_ADDRESSES_PER_PEER, store.addresses(peer).size());
        List<PeerId> peers = List.of(randomPeer(), randomPeer(), randomPeer());
        peers.forEach(p -> store.setProtocols(p, List.of("/x")));
        assertEquals(3, store.peers().size());
        assertTrue(!store.peers().contains(peer), "the least recently updated peer is evicted");
    }

    @Test
    void keysMustMatchTheirPeerAndIdentityKeysAreKnownWithoutStoring() {
        MemoryPeerStore store = new MemoryPeerStore(Clock.systemUTC());
        PrivateKey key = PrivateKey.generate(KeyType.ED25519);
        PeerId peer = PeerId.fromPublicKey(key.publicKey());
        assertEquals(Optional.of(key.publicKey()), store.publicKey(peer));
        PeerId rsaPeer = PeerId.fromPublicKey(PrivateKey.generate(KeyType.ECDSA).publicKey());
        assertThrows(IllegalArgumentException.class, () -> store.putPublicKey(rsaPeer, key.publicKey()));
        assertTrue(store.publicKey(rsaPeer).isEmpty());
    }

    @Test
    void metadataAndProtocolsAreBounded() {
        MemoryPeerStore store = new MemoryPeerStore(Clock.systemUTC());
        PeerId peer = randomPeer();
        store.putMetadata(peer, PeerStore.AGENT_VERSION, "x".repeat(MemoryPeerStore.MAX_METADATA_VALUE_LENGTH * 2));
        assertEquals(MemoryPeerStore.MAX_METADATA_VALUE_LENGTH, store.metadata(peer, PeerStore.AGENT_VERSION).orElseThrow().length());
        List<String> protocols = new ArrayList<>();
        for (int i = 0; i < MemoryPeerStore.MAX_PROTOCOLS_PER_PEER + 5; i++) {
            protocols.add("/p/" + i);
        }
        store.setProtocols(peer, protocols);
        assertEquals(MemoryPeerStore.MAX_PROTOCOLS_PER_PEER, store.protocols(peer).size());
        store.remove(peer);
        assertTrue(store.protocols(peer).isEmpty());
    }
}
