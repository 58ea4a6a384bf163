package io.hypha.host;

import io.hypha.peer.PeerId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers peers whose dials failed and for how long not to dial them again: {@code base} after the first
 * failure, doubling per further failure up to {@code max}; a success clears it. Bounded to
 * {@link #MAX_ENTRIES} peers (the oldest entry is dropped). Thread-safe.
 */
final class DialBackoff {
    static final int MAX_ENTRIES = 4096;

    private record Entry(int failures, Instant until) {}

    private final Clock clock;
    private final Duration base;
    private final Duration max;
    private final LinkedHashMap<PeerId, Entry> entries = new LinkedHashMap<>();

    DialBackoff(Clock clock, Duration base, Duration max) {
        this.clock = clock;
        this.base = base;
        this.max = max;
    }

    /** The instant until which {@code peer} is backed off, if it is now. */
    synchronized Optional<Instant> backedOffUntil(PeerId peer) {
        Entry e = entries.get(peer);
        if (e == null || !e.until().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(e.until());
    }

    synchronized void failed(PeerId peer) {
        Entry old = entries.remove(peer);
        int failures = old == null ? 1 : old.failures() + 1;
        Duration wait = base.multipliedBy(1L << Math.min(failures - 1, 20));
        if (wait.compareTo(max) > 0) {
            wait = max;
        }
        entries.put(peer, new Entry(failures, clock.instant().plus(wait)));
        if (entries.size() > MAX_ENTRIES) {
            Map.Entry<PeerId, Entry> eldest = entries.entrySet().iterator().next();
            entries.remove(eldest.getKey());
        }
    }

    synchronized void succeeded(PeerId peer) {
        entries.remove(peer);
    }
}
