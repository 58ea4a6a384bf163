package io.hypha.protocol.ping;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link Ping}. Defaults ({@link #defaults()}):
 * <ul>
 *   <li>{@code timeout} 10 s ({@link #DEFAULT_TIMEOUT}): how long one ping waits for its echo (go-libp2p)</li>
 *   <li>{@code idleTimeout} 30 s ({@link #DEFAULT_IDLE_TIMEOUT}): an inbound ping stream with no ping for this
 *       long is reset (go-libp2p's handler stream deadline)</li>
 *   <li>{@code maxInboundStreamsPerPeer} {@value PingProtocol#MAX_INBOUND_STREAMS_PER_PEER}</li>
 * </ul>
 *
 * @param timeout                  deadline of one round trip
 * @param idleTimeout              longest silence on an inbound ping stream
 * @param maxInboundStreamsPerPeer concurrent inbound ping streams per peer; the next is reset
 */
public record PingConfig(Duration timeout, Duration idleTimeout, int maxInboundStreamsPerPeer) {
    /** go-libp2p's pingTimeout (SPEC-NOTES 1.7). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** go-libp2p's ping handler stream deadline (SPEC-NOTES 1.7). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    public PingConfig {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (timeout.isNegative() || timeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("ping timeouts must be positive");
        }
        if (maxInboundStreamsPerPeer < 1) {
            throw new IllegalArgumentException("maxInboundStreamsPerPeer must be at least 1");
        }
    }

    /** The defaults listed above. */
    public static PingConfig defaults() {
        return new PingConfig(DEFAULT_TIMEOUT, DEFAULT_IDLE_TIMEOUT, PingProtocol.MAX_INBOUND_STREAMS_PER_PEER);
    }

    public PingConfig withTimeout(Duration t) {
        return new PingConfig(t, idleTimeout, maxInboundStreamsPerPeer);
    }

    public PingConfig withIdleTimeout(Duration t) {
        return new PingConfig(timeout, t, maxInboundStreamsPerPeer);
    }
}
