package io.hypha.protocol.kad.store;

import io.hypha.protocol.kad.KadRecord;
import java.time.Instant;
import java.util.Optional;

/**
 * Values this node holds under PUT_VALUE keys. Bounded (count and bytes), with a maximum age after which a
 * record is not returned and is swept. Thread-safe; may block on storage.
 */
public interface RecordStore extends AutoCloseable {
    /** The record under {@code key} unless expired at {@code now}. */
    Optional<KadRecord> get(byte[] key, Instant now);

    /** Stores {@code record} (already validated and selected over the one held); false when a limit refused it. */
    boolean put(KadRecord record, Instant now);

    /** Removes records older than the maximum age at {@code now}; returns how many went. */
    int sweep(Instant now);

    long size();

    @Override
    void close();
}
