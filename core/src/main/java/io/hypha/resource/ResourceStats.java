package io.hypha.resource;

import java.util.Map;

/**
 * What a {@link ResourceManager} has in use now, and how many times each limit refused something since start.
 *
 * @param memory              bytes reserved node-wide (stream windows and protocol buffers)
 * @param connectionsInbound  established inbound connections
 * @param connectionsOutbound established outbound connections
 * @param handshakingInbound  inbound connections still handshaking
 * @param handshakingOutbound outbound connections still handshaking
 * @param streamsInbound      inbound streams
 * @param streamsOutbound     outbound streams
 * @param peers               peers with an account (a connection, stream or reservation)
 * @param refusals            refusals per limit (absent: none)
 */
public record ResourceStats(
        long memory,
        int connectionsInbound,
        int connectionsOutbound,
        int handshakingInbound,
        int handshakingOutbound,
        int streamsInbound,
        int streamsOutbound,
        int peers,
        Map<Limit, Long> refusals) {
    public ResourceStats {
        refusals = Map.copyOf(refusals);
    }

    /** Refusals of {@code limit} so far. */
    public long refusals(Limit limit) {
        return refusals.getOrDefault(limit, 0L);
    }
}
