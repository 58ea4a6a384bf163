package io.hypha.node.repo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Locale;

/**
 * The config's {@code Provide} section, as Kubo's: {@code Enabled} (default true), {@code Strategy} (which blocks
 * the node announces: {@code all}, {@code pinned} or {@code roots}; default {@code all}) and {@code DHT.Interval}
 * (how often every record is announced again; default 22 h, within the records' 48 h life).
 *
 * @param enabled  whether the node announces content at all
 * @param strategy {@code all} | {@code pinned} | {@code roots}
 * @param dht      {@code Interval}, a Go duration
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProvideConfig(@JsonProperty("Enabled") Boolean enabled, @JsonProperty("Strategy") String strategy,
        @JsonProperty("DHT") Dht dht) {
    public static final ProvideConfig DEFAULTS = new ProvideConfig(null, null, null);
    /** Kubo's {@code Provide.DHT.Interval} default. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(22);

    /** What {@code Provide.Strategy} selects. */
    public enum Strategy {
        /** Every block in the store. */
        ALL,
        /** Every block of every pinned DAG. */
        PINNED,
        /** The root of every pin. */
        ROOTS
    }

    /** {@code Provide.DHT}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dht(@JsonProperty("Interval") String interval) {}

    public ProvideConfig {
        if (strategy != null) {
            parseStrategy(strategy);
        }
        if (dht != null && dht.interval() != null) {
            SwarmConfig.parseDuration(dht.interval());
        }
    }

    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    public Strategy providerStrategy() {
        return strategy == null ? Strategy.ALL : parseStrategy(strategy);
    }

    public Duration interval() {
        return dht == null || dht.interval() == null ? DEFAULT_INTERVAL : SwarmConfig.parseDuration(dht.interval());
    }

    private static Strategy parseStrategy(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            return Strategy.ALL;
        }
        return switch (t) {
            case "all" -> Strategy.ALL;
            case "pinned" -> Strategy.PINNED;
            case "roots" -> Strategy.ROOTS;
            default -> throw new IllegalArgumentException("Provide.Strategy must be all, pinned or roots, not '" + text + "'");
        };
    }
}
