package io.hypha.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void burstThenRateThenExhaustion() {
        RateLimiter r = new RateLimiter(new RateLimit(10, 20), T0);
        int ok = 0;
        for (int i = 0; i < 20; i++) {
            ok += r.tryAcquire(T0) ? 1 : 0;
        }
        assertEquals(20, ok, "a full burst");
        assertFalse(r.tryAcquire(T0));
        assertFalse(r.exhausted(), "one refusal is not a flood");
        // a second later ten more
        Instant t1 = T0.plusSeconds(1);
        ok = 0;
        for (int i = 0; i < 10; i++) {
            ok += r.tryAcquire(t1) ? 1 : 0;
        }
        assertEquals(10, ok);
        // a flood: strikes pile up past the burst
        for (int i = 0; i < 20; i++) {
            r.tryAcquire(t1);
        }
        assertFalse(r.exhausted(), "20 strikes: not more than the burst yet");
        r.tryAcquire(t1);
        assertTrue(r.exhausted());
    }

    @Test
    void strikesDrainWhenThePeerSlowsDown() {
        RateLimiter r = new RateLimiter(new RateLimit(10, 5), T0);
        for (int i = 0; i < 9; i++) {
            r.tryAcquire(T0);
        }
        assertFalse(r.exhausted(), "4 strikes of 5");
        Instant later = T0.plus(Duration.ofSeconds(2));
        assertTrue(r.tryAcquire(later));
        for (int i = 0; i < 5; i++) {
            r.tryAcquire(later);
        }
        assertFalse(r.exhausted(), "the old strikes drained");
    }
}
