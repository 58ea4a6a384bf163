package io.hypha.protocol.kad.store;

import io.hypha.protocol.kad.KadProtocol;
import io.hypha.protocol.kad.KadRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * PUT_VALUE records in memory, bounded to {@link #DEFAULT_MAX_RECORDS} records and {@link #DEFAULT_MAX_BYTES} bytes
 * (key, value and time, plus {@link #RECORD_OVERHEAD_BYTES} each). A record under a new key that would pass either
 * limit is refused ({@link #put} returns false); replacing the record of a held key is accepted when its bytes
 * fit. A record is kept {@link KadProtocol#MAX_RECORD_AGE} after it was stored unless told otherwise: older ones
 * are not returned and go at the next {@link #sweep}. Thread-safe.
 */
public final class MemoryRecordStore implements RecordStore {
    /** Records in all (rust-libp2p's memory store keeps 1024 as well). */
    public static final int DEFAULT_MAX_RECORDS = 1024;
    /**
     * Bytes in all. An answer must fit {@link KadProtocol#MAX_OUTBOUND_MESSAGE_SIZE}, so a record is at most 16 KiB
     * and the count limit alone would allow 16 MiB; IPNS records are at most 10 KiB and public keys under 1 KiB.
     */
    public static final long DEFAULT_MAX_BYTES = 8L * 1024 * 1024;
    /** What a record costs beyond its key, value and time bytes (objects, map entry), as an estimate. */
    static final int RECORD_OVERHEAD_BYTES = 128;

    private record Held(KadRecord record, Instant stored, long bytes) {}

    private final Duration maxAge;
    private final int maxRecords;
    private final long maxBytes;
    private final Map<StoreKey, Held> byKey = new HashMap<>();
    private long bytes;
    private boolean closed;

    /** A store with the default limits and {@link KadProtocol#MAX_RECORD_AGE}. */
    public MemoryRecordStore() {
        this(KadProtocol.MAX_RECORD_AGE, DEFAULT_MAX_RECORDS, DEFAULT_MAX_BYTES);
    }

    public MemoryRecordStore(Duration maxAge, int maxRecords, long maxBytes) {
        if (maxAge.isNegative() || maxAge.isZero() || maxRecords < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("record store limits must be positive");
        }
        this.maxAge = maxAge;
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
    }

    @Override
    public synchronized Optional<KadRecord> get(byte[] key, Instant now) {
        Held h = byKey.get(new StoreKey(key));
        return h == null || expired(h, now) ? Optional.empty() : Optional.of(h.record());
    }

    @Override
    public synchronized boolean put(KadRecord record, Instant now) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(now, "now");
        if (closed) {
            return false;
        }
        byte[] key = record.key();
        StoreKey k = new StoreKey(key);
        long size = RECORD_OVERHEAD_BYTES + key.length + record.value().length + record.timeReceived().length();
        Held held = byKey.get(k);
        long freed = held == null ? 0 : held.bytes();
        if (held == null && byKey.size() >= maxRecords || bytes - freed + size > maxBytes) {
            return false;
        }
        byKey.put(k, new Held(record, now, size));
        bytes += size - freed;
        return true;
    }

    @Override
    public synchronized int sweep(Instant now) {
        int removed = 0;
        for (Iterator<Held> it = byKey.values().iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (expired(h, now)) {
                it.remove();
                bytes -= h.bytes();
                removed++;
            }
        }
        return removed;
    }

    @Override
    public synchronized long size() {
        return byKey.size();
    }

    /** The bytes held, as the byte limit counts them. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Drops every record; later puts are refused. */
    @Override
    public synchronized void close() {
        closed = true;
        byKey.clear();
        bytes = 0;
    }

    private boolean expired(Held h, Instant now) {
        return !h.stored().plus(maxAge).isAfter(now);
    }
}
