package io.hypha.protocol.kad;

import io.hypha.protocol.kad.query.QueryConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link Kad}. Defaults ({@link #defaults()}):
 * <ul>
 *   <li>{@code mode} {@link KadMode#CLIENT}: a node becomes a server once it knows it is reachable</li>
 *   <li>{@code query} {@link QueryConfig#defaults()}: k = 20, alpha = 10, beta = 3, 10 s per request, 60 s per
 *       lookup</li>
 *   <li>{@code refreshInterval} 10 min ({@link #DEFAULT_REFRESH_INTERVAL}, go-libp2p-kad-dht; js and rust use 5)</li>
 *   <li>{@code lowWater} 4 ({@link #DEFAULT_LOW_WATER}): below this many table entries a refresh bootstraps
 *       again from the bootstrap peers</li>
 *   <li>{@code maxRecordsPerLookup} 16 ({@link #DEFAULT_MAX_RECORDS_PER_LOOKUP}): GET_VALUE stops once this many
 *       valid records came back (go-libp2p-kad-dht's default quorum)</li>
 * </ul>
 */
public record KadConfig(KadMode mode, QueryConfig query, Duration refreshInterval, int lowWater,
        int maxRecordsPerLookup) {
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(10);
    public static final int DEFAULT_LOW_WATER = 4;
    public static final int DEFAULT_MAX_RECORDS_PER_LOOKUP = 16;

    public KadConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(refreshInterval, "refreshInterval");
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("refreshInterval must be positive");
        }
        if (lowWater < 0 || maxRecordsPerLookup < 1) {
            throw new IllegalArgumentException("lowWater >= 0 and maxRecordsPerLookup >= 1");
        }
    }

    public static KadConfig defaults() {
        return new KadConfig(KadMode.CLIENT, QueryConfig.defaults(), DEFAULT_REFRESH_INTERVAL, DEFAULT_LOW_WATER,
                DEFAULT_MAX_RECORDS_PER_LOOKUP);
    }

    public KadConfig withMode(KadMode m) {
        return new KadConfig(m, query, refreshInterval, lowWater, maxRecordsPerLookup);
    }

    public KadConfig withQuery(QueryConfig q) {
        return new KadConfig(mode, q, refreshInterval, lowWater, maxRecordsPerLookup);
    }

    public KadConfig withRefreshInterval(Duration d) {
        return new KadConfig(mode, query, d, lowWater, maxRecordsPerLookup);
    }
}
