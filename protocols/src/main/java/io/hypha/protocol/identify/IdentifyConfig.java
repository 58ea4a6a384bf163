package io.hypha.protocol.identify;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link Identify}. Defaults ({@link #defaults()}):
 * <ul>
 *   <li>{@code timeout} 5 s ({@link #DEFAULT_TIMEOUT}): one identify exchange, from the stream being
 *       negotiated to the peer's end of stream (go-libp2p's identify timeout)</li>
 *   <li>{@code pushDelay} 500 ms ({@link #DEFAULT_PUSH_DELAY}): how long a local change waits before it is
 *       pushed, so a burst of changes (several handlers registered in a row) makes one push</li>
 * </ul>
 *
 * @param timeout   deadline of one identify or push stream; the stream is reset when it passes
 * @param pushDelay debounce delay between a {@code LocalChanged} event and the push it causes
 */
public record IdentifyConfig(Duration timeout, Duration pushDelay) {
    /** go-libp2p's identify timeout (SPEC-NOTES 1.6). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Push debounce: go pushes on every change, js debounces by 1 s; half a second coalesces bursts. */
    public static final Duration DEFAULT_PUSH_DELAY = Duration.ofMillis(500);

    public IdentifyConfig {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(pushDelay, "pushDelay");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("identify timeout must be positive");
        }
        if (pushDelay.isNegative()) {
            throw new IllegalArgumentException("push delay must not be negative");
        }
    }

    /** The defaults listed above. */
    public static IdentifyConfig defaults() {
        return new IdentifyConfig(DEFAULT_TIMEOUT, DEFAULT_PUSH_DELAY);
    }

    public IdentifyConfig withTimeout(Duration t) {
        return new IdentifyConfig(t, pushDelay);
    }

    public IdentifyConfig withPushDelay(Duration d) {
        return new IdentifyConfig(timeout, d);
    }
}
