package io.hypha.host;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/**
 * The host's byte counters: every byte read from or written to a connection's socket (before decryption, so
 * handshakes and framing count), with the rate over the last second or more. Counting is two adds per
 * socket read or write; the rate is computed only when someone asks ({@link #snapshot()}).
 */
public final class Bandwidth {
    /** The shortest window a rate is measured over; asking more often reuses the last rate. */
    static final Duration RATE_WINDOW = Duration.ofSeconds(1);

    private final LongAdder in = new LongAdder();
    private final LongAdder out = new LongAdder();
    private final Clock clock;
    private Instant sampledAt;
    private long sampledIn;
    private long sampledOut;
    private double rateIn;
    private double rateOut;

    Bandwidth(Clock clock) {
        this.clock = clock;
        this.sampledAt = clock.instant();
    }

    /**
     * Totals and rates.
     *
     * @param totalIn bytes read since the host started
     * @param totalOut bytes written since the host started
     * @param rateIn bytes per second read over the last window (at least {@link #RATE_WINDOW})
     * @param rateOut bytes per second written over the last window
     */
    public record Stats(long totalIn, long totalOut, double rateIn, double rateOut) {}

    void read(long bytes) {
        in.add(bytes);
    }

    void written(long bytes) {
        out.add(bytes);
    }

    /** The totals now and the rates over the window that ended at the last sample at least a second old. */
    public synchronized Stats snapshot() {
        long totalIn = in.sum();
        long totalOut = out.sum();
        Instant now = clock.instant();
        Duration elapsed = Duration.between(sampledAt, now);
        if (elapsed.compareTo(RATE_WINDOW) >= 0) {
            double seconds = elapsed.toNanos() / 1e9;
            rateIn = (totalIn - sampledIn) / seconds;
            rateOut = (totalOut - sampledOut) / seconds;
            sampledAt = now;
            sampledIn = totalIn;
            sampledOut = totalOut;
        }
        return new Stats(totalIn, totalOut, rateIn, rateOut);
    }
}
