package io.hypha.resource;

/**
 * Each limit the {@link ResourceManager} enforces, with the {@code Swarm.ResourceMgr} config key that sets it
 * (Kubo's config file, our key names: Kubo itself only has {@code MaxMemory}).
 */
public enum Limit {
    /** Node-wide memory for stream windows and protocol buffers. */
    MEMORY("MaxMemory"),
    /** Memory of one peer's connections and streams together. */
    MEMORY_PER_PEER("MaxMemoryPerPeer"),
    /** Memory of one connection (the sum of its streams' receive windows and buffers). */
    MEMORY_PER_CONNECTION("MaxMemoryPerConnection"),
    /** Established inbound connections. */
    CONNECTIONS_INBOUND("MaxConnsInbound"),
    /** Established outbound connections. */
    CONNECTIONS_OUTBOUND("MaxConnsOutbound"),
    /** Connections to one peer, both directions. */
    CONNECTIONS_PER_PEER("MaxConnsPerPeer"),
    /** Inbound connections still handshaking (the transient scope). */
    HANDSHAKING_INBOUND("MaxHandshakingInbound"),
    /** Outbound connections still handshaking. */
    HANDSHAKING_OUTBOUND("MaxHandshakingOutbound"),
    /** Inbound connections from one IP address. */
    CONNECTIONS_PER_IP("MaxConnsPerIP"),
    /** Inbound connections from one IPv4 /24 or IPv6 /56. */
    CONNECTIONS_PER_SUBNET("MaxConnsPerSubnet"),
    /** Inbound streams, node-wide. */
    STREAMS_INBOUND("MaxStreamsInbound"),
    /** Outbound streams, node-wide. */
    STREAMS_OUTBOUND("MaxStreamsOutbound"),
    /** Streams of one peer, both directions. */
    STREAMS_PER_PEER("MaxStreamsPerPeer"),
    /** Streams of one connection, both directions. */
    STREAMS_PER_CONNECTION("MaxStreamsPerConnection"),
    /** Inbound streams of one protocol, node-wide. */
    STREAMS_PER_PROTOCOL("MaxStreamsPerProtocol"),
    /** Inbound streams of one protocol from one peer. */
    STREAMS_PER_PROTOCOL_PER_PEER("MaxStreamsPerProtocolPerPeer"),
    /** Streams a peer may open per second on one connection (token bucket). */
    STREAM_OPEN_RATE("StreamOpenRate"),
    /** Stream resets a peer may send per second on one connection (token bucket). */
    STREAM_RESET_RATE("StreamResetRate");

    private final String configKey;

    Limit(String configKey) {
        this.configKey = configKey;
    }

    /** The key under {@code Swarm.ResourceMgr} in the repo's config that sets this limit. */
    public String configKey() {
        return configKey;
    }
}
