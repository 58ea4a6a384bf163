package io.hypha.node.repo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * The config's {@code Routing} section, Kubo's {@code Routing.Type}: {@code auto} (the default: a DHT client
 * until the node knows it is publicly reachable, then a server), {@code dht} (the same), {@code dhtclient},
 * {@code dhtserver}, or {@code none} (no DHT at all).
 *
 * @param type one of the values above; null means {@code auto}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoutingConfig(@JsonProperty("Type") String type) {
    public static final RoutingConfig DEFAULTS = new RoutingConfig(null);

    /** The routing modes, with Kubo's names. */
    public enum Type {
        AUTO("auto"),
        DHT("dht"),
        DHT_CLIENT("dhtclient"),
        DHT_SERVER("dhtserver"),
        NONE("none");

        private final String configName;

        Type(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }

    public RoutingConfig {
        if (type != null) {
            parse(type);
        }
    }

    /** The configured type ({@link Type#AUTO} when unset). */
    public Type routingType() {
        return type == null ? Type.AUTO : parse(type);
    }

    private static Type parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("default")) {
            return Type.AUTO;
        }
        for (Type v : Type.values()) {
            if (v.configName.equals(t)) {
                return v;
            }
        }
        throw new IllegalArgumentException("Routing.Type must be auto, dht, dhtclient, dhtserver or none, not '"
                + text + "'");
    }
}
