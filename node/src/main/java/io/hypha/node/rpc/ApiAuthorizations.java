package io.hypha.node.rpc;

import io.hypha.node.repo.ApiConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Kubo's {@code API.Authorizations}: when any are configured, a request must carry an {@code Authorization}
 * header equal to one secret ({@code Bearer TOKEN}, or {@code Basic base64(USER:PASSWORD)}) and its path must
 * start with one of that secret's {@code AllowedPaths}; {@code /api/v0/version} is open to every valid secret.
 * Anything else is refused with 403. With none configured every request passes (the API listens on loopback).
 */
final class ApiAuthorizations {
    static final ApiAuthorizations NONE = new ApiAuthorizations(List.of());

    private record Scope(byte[] header, List<String> allowedPaths) {}

    private final List<Scope> scopes;

    private ApiAuthorizations(List<Scope> scopes) {
        this.scopes = List.copyOf(scopes);
    }

    /** The config's authorizations; a secret that is neither {@code bearer:} nor {@code basic:} is a bearer token. */
    static ApiAuthorizations of(ApiConfig config) {
        List<Scope> scopes = new ArrayList<>();
        for (Map.Entry<String, ApiConfig.Authorization> e : config.authorizations().entrySet()) {
            String secret = e.getValue().authSecret();
            String header;
            if (secret.startsWith("basic:")) {
                String userPassword = secret.substring("basic:".length());
                if (!userPassword.contains(":")) {
                    throw new IllegalArgumentException("API.Authorizations." + e.getKey()
                            + ": a basic secret is basic:USER:PASSWORD");
                }
                header = "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
            } else {
                header = "Bearer " + (secret.startsWith("bearer:") ? secret.substring("bearer:".length()) : secret);
            }
            scopes.add(new Scope(header.getBytes(StandardCharsets.UTF_8), e.getValue().allowedPaths()));
        }
        return new ApiAuthorizations(scopes);
    }

    boolean enabled() {
        return !scopes.isEmpty();
    }

    /** Whether a request with this {@code Authorization} header (null when absent) may reach {@code path}. */
    boolean allows(String authorization, String path) {
        if (scopes.isEmpty()) {
            return true;
        }
        if (authorization == null) {
            return false;
        }
        byte[] given = authorization.getBytes(StandardCharsets.UTF_8);
        for (Scope s : scopes) {
            // constant-time comparison: the secret must not leak through timing
            if (MessageDigest.isEqual(s.header(), given)) {
                if (path.equals(RpcHandler.PREFIX + "version")) {
                    return true;
                }
                for (String prefix : s.allowedPaths()) {
                    if (path.startsWith(prefix)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
