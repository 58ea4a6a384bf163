package io.hypha.protocol.kad.store;

import java.time.Instant;
import java.util.List;

/**
 * Provider records this node holds for others (spec, "Content provider advertisement"), keyed by multihash
 * bytes. Every implementation is bounded per key and in total and says what it refuses; records older than
 * the TTL it was built with are never returned and are removed by {@link #sweep}. Thread-safe; methods may
 * block on storage, so the DHT calls them off its event loop.
 */
public interface ProviderStore extends AutoCloseable {
    /**
     * Stores or renews {@code record} under {@code key} (a provider already listed is replaced). Returns false
     * when a limit refused it.
     */
    boolean put(byte[] key, ProviderRecord record);

    /** Unexpired providers of {@code key} at {@code now}, most recent first, at most {@code max}. */
    List<ProviderRecord> get(byte[] key, Instant now, int max);

    /** Removes records expired at {@code now}; returns how many went. */
    int sweep(Instant now);

    /** Records held (expired ones not yet swept included). */
    long size();

    @Override
    void close();
}
