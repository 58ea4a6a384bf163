package io.hypha.host;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts and threads of a {@link Host} (its limits are {@link io.hypha.resource.ResourceLimits}). Defaults
 * (see {@link #defaults()}) follow go-libp2p where it has a value.
 *
 * @param agentVersion what identify says we run (default {@code hypha/<version>})
 * @param upgradeTimeout multistream + Noise + muxer negotiation of a connection we dial (default 15 s,
 *     go-libp2p's upgrade timeout)
 * @param inboundUpgradeTimeout the same for a connection a peer opened (default 5 s: shorter than go's 15 s,
 *     so a peer that connects and stalls holds a handshaking slot briefly; a Noise handshake is 1.5 round trips)
 * @param streamNegotiationTimeout multistream negotiation of one stream (default 10 s, go-libp2p)
 * @param dialBackoffBase first back-off after a failed dial; doubles per failure (default 5 s, go-libp2p)
 * @param dialBackoffMax longest back-off (default 5 min)
 * @param eventLoopThreads Netty event loop threads (default: number of cores)
 */
public record HostConfig(
        String agentVersion,
        Duration upgradeTimeout,
        Duration inboundUpgradeTimeout,
        Duration streamNegotiationTimeout,
        Duration dialBackoffBase,
        Duration dialBackoffMax,
        int eventLoopThreads) {
    public static final Duration DEFAULT_UPGRADE_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_INBOUND_UPGRADE_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_STREAM_NEGOTIATION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_DIAL_BACKOFF_BASE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DIAL_BACKOFF_MAX = Duration.ofMinutes(5);

    public HostConfig {
        Objects.requireNonNull(agentVersion, "agentVersion");
        if (eventLoopThreads <= 0) {
            throw new IllegalArgumentException("eventLoopThreads must be positive");
        }
        for (Duration d : new Duration[] {upgradeTimeout, inboundUpgradeTimeout, streamNegotiationTimeout,
                dialBackoffBase, dialBackoffMax}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts and back-offs must be positive");
            }
        }
    }

    /** The defaults listed above, with {@code agentVersion}. */
    public static HostConfig defaults(String agentVersion) {
        return new HostConfig(agentVersion, DEFAULT_UPGRADE_TIMEOUT, DEFAULT_INBOUND_UPGRADE_TIMEOUT,
                DEFAULT_STREAM_NEGOTIATION_TIMEOUT, DEFAULT_DIAL_BACKOFF_BASE, DEFAULT_DIAL_BACKOFF_MAX,
                Runtime.getRuntime().availableProcessors());
    }

    public HostConfig withInboundUpgradeTimeout(Duration timeout) {
        return new HostConfig(agentVersion, upgradeTimeout, timeout, streamNegotiationTimeout, dialBackoffBase,
                dialBackoffMax, eventLoopThreads);
    }

    public HostConfig withStreamNegotiationTimeout(Duration timeout) {
        return new HostConfig(agentVersion, upgradeTimeout, inboundUpgradeTimeout, timeout, dialBackoffBase,
                dialBackoffMax, eventLoopThreads);
    }

    public HostConfig withDialBackoff(Duration base, Duration max) {
        return new HostConfig(agentVersion, upgradeTimeout, inboundUpgradeTimeout, streamNegotiationTimeout, base,
                max, eventLoopThreads);
    }

    public HostConfig withEventLoopThreads(int n) {
        return new HostConfig(agentVersion, upgradeTimeout, inboundUpgradeTimeout, streamNegotiationTimeout,
                dialBackoffBase, dialBackoffMax, n);
    }
}
