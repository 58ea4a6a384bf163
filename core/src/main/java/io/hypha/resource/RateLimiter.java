package io.hypha.resource;

import java.time.Duration;
import java.time.Instant;

/**
 * A sans-IO token bucket with strikes, for one connection: {@link #tryAcquire} takes a token if there is
 * one; without one the event is refused and counts a <em>strike</em>. Strikes drain at the same rate as
 * tokens refill; when more than {@code burst} strikes are outstanding the peer keeps violating the limit
 * and {@link #exhausted()} says so (its connection is closed). A peer going over the rate now and then
 * sees some refusals; one that floods is cut off after about two bursts. Not thread-safe: one event loop.
 */
public final class RateLimiter {
    private final RateLimit rate;
    private double tokens;
    private double strikes;
    private Instant last;

    public RateLimiter(RateLimit rate, Instant now) {
        this.rate = rate;
        this.tokens = rate.burst();
        this.last = now;
    }

    /** Takes a token at {@code now}; false (and one more strike) when the bucket is empty. */
    public boolean tryAcquire(Instant now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        strikes += 1;
        return false;
    }

    /** Whether strikes outnumber the burst: the peer keeps exceeding the rate. */
    public boolean exhausted() {
        return strikes > rate.burst();
    }

    public RateLimit rate() {
        return rate;
    }

    private void refill(Instant now) {
        if (now.isAfter(last)) {
            double seconds = Duration.between(last, now).toNanos() / 1e9;
            double refill = seconds * rate.perSecond();
            tokens = Math.min(rate.burst(), tokens + refill);
            strikes = Math.max(0, strikes - refill);
            last = now;
        }
    }
}
