package io.hypha.node.repo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.hypha.resource.ConnectionManagerConfig;
import io.hypha.resource.Limit;
import io.hypha.resource.ResourceLimits;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The config's {@code Swarm} section, in Kubo's shape: {@code ConnMgr} (type, water marks, grace period) and
 * {@code ResourceMgr}. Kubo's resource manager only takes {@code Enabled} and {@code MaxMemory}; Hypha reads
 * those and, optionally, one key per limit ({@link Limit#configKey()}) to override the value scaled from the
 * memory budget, plus {@code LimitLoopback}. An absent or empty section means the defaults.
 *
 * @param connMgr     Kubo's {@code Swarm.ConnMgr}
 * @param resourceMgr Kubo's {@code Swarm.ResourceMgr}, extended (see above)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"ConnMgr", "ResourceMgr"})
public record SwarmConfig(
        @JsonProperty("ConnMgr") ConnMgr connMgr,
        @JsonProperty("ResourceMgr") Map<String, Object> resourceMgr) {

    public static final SwarmConfig DEFAULTS = new SwarmConfig(ConnMgr.DEFAULTS, Map.of());

    public SwarmConfig {
        connMgr = connMgr == null ? ConnMgr.DEFAULTS : connMgr;
        resourceMgr = resourceMgr == null ? Map.of() : new LinkedHashMap<>(resourceMgr);
    }

    /**
     * Kubo's {@code Swarm.ConnMgr}. Null fields take Kubo's defaults (type basic, 32, 96, 20s).
     *
     * @param type        {@code basic} (trim above the high-water mark) or {@code none}
     * @param lowWater    connections kept after a trim
     * @param highWater   connections above which trimming starts
     * @param gracePeriod how long new connections are spared, a Go duration such as {@code 20s} or {@code 1m}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"Type", "LowWater", "HighWater", "GracePeriod"})
    public record ConnMgr(
            @JsonProperty("Type") String type,
            @JsonProperty("LowWater") Integer lowWater,
            @JsonProperty("HighWater") Integer highWater,
            @JsonProperty("GracePeriod") String gracePeriod) {
        public static final ConnMgr DEFAULTS = new ConnMgr(null, null, null, null);

        /** The connection manager these settings describe. */
        public ConnectionManagerConfig toConfig() {
            String t = type == null || type.isBlank() ? "basic" : type.strip().toLowerCase(Locale.ROOT);
            if (t.equals("none")) {
                return ConnectionManagerConfig.none();
            }
            if (!t.equals("basic")) {
                throw new IllegalArgumentException("Swarm.ConnMgr.Type must be basic or none, not '" + type + "'");
            }
            try {
                return new ConnectionManagerConfig(
                        lowWater == null ? ConnectionManagerConfig.DEFAULT_LOW_WATER : lowWater,
                        highWater == null ? ConnectionManagerConfig.DEFAULT_HIGH_WATER : highWater,
                        gracePeriod == null ? ConnectionManagerConfig.DEFAULT_GRACE_PERIOD : parseDuration(gracePeriod));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Swarm.ConnMgr: " + e.getMessage(), e);
            }
        }
    }

    /** Keys of {@code Swarm.ResourceMgr} besides the per-limit ones. */
    static final String ENABLED = "Enabled";
    static final String MAX_MEMORY = "MaxMemory";
    static final String LIMIT_LOOPBACK = "LimitLoopback";
    /** Kubo keys that are accepted and have no meaning here. */
    private static final java.util.Set<String> IGNORED = java.util.Set.of("MaxFileDescriptors", "Allowlist");

    /**
     * The resource limits these settings describe: with {@code Enabled: false} no limits at all (as Kubo);
     * otherwise the defaults scaled to {@code MaxMemory} (a size such as {@code 512MiB}; default a quarter of
     * the JVM's maximum heap) and to the JVM's direct memory, then each per-limit key.
     *
     * @throws IllegalArgumentException naming the key, for an unknown key or a bad value
     */
    public ResourceLimits resourceLimits() {
        Object enabled = resourceMgr.get(ENABLED);
        if (enabled != null && !Boolean.parseBoolean(String.valueOf(enabled))) {
            return ResourceLimits.unlimited();
        }
        Object maxMemory = resourceMgr.get(MAX_MEMORY);
        ResourceLimits limits = maxMemory == null ? ResourceLimits.defaults()
                : ResourceLimits.forMemory(size(MAX_MEMORY, maxMemory)).withinDirectMemory();
        Map<String, Limit> byKey = Arrays.stream(Limit.values())
                .collect(Collectors.toMap(Limit::configKey, l -> l));
        for (Map.Entry<String, Object> e : resourceMgr.entrySet()) {
            String key = e.getKey();
            if (key.equals(ENABLED) || key.equals(MAX_MEMORY) || IGNORED.contains(key) || e.getValue() == null) {
                continue;
            }
            if (key.equals(LIMIT_LOOPBACK)) {
                limits = limits.withLimitLoopback(Boolean.parseBoolean(String.valueOf(e.getValue())));
                continue;
            }
            Limit limit = byKey.get(key);
            if (limit == null) {
                java.util.TreeSet<String> known = new java.util.TreeSet<>(byKey.keySet());
                known.add(ENABLED);
                known.add(LIMIT_LOOPBACK);
                throw new IllegalArgumentException("unknown key Swarm.ResourceMgr." + key + "; known: "
                        + String.join(", ", known));
            }
            long value = limit.name().startsWith("MEMORY") ? size(key, e.getValue()) : count(key, e.getValue());
            limits = limits.with(limit, value);
        }
        return limits;
    }

    private static long size(String key, Object value) {
        try {
            long v = value instanceof Number n ? n.longValue() : RepoConfig.parseBytes(String.valueOf(value));
            if (v <= 0) {
                throw new IllegalArgumentException("must be positive");
            }
            return v;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Swarm.ResourceMgr." + key + ": " + e.getMessage()
                    + " (a size such as 512MiB)", e);
        }
    }

    private static long count(String key, Object value) {
        try {
            long v = value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value).strip());
            if (v <= 0) {
                throw new NumberFormatException("must be positive");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Swarm.ResourceMgr." + key + " must be a positive number, not '"
                    + value + "'", e);
        }
    }

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h|d)");

    /**
     * A Go duration ({@code 20s}, {@code 1m30s}, {@code 500ms}, {@code 1h}), as Kubo writes them, plus days
     * ({@code 7d2h45m}) as Kubo's {@code name publish --lifetime} takes them.
     */
    public static Duration parseDuration(String text) {
        String s = text.strip();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION_PART.matcher(s);
        long nanos = 0;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            double v = Double.parseDouble(m.group(1));
            nanos += (long) (v * switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> 86_400_000_000_000L;
            });
            at = m.end();
        }
        if (at != s.length() || s.isEmpty()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 20s, 1m30s, 500ms)");
        }
        return Duration.ofNanos(nanos);
    }
}
