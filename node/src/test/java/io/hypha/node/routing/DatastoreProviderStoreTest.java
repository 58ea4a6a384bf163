package io.hypha.node.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.node.repo.MvStoreDatastore;
import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.KadProtocol;
import io.hypha.protocol.kad.store.ProviderRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's provider records in its datastore: each limit attacked, expiry, and records surviving a restart. */
class DatastoreProviderStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");
    private static final List<Multiaddr> ADDRS = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"));

    @TempDir
    Path dir;

    private static PeerId peer() {
        return PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519).publicKey());
    }

    private static byte[] key(int i) {
        return io.hypha.multiformats.Multihash.digest(io.hypha.multiformats.HashAlgorithm.SHA2_256,
                ("key " + i).getBytes()).bytes();
    }

    @Test
    void aKeyHoldsAtMostItsLimitButRenewalsAreAccepted() throws Exception {
        try (MvStoreDatastore ds = MvStoreDatastore.open(dir.resolve("ds"))) {
            DatastoreProviderStore store = new DatastoreProviderStore(ds, KadProtocol.PROVIDER_RECORD_TTL, 3, 100);
            List<PeerId> peers = List.of(peer(), peer(), peer());
            for (PeerId p : peers) {
                assertTrue(store.put(key(1), new ProviderRecord(p, ADDRS, T0)));
            }
            assertFalse(store.put(key(1), new ProviderRecord(peer(), ADDRS, T0)), "a fourth provider of one key");
            assertTrue(store.put(key(1), new ProviderRecord(peers.get(0), ADDRS, T0.plusSeconds(60))), "a renewal");
            assertEquals(3, store.size());
            assertEquals(peers.get(0), store.get(key(1), T0.plusSeconds(61), 10).get(0).provider(), "newest first");
        }
    }

    @Test
    void theTotalLimitRefusesNewRecordsAndBadKeysAreRefused() throws Exception {
        try (MvStoreDatastore ds = MvStoreDatastore.open(dir.resolve("ds"))) {
            DatastoreProviderStore store = new DatastoreProviderStore(ds, KadProtocol.PROVIDER_RECORD_TTL, 64, 5);
            PeerId p = peer();
            for (int i = 0; i < 5; i++) {
                assertTrue(store.put(key(i), new ProviderRecord(p, ADDRS, T0)));
            }
            assertFalse(store.put(key(99), new ProviderRecord(p, ADDRS, T0)), "past the total");
            assertEquals(5, store.size());
            assertFalse(store.put(new byte[0], new ProviderRecord(p, ADDRS, T0)));
            assertFalse(store.put(new byte[KadProtocol.MAX_PROVIDER_KEY_BYTES + 1], new ProviderRecord(p, ADDRS, T0)));
        }
    }

    @Test
    void expiredRecordsAreHiddenThenSweptAndTheRestSurviveARestart() throws Exception {
        PeerId p = peer();
        Duration ttl = Duration.ofHours(48);
        try (MvStoreDatastore ds = MvStoreDatastore.open(dir.resolve("ds"))) {
            DatastoreProviderStore store = new DatastoreProviderStore(ds, ttl, 64, 100);
            store.put(key(1), new ProviderRecord(p, ADDRS, T0));
            store.put(key(2), new ProviderRecord(p, ADDRS, T0.plus(Duration.ofHours(30))));
            Instant later = T0.plus(Duration.ofHours(49));
            assertTrue(store.get(key(1), later, 10).isEmpty(), "expired, not returned");
            assertEquals(1, store.sweep(later));
            assertEquals(1, store.size());
        }
        try (MvStoreDatastore ds = MvStoreDatastore.open(dir.resolve("ds"))) {
            DatastoreProviderStore store = new DatastoreProviderStore(ds, ttl, 64, 100);
            assertEquals(1, store.size(), "counted again at open");
            List<ProviderRecord> back = store.get(key(2), T0.plus(Duration.ofHours(50)), 10);
            assertEquals(List.of(new ProviderRecord(p, ADDRS, T0.plus(Duration.ofHours(30)))), back);
        }
    }
}
