package io.hypha.host;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timeouts of a {@link Host}. Defaults (see {@link #defaults()}) follow go-libp2p where it has
 * a value.
 *
 * @param agentVersion what identify says we run (default {@code hypha/<version>})
 * @param maxInboundConnections connections peers may open to us (default 512)
 * @param maxOutboundConnections connections we open (default 512)
 * @param maxConnectionsPerPeer connections to one peer in either direction (default 4)
 * @param upgradeTimeout multistream + Noise + muxer negotiation of a new connection (default 15 s,
 *     go-libp2p's inbound upgrade accept timeout)
 * @param streamNegotiationTimeout multistream negotiation of one stream (default 10 s, go-libp2p)
 * @param dialBackoffBase first back-off after a failed dial; doubles per failure (default 5 s, go-libp2p)
 * @param dialBackoffMax longest back-off (default 5 min)
 * @param eventLoopThreads Netty event loop threads (default: number of cores)
 */
public record HostConfig(
        String agentVersion,
        int maxInboundConnections,
        int maxOutboundConnections,
        int maxConnectionsPerPeer,
        Duration upgradeTimeout,
        Duration streamNegotiationTimeout,
        Duration dialBackoffBase,
        Duration dialBackoffMax,
        int eventLoopThreads) {
    public static final int DEFAULT_MAX_INBOUND_CONNECTIONS = 512;
    public static final int DEFAULT_MAX_OUTBOUND_CONNECTIONS = 512;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_PEER = 4;
    public static final Duration DEFAULT_UPGRADE_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_STREAM_NEGOTIATION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_DIAL_BACKOFF_BASE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DIAL_BACKOFF_MAX = Duration.ofMinutes(5);

    public HostConfig {
        Objects.requireNonNull(agentVersion, "agentVersion");
        requirePositive(maxInboundConnections, "maxInboundConnections");
        requirePositive(maxOutboundConnections, "maxOutboundConnections");
        requirePositive(maxConnectionsPerPeer, "maxConnectionsPerPeer");
        requirePositive(eventLoopThreads, "eventLoopThreads");
        for (Duration d : new Duration[] {upgradeTimeout, streamNegotiationTimeout, dialBackoffBase, dialBackoffMax}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts and back-offs must be positive");
            }
        }
    }

    private static void requirePositive(int v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** The defaults listed above, with {@code agentVersion}. */
    public static HostConfig defaults(String agentVersion) {
        return new HostConfig(agentVersion, DEFAULT_MAX_INBOUND_CONNECTIONS, DEFAULT_MAX_OUTBOUND_CONNECTIONS,
                DEFAULT_MAX_CONNECTIONS_PER_PEER, DEFAULT_UPGRADE_TIMEOUT, DEFAULT_STREAM_NEGOTIATION_TIMEOUT,
                DEFAULT_DIAL_BACKOFF_BASE, DEFAULT_DIAL_BACKOFF_MAX, Runtime.getRuntime().availableProcessors());
    }

    public HostConfig withMaxInboundConnections(int n) {
        return new HostConfig(agentVersion, n, maxOutboundConnections, maxConnectionsPerPeer, upgradeTimeout,
                streamNegotiationTimeout, dialBackoffBase, dialBackoffMax, eventLoopThreads);
    }

    public HostConfig withMaxConnectionsPerPeer(int n) {
        return new HostConfig(agentVersion, maxInboundConnections, maxOutboundConnections, n, upgradeTimeout,
                streamNegotiationTimeout, dialBackoffBase, dialBackoffMax, eventLoopThreads);
    }

    public HostConfig withDialBackoff(Duration base, Duration max) {
        return new HostConfig(agentVersion, maxInboundConnections, maxOutboundConnections, maxConnectionsPerPeer,
                upgradeTimeout, streamNegotiationTimeout, base, max, eventLoopThreads);
    }

    public HostConfig withEventLoopThreads(int n) {
        return new HostConfig(agentVersion, maxInboundConnections, maxOutboundConnections, maxConnectionsPerPeer,
                upgradeTimeout, streamNegotiationTimeout, dialBackoffBase, dialBackoffMax, n);
    }
}
