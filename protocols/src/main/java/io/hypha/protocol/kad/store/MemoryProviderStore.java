package io.hypha.protocol.kad.store;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.KadProtocol;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Provider records in memory, bounded three ways, each with its overflow action:
 * <ul>
 *   <li>{@link #DEFAULT_MAX_PROVIDERS_PER_KEY} providers per key: a new provider of a full key replaces the one
 *       that announced least recently (an honest provider re-announces every 22 h and so comes back; a flood of
 *       fresh ids has to be kept up to keep others out);</li>
 *   <li>{@link #DEFAULT_MAX_RECORDS} records in all and {@link #DEFAULT_MAX_BYTES} bytes in all (keys, peer ids
 *       and addresses, plus {@link #RECORD_OVERHEAD_BYTES} each): a record that would pass either is refused
 *       ({@link #put} returns false) rather than evicting what others announced. Renewing a held record is
 *       always accepted when its bytes fit.</li>
 * </ul>
 * Records live {@link KadProtocol#PROVIDER_RECORD_TTL} unless told otherwise; expired ones are never returned
 * and go at the next {@link #sweep}. Thread-safe (one lock: every operation is a few map lookups).
 */
public final class MemoryProviderStore implements ProviderStore {
    /**
     * Providers kept per key. Bitswap asks for at most 10; 64 leaves room for many honest providers of popular
     * content, and 64 providers with a couple of addresses each (about 100 bytes apiece) plus k closer peers still
     * fit the {@link KadProtocol#MAX_OUTBOUND_MESSAGE_SIZE} answer. (rust-libp2p keeps k = 20; go keeps all.)
     */
    public static final int DEFAULT_MAX_PROVIDERS_PER_KEY = 64;
    /** Provider records in all: 64 Ki records of a few hundred bytes is tens of MiB at most. */
    public static final int DEFAULT_MAX_RECORDS = 64 * 1024;
    /** Bytes in all, as {@link #recordBytes} counts them: what bounds records whose addresses are long. */
    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
    /** What a record costs beyond its key, id and address bytes (objects, map entries), as an estimate. */
    static final int RECORD_OVERHEAD_BYTES = 128;

    private final Duration ttl;
    private final int maxPerKey;
    private final int maxRecords;
    private final long maxBytes;
    private final Map<StoreKey, LinkedHashMap<PeerId, ProviderRecord>> byKey = new HashMap<>();
    private long records;
    private long bytes;
    private boolean closed;

    /** A store with the default limits and {@link KadProtocol#PROVIDER_RECORD_TTL}. */
    public MemoryProviderStore() {
        this(KadProtocol.PROVIDER_RECORD_TTL, DEFAULT_MAX_PROVIDERS_PER_KEY, DEFAULT_MAX_RECORDS, DEFAULT_MAX_BYTES);
    }

    public MemoryProviderStore(Duration ttl, int maxPerKey, int maxRecords, long maxBytes) {
        if (ttl.isNegative() || ttl.isZero() || maxPerKey < 1 || maxRecords < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("provider store limits must be positive");
        }
        this.ttl = ttl;
        this.maxPerKey = maxPerKey;
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
    }

    @Override
    public synchronized boolean put(byte[] key, ProviderRecord record) {
        Objects.requireNonNull(record, "record");
        if (closed) {
            return false;
        }
        StoreKey k = new StoreKey(key);
        long size = recordBytes(key, record);
        LinkedHashMap<PeerId, ProviderRecord> providers = byKey.get(k);
        ProviderRecord held = providers == null ? null : providers.get(record.provider());
        if (held != null) {
            long heldSize = recordBytes(key, held);
            if (bytes - heldSize + size > maxBytes) {
                return false;
            }
            // re-inserted so that iteration order stays "least recently announced first"
            providers.remove(record.provider());
            providers.put(record.provider(), record);
            bytes += size - heldSize;
            return true;
        }
        ProviderRecord evicted = null;
        if (providers != null && providers.size() >= maxPerKey) {
            evicted = providers.values().stream().min(Comparator.comparing(ProviderRecord::received)).orElseThrow();
        }
        long freed = evicted == null ? 0 : recordBytes(key, evicted);
        if (evicted == null && records >= maxRecords || bytes - freed + size > maxBytes) {
            return false;
        }
        if (providers == null) {
            providers = new LinkedHashMap<>();
            byKey.put(k, providers);
        }
        if (evicted != null) {
            providers.remove(evicted.provider());
            records--;
            bytes -= freed;
        }
        providers.put(record.provider(), record);
        records++;
        bytes += size;
        return true;
    }

    @Override
    public synchronized List<ProviderRecord> get(byte[] key, Instant now, int max) {
        LinkedHashMap<PeerId, ProviderRecord> providers = byKey.get(new StoreKey(key));
        if (providers == null || max <= 0) {
            return List.of();
        }
        List<ProviderRecord> out = new ArrayList<>();
        for (ProviderRecord r : providers.values()) {
            if (!expired(r, now)) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparing(ProviderRecord::received).reversed());
        return out.size() <= max ? out : List.copyOf(out.subList(0, max));
    }

    @Override
    public synchronized int sweep(Instant now) {
        int removed = 0;
        for (Iterator<Map.Entry<StoreKey, LinkedHashMap<PeerId, ProviderRecord>>> keys =
                byKey.entrySet().iterator(); keys.hasNext(); ) {
            Map.Entry<StoreKey, LinkedHashMap<PeerId, ProviderRecord>> e = keys.next();
            for (Iterator<ProviderRecord> it = e.getValue().values().iterator(); it.hasNext(); ) {
                ProviderRecord r = it.next();
                if (expired(r, now)) {
                    it.remove();
                    records--;
                    bytes -= recordBytes(e.getKey().bytes(), r);
                    removed++;
                }
            }
            if (e.getValue().isEmpty()) {
                keys.remove();
            }
        }
        return removed;
    }

    @Override
    public synchronized long size() {
        return records;
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
        records = 0;
        bytes = 0;
    }

    private boolean expired(ProviderRecord r, Instant now) {
        return !r.received().plus(ttl).isAfter(now);
    }

    static long recordBytes(byte[] key, ProviderRecord r) {
        long size = RECORD_OVERHEAD_BYTES + key.length + r.provider().bytes().length;
        for (Multiaddr a : r.addresses()) {
            size += a.bytes().length;
        }
        return size;
    }
}
