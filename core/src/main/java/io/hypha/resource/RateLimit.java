package io.hypha.resource;

/**
 * A token-bucket rate: {@code perSecond} events on average, bursts of up to {@code burst}.
 *
 * @param perSecond refill rate, events per second (positive)
 * @param burst     bucket size (at least 1)
 */
public record RateLimit(double perSecond, int burst) {
    public RateLimit {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be positive and finite: " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1: " + burst);
        }
    }

    /** A rate no realistic peer reaches, for tests and trusted links. */
    public static final RateLimit UNLIMITED = new RateLimit(1e12, Integer.MAX_VALUE);

    @Override
    public String toString() {
        return perSecond + "/s (burst " + burst + ")";
    }
}
