package io.hypha.resource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which subjects (peers, addresses) were already told about at INFO for which limit, so a flood
 * logs one line per subject and limit rather than one per refusal. Bounded: the least recently seen entries
 * are forgotten (and may be logged again).
 */
final class RefusalLog {
    /** Subjects remembered; an attacker with more identities than this gets a line per identity at worst. */
    static final int MAX_ENTRIES = 4096;

    private final Map<Object, Boolean> seen = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Boolean> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** True the first time {@code subject} hits {@code limit} (while remembered). Not thread-safe. */
    boolean firstTime(Object subject, Limit limit) {
        return seen.put(java.util.List.of(subject, limit), Boolean.TRUE) == null;
    }
}
