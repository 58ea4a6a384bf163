package io.hypha.resource;

import java.time.Duration;
import java.util.Objects;

/**
 * Kubo's {@code Swarm.ConnMgr} (type "basic"): when more than {@code highWater} connections are open, the
 * least useful ones older than {@code gracePeriod} are closed until {@code lowWater} remain.
 *
 * @param lowWater    connections kept after a trim (Kubo default 32)
 * @param highWater   connections above which a trim starts (Kubo default 96)
 * @param gracePeriod how long a new connection is safe from trimming (Kubo default 20 s)
 */
public record ConnectionManagerConfig(int lowWater, int highWater, Duration gracePeriod) {
    public static final int DEFAULT_LOW_WATER = 32;
    public static final int DEFAULT_HIGH_WATER = 96;
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(20);
    /** Kubo's defaults (config/swarm.go). */
    public static final ConnectionManagerConfig DEFAULT =
            new ConnectionManagerConfig(DEFAULT_LOW_WATER, DEFAULT_HIGH_WATER, DEFAULT_GRACE_PERIOD);

    public ConnectionManagerConfig {
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        if (lowWater < 0 || highWater < lowWater) {
            throw new IllegalArgumentException("need 0 <= LowWater <= HighWater, got " + lowWater + " and " + highWater);
        }
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("GracePeriod must not be negative");
        }
    }

    /** No trimming (Kubo's ConnMgr type "none"). */
    public static ConnectionManagerConfig none() {
        return new ConnectionManagerConfig(Integer.MAX_VALUE, Integer.MAX_VALUE, Duration.ZERO);
    }
}
