package io.hypha.protocol.kad.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.KadProtocol;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryProviderStoreTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<Multiaddr> ADDRS = List.of(Multiaddr.parse("/ip4/192.0.2.1/tcp/4001"));

    private static PeerId peer() {
        return PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519).publicKey());
    }

    private static byte[] key(int n) {
        return new byte[] {0x12, 0x01, (byte) n};
    }

    private static ProviderRecord record(PeerId p, Instant at) {
        return new ProviderRecord(p, ADDRS, at);
    }

    @Test
    void providersComeBackMostRecentFirstAndExpireAfterTheTtl() {
        MemoryProviderStore store = new MemoryProviderStore();
        PeerId a = peer();
        PeerId b = peer();
        assertTrue(store.put(key(1), record(a, T0)));
        assertTrue(store.put(key(1), record(b, T0.plusSeconds(10))));
        assertEquals(List.of(record(b, T0.plusSeconds(10)), record(a, T0)), store.get(key(1), T0.plusSeconds(20), 10));
        assertEquals(List.of(record(b, T0.plusSeconds(10))), store.get(key(1), T0.plusSeconds(20), 1));
        Instant aExpires = T0.plus(KadProtocol.PROVIDER_RECORD_TTL);
        assertEquals(List.of(record(b, T0.plusSeconds(10))), store.get(key(1), aExpires, 10));
        assertEquals(2, store.size(), "an expired record stays until swept");
        assertEquals(1, store.sweep(aExpires));
        assertEquals(1, store.size());
        assertEquals(1, store.sweep(aExpires.plusSeconds(10)));
        assertEquals(0, store.size());
        assertEquals(0, store.bytes());
    }

    @Test
    void reAnnouncingRenewsInsteadOfAdding() {
        MemoryProviderStore store = new MemoryProviderStore(Duration.ofHours(1), 4, 4, 1 << 20);
        PeerId a = peer();
        store.put(key(1), record(a, T0));
        long bytes = store.bytes();
        assertTrue(store.put(key(1), record(a, T0.plusSeconds(3000))));
        assertEquals(1, store.size());
        assertEquals(bytes, store.bytes());
        assertEquals(List.of(record(a, T0.plusSeconds(3000))), store.get(key(1), T0.plusSeconds(3700), 10));
    }

    @Test
    void aFullKeyDropsItsLeastRecentProvider() {
        int perKey = 5;
        MemoryProviderStore store = new MemoryProviderStore(Duration.ofHours(1), perKey, 100, 1 << 20);
        List<PeerId> peers = new ArrayList<>();
        for (int i = 0; i < perKey; i++) {
            peers.add(peer());
            assertTrue(store.put(key(1), record(peers.get(i), T0.plusSeconds(i))));
        }
        // the first renews, so the second is now the least recent
        store.put(key(1), record(peers.get(0), T0.plusSeconds(100)));
        PeerId newcomer = peer();
        assertTrue(store.put(key(1), record(newcomer, T0.plusSeconds(200))));
        assertEquals(perKey, store.size());
        List<PeerId> held = store.get(key(1), T0.plusSeconds(300), 100).stream().map(ProviderRecord::provider).toList();
        assertEquals(perKey, held.size());
        assertTrue(held.contains(newcomer) && held.contains(peers.get(0)));
        assertFalse(held.contains(peers.get(1)));
    }

    @Test
    void theTotalRecordLimitRefusesRatherThanEvicts() {
        MemoryProviderStore store = new MemoryProviderStore(Duration.ofHours(1), 10, 3, 1 << 20);
        PeerId a = peer();
        for (int i = 0; i < 3; i++) {
            assertTrue(store.put(key(i), record(a, T0)));
        }
        assertFalse(store.put(key(3), record(a, T0)), "a fourth record");
        assertFalse(store.put(key(0), record(peer(), T0)), "a new provider of a held key");
        assertTrue(store.put(key(0), record(a, T0.plusSeconds(1))), "renewing is still fine");
        assertEquals(3, store.size());
        assertEquals(1, store.get(key(0), T0.plusSeconds(2), 10).size());
        // once swept, there is room again
        assertEquals(3, store.sweep(T0.plusSeconds(3601)));
        assertTrue(store.put(key(3), record(a, T0.plusSeconds(3601))));
    }

    @Test
    void theByteLimitRefusesRecordsWithLongAddresses() {
        List<Multiaddr> long16 = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            long16.add(Multiaddr.parse("/dns4/" + "a".repeat(60) + i + ".example/tcp/4001"));
        }
        ProviderRecord big = new ProviderRecord(peer(), long16, T0);
        ProviderRecord small = record(peer(), T0);
        long bigBytes = MemoryProviderStore.recordBytes(key(0), big);
        long limit = 2 * bigBytes + MemoryProviderStore.recordBytes(key(0), small);
        MemoryProviderStore store = new MemoryProviderStore(Duration.ofHours(1), 1000, 1000, limit);
        assertTrue(store.put(key(0), big));
        assertTrue(store.put(key(1), big));
        assertFalse(store.put(key(2), big), "a third long record passes the byte limit");
        assertTrue(store.put(key(2), small), "a short one still fits");
        assertEquals(limit, store.bytes());
        assertFalse(store.put(key(3), small));
    }

    @Test
    void closeDropsEverythingAndRefusesMore() {
        MemoryProviderStore store = new MemoryProviderStore();
        store.put(key(1), record(peer(), T0));
        store.close();
        assertEquals(0, store.size());
        assertFalse(store.put(key(1), record(peer(), T0)));
    }
}
