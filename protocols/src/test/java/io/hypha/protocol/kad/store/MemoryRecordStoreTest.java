package io.hypha.protocol.kad.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.protocol.kad.KadProtocol;
import io.hypha.protocol.kad.KadRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemoryRecordStoreTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static KadRecord record(String key, int valueBytes) {
        return new KadRecord(key.getBytes(), new byte[valueBytes], "2026-01-01T00:00:00Z");
    }

    @Test
    void aRecordLivesForTheMaximumAge() {
        MemoryRecordStore store = new MemoryRecordStore();
        KadRecord r = record("/pk/a", 10);
        assertTrue(store.put(r, T0));
        assertEquals(Optional.of(r), store.get("/pk/a".getBytes(), T0.plusSeconds(1)));
        Instant end = T0.plus(KadProtocol.MAX_RECORD_AGE);
        assertEquals(Optional.of(r), store.get("/pk/a".getBytes(), end.minusNanos(1)));
        assertEquals(Optional.empty(), store.get("/pk/a".getBytes(), end));
        assertEquals(1, store.size());
        assertEquals(1, store.sweep(end));
        assertEquals(0, store.size());
        assertEquals(0, store.bytes());
    }

    @Test
    void replacingAKeyRestartsItsAge() {
        MemoryRecordStore store = new MemoryRecordStore(Duration.ofHours(1), 10, 1 << 20);
        store.put(record("/pk/a", 10), T0);
        store.put(record("/pk/a", 20), T0.plusSeconds(3000));
        assertEquals(1, store.size());
        assertEquals(20, store.get("/pk/a".getBytes(), T0.plusSeconds(3700)).orElseThrow().value().length);
    }

    @Test
    void theCountLimitRefusesNewKeysButNotReplacements() {
        MemoryRecordStore store = new MemoryRecordStore(Duration.ofHours(1), 2, 1 << 20);
        assertTrue(store.put(record("/pk/a", 1), T0));
        assertTrue(store.put(record("/pk/b", 1), T0));
        assertFalse(store.put(record("/pk/c", 1), T0));
        assertTrue(store.put(record("/pk/a", 2), T0));
        assertEquals(2, store.size());
    }

    @Test
    void theByteLimitRefusesWhatWouldPassIt() {
        long limit = 3 * 1024;
        MemoryRecordStore store = new MemoryRecordStore(Duration.ofHours(1), 1000, limit);
        assertTrue(store.put(record("/pk/a", 1024), T0));
        assertTrue(store.put(record("/pk/b", 1024), T0));
        assertFalse(store.put(record("/pk/c", 1024), T0));
        assertFalse(store.put(record("/pk/a", 2048), T0), "growing a held record past the limit");
        assertTrue(store.put(record("/pk/a", 10), T0), "shrinking it is fine");
        assertTrue(store.put(record("/pk/c", 1024), T0), "and frees room");
        assertTrue(store.bytes() <= limit);
    }

    @Test
    void closeDropsEverythingAndRefusesMore() {
        MemoryRecordStore store = new MemoryRecordStore();
        store.put(record("/pk/a", 1), T0);
        store.close();
        assertEquals(0, store.size());
        assertFalse(store.put(record("/pk/a", 1), T0));
    }
}
