package io.hypha.protocol.kad.query;

import io.hypha.protocol.kad.KadProtocol;
import java.time.Duration;
import java.util.Objects;

/**
 * Parameters of one lookup.
 *
 * @param k peers the lookup returns (default {@value KadProtocol#K})
 * @param alpha requests in flight (default {@value KadProtocol#ALPHA})
 * @param beta closest peers that must have answered (default {@value KadProtocol#BETA}); the lookup of
 *     {@link ClosestPeersQuery} waits for the k closest, which covers it
 * @param rpcTimeout how long one request may take (default {@link KadProtocol#RPC_TIMEOUT})
 * @param deadline how long the whole lookup may take (default 60 s)
 */
public record QueryConfig(int k, int alpha, int beta, Duration rpcTimeout, Duration deadline) {
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

    public QueryConfig {
        if (k < 1 || alpha < 1 || beta < 1 || beta > k) {
            throw new IllegalArgumentException("need k >= 1, alpha >= 1, 1 <= beta <= k");
        }
        Objects.requireNonNull(rpcTimeout, "rpcTimeout");
        Objects.requireNonNull(deadline, "deadline");
    }

    public static QueryConfig defaults() {
        return new QueryConfig(KadProtocol.K, KadProtocol.ALPHA, KadProtocol.BETA, KadProtocol.RPC_TIMEOUT,
                DEFAULT_DEADLINE);
    }
}
