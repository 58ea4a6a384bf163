package io.hypha.protocol.bitswap;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link Bitswap}. Defaults ({@link #defaults()}):
 * <ul>
 *   <li>{@code server} true: we answer other peers' wants from our store (false: fetch only, as Kubo's
 *       {@code Bitswap.ServerEnabled=false})</li>
 *   <li>{@code providerSearchDelay} 1 s ({@link #DEFAULT_PROVIDER_SEARCH_DELAY}, boxo's {@code ProvSearchDelay}):
 *       how long a session waits on the peers it knows before asking the routing for providers</li>
 *   <li>{@code rebroadcastInterval} 10 s ({@link #DEFAULT_REBROADCAST_INTERVAL}): wants still open after this
 *       are sent again to the session's peers and providers are searched again (boxo: 1 min)</li>
 *   <li>{@code wantTimeout} 60 s ({@link #DEFAULT_WANT_TIMEOUT}): a want no peer answered within this long
 *       gives up (the fetch completes empty)</li>
 *   <li>{@code maxProviders} 10 ({@link #DEFAULT_MAX_PROVIDERS}, boxo): providers asked of the routing per search</li>
 *   <li>{@code sendWorkers} 8 ({@link #DEFAULT_SEND_WORKERS}, boxo's task workers): batches read and written at
 *       once</li>
 * </ul>
 */
public record BitswapConfig(boolean server, Duration providerSearchDelay, Duration rebroadcastInterval,
        Duration wantTimeout, int maxProviders, int sendWorkers) {
    public static final Duration DEFAULT_PROVIDER_SEARCH_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_REBROADCAST_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_WANT_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_PROVIDERS = 10;
    public static final int DEFAULT_SEND_WORKERS = 8;

    public BitswapConfig {
        Objects.requireNonNull(providerSearchDelay, "providerSearchDelay");
        Objects.requireNonNull(rebroadcastInterval, "rebroadcastInterval");
        Objects.requireNonNull(wantTimeout, "wantTimeout");
        if (providerSearchDelay.isNegative() || !rebroadcastInterval.isPositive() || !wantTimeout.isPositive()) {
            throw new IllegalArgumentException("delays must be positive");
        }
        if (maxProviders < 1 || sendWorkers < 1) {
            throw new IllegalArgumentException("maxProviders and sendWorkers must be at least 1");
        }
    }

    public static BitswapConfig defaults() {
        return new BitswapConfig(true, DEFAULT_PROVIDER_SEARCH_DELAY, DEFAULT_REBROADCAST_INTERVAL,
                DEFAULT_WANT_TIMEOUT, DEFAULT_MAX_PROVIDERS, DEFAULT_SEND_WORKERS);
    }

    public BitswapConfig withServer(boolean s) {
        return new BitswapConfig(s, providerSearchDelay, rebroadcastInterval, wantTimeout, maxProviders, sendWorkers);
    }

    public BitswapConfig withProviderSearchDelay(Duration d) {
        return new BitswapConfig(server, d, rebroadcastInterval, wantTimeout, maxProviders, sendWorkers);
    }

    public BitswapConfig withRebroadcastInterval(Duration d) {
        return new BitswapConfig(server, providerSearchDelay, d, wantTimeout, maxProviders, sendWorkers);
    }

    public BitswapConfig withWantTimeout(Duration d) {
        return new BitswapConfig(server, providerSearchDelay, rebroadcastInterval, d, maxProviders, sendWorkers);
    }
}
