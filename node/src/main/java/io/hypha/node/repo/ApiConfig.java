package io.hypha.node.repo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The RPC API's settings, Kubo's {@code API} section.
 *
 * @param httpHeaders headers the API adds to its answers; {@code Access-Control-Allow-Origin} also lists the
 *     browser origins allowed to call it besides its own loopback origin
 * @param authorizations when not empty, every request must carry one of these secrets and may only reach the
 *     paths its secret allows
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"HTTPHeaders", "Authorizations"})
public record ApiConfig(
        @JsonProperty("HTTPHeaders") Map<String, List<String>> httpHeaders,
        @JsonProperty("Authorizations") Map<String, Authorization> authorizations) {
    public static final ApiConfig DEFAULTS = new ApiConfig(Map.of(), Map.of());

    public ApiConfig {
        httpHeaders = httpHeaders == null ? Map.of() : Map.copyOf(httpHeaders);
        authorizations = authorizations == null ? Map.of() : Map.copyOf(authorizations);
    }

    /** The origins {@code Access-Control-Allow-Origin} names. */
    public List<String> allowedOrigins() {
        return httpHeaders.getOrDefault("Access-Control-Allow-Origin", List.of());
    }

    /**
     * One client's access, as Kubo's {@code API.Authorizations.<name>}.
     *
     * @param authSecret {@code bearer:TOKEN} or {@code basic:USER:PASSWORD} (a bare value is a bearer token)
     * @param allowedPaths path prefixes this secret may call ({@code /api/v0} allows everything)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"AuthSecret", "AllowedPaths"})
    public record Authorization(
            @JsonProperty("AuthSecret") String authSecret,
            @JsonProperty("AllowedPaths") List<String> allowedPaths) {
        public Authorization {
            Objects.requireNonNull(authSecret, "AuthSecret");
            allowedPaths = allowedPaths == null ? List.of() : List.copyOf(allowedPaths);
        }

        @Override
        public String toString() {
            return "Authorization[AuthSecret=(hidden), AllowedPaths=" + allowedPaths + "]";
        }
    }
}
