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
 * @param dialStagger how long a dial waits for a peer's address before it also tries the next one (default
 *     250 ms: go-libp2p's dial ranker delay for public addresses, after RFC 8305 "happy eyeballs")
 * @param maxConcurrentDialsPerPeer how many of a peer's addresses are dialed at once (default 8, go-libp2p's
 *     per-peer dial limit)
 */
public record HostConfig(
        String agentVersion,
        Duration upgradeTimeout,
        Duration inboundUpgradeTimeout,
        Duration streamNegotiationTimeout,
        Duration dialBackoffBase,
        Duration dialBackoffMax,
        int eventLoopThreads,
        Duration dialStagger,
        int maxConcurrentDialsPerPeer) {
    /** go-libp2p {@code p2p/net/swarm/dial_ranker.go}: PublicTCPDelay, "a rough estimate of 1 RTT" (RFC 8305). */
    public static final Duration DEFAULT_DIAL_STAGGER = Duration.ofMillis(250);
    /** go-libp2p {@code p2p/net/swarm/limiter.go}: DefaultPerPeerRateLimit, concurrent dials to one peer. */
    public static final int DEFAULT_MAX_CONCURRENT_DIALS_PER_PEER = 8;
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
        if (maxConcurrentDialsPerPeer <= 0) {
            throw new IllegalArgumentException("maxConcurrentDialsPerPeer must be positive");
        }
        if (dialStagger == null || dialStagger.isNegative()) {
            throw new IllegalArgumentException("dialStagger must be zero or positive");
        }
        for (Duration d : new Duration[] {upgradeTimeout, inboundUpgradeTimeout, streamNegotiationTimeout,
                dialBackoffBase, dialBackoffMax}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts and back-offs must be positive");
            }
        }
    }

    /** The first seven settings, with the default dial stagger and per-peer dial limit. */
    public HostConfig(String agentVersion, Duration upgradeTimeout, Duration inboundUpgradeTimeout,
            Duration streamNegotiationTimeout, Duration dialBackoffBase, Duration dialBackoffMax,
            int eventLoopThreads) {
        this(agentVersion, upgradeTimeout, inboundUpgradeTimeout, streamNegotiationTimeout, dialBackoffBase,
                dialBackoffMax, eventLoopThreads, DEFAULT_DIAL_STAGGER, DEFAULT_MAX_CONCURRENT_DIALS_PER_PEER);
    }

    /** The defaults listed above, with {@code agentVersion}. */
    public static HostConfig defaults(String agentVersion) {
        return new HostConfig(agentVersion, DEFAULT_UPGRADE_TIMEOUT, DEFAULT_INBOUND_UPGRADE_TIMEOUT,
                DEFAULT_STREAM_NEGOTIATION_TIMEOUT, DEFAULT_DIAL_BACKOFF_BASE, DEFAULT_DIAL_BACKOFF_MAX,
                Runtime.getRuntime().availableProcessors());
    }

    public HostConfig withInboundUpgradeTimeout(Duration timeout) {
        return new HostConfig(agentVersion, upgradeTimeout, timeout, streamNegotiationTimeout, dialBackoffBase,
                dialBackoffMax, eventLoopThreads, dialStagger, maxConcurrentDialsPerPeer);
    }

    public HostConfig withStreamNegotiationTimeout(Duration timeout) {
        return new HostConfig(agentVersion, upgradeTimeout, inboundUpgradeTimeout, timeout, dialBackoffBase,
                dialBackoffMax, eventLoopThreads, dialStagger, maxConcurrentDialsPerPeer);
    }

    public HostConfig withDialBackoff(Duration base, Duration max) {
        return new HostConfig(agentVersion, upgradeTimeout, inboundUpgradeTimeout, streamNegotiationTimeout, base,
                max, eventLoopThreads, dialStagger, maxConcurrentDialsPerPeer);
    }

    public HostConfig withEventLoopThreads(int n) {
        return new HostConfig(agentVersion, upgradeTimeout, inboundUpgradeTimeout, streamNegotiationTimeout,
                dialBackoffBase, dialBackoffMax, n, dialStagger, maxConcurrentDialsPerPeer);
    }

    public HostConfig withUpgradeTimeout(Duration timeout) {
        return new HostConfig(agentVersion, timeout, inboundUpgradeTimeout, streamNegotiationTimeout, dialBackoffBase,
                dialBackoffMax, eventLoopThreads, dialStagger, maxConcurrentDialsPerPeer);
    }

    /** Dials a peer's next address after {@code stagger} while none has connected, up to {@code max} at once. */
    public HostConfig withDialStagger(Duration stagger, int max) {
        return new HostConfig(agentVersion, upgradeTimeout, inboundUpgradeTimeout, streamNegotiationTimeout,
                dialBackoffBase, dialBackoffMax, eventLoopThreads, stagger, max);
    }
}
