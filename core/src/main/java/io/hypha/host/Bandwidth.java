package io.hypha.host;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The host's traffic as Kubo's {@code stats bw} reports it: every byte read from or written to a connection's
 * socket (before decryption, so handshakes and framing count; the totals are {@link HostCounters}'), with the
 * rate over the last second or more, computed only when someone asks ({@link #snapshot()}).
 */
public final class Bandwidth {
    /** The shortest window a rate is measured over; asking more often reuses the last rate. */
    static final Duration RATE_WINDOW = Duration.ofSeconds(1);

    private final LongSupplier in;
    private final LongSupplier out;
    private final Clock clock;
    private Instant sampledAt;
    private long sampledIn;
    private long sampledOut;
    private double rateIn;
    private double rateOut;

    Bandwidth(Clock clock, LongSupplier in, LongSupplier out) {
        this.clock = clock;
        this.in = in;
        this.out = out;
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

    /** The totals now and the rates over the window that ended at the last sample at least a second old. */
    public synchronized Stats snapshot() {
        long totalIn = in.getAsLong();
        long totalOut = out.getAsLong();
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
