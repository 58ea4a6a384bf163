package io.hypha.node.rpc;

import io.hypha.node.Node;
import io.hypha.node.ipns.Ipns;
import io.hypha.node.repo.SwarmConfig;
import io.hypha.node.routing.Dht;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Kubo's {@code name/publish} ({@code {"Name","Value"}}) and {@code name/resolve} ({@code {"Path"}}): IPNS records
 * signed with the node's keys, stored and found through the DHT.
 */
final class NameEndpoints {
    private final Node node;

    NameEndpoints(Node node) {
        this.node = node;
    }

    void register(Map<String, RpcCommand> to) {
        to.put("name/publish", this::publish);
        to.put("name/resolve", this::resolve);
    }

    private Dht dht() {
        return node.dht().orElseThrow(() -> new RpcException(RpcException.Kind.NORMAL,
                "IPNS needs the DHT, and Routing.Type is none"));
    }

    private static Duration duration(RpcRequest r, String name, Duration otherwise) {
        String s = r.option(name);
        if (s == null) {
            return otherwise;
        }
        try {
            Duration d = SwarmConfig.parseDuration(s);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("must be positive");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcException.Kind.CLIENT, "invalid " + name + " \"" + s + "\": " + e.getMessage());
        }
    }

    private CompletableFuture<RpcReply> publish(RpcRequest r) {
        Dht dht = dht();
        String path = r.requiredArg("ipfs-path");
        if (!path.startsWith("/ipfs/") && !path.startsWith("/ipns/")) {
            path = "/ipfs/" + path;
        }
        String value = path;
        if (value.startsWith("/ipfs/")) {
            RpcRequest.cid(value.substring("/ipfs/".length()).split("/", 2)[0]);
        }
        Duration lifetime = duration(r, "lifetime", Ipns.DEFAULT_LIFETIME);
        Duration ttl = duration(r, "ttl", Ipns.DEFAULT_TTL);
        if (ttl.compareTo(lifetime) > 0) {
            ttl = lifetime;
        }
        Duration cacheFor = ttl;
        String key = r.option("key") == null ? "self" : r.option("key");
        boolean allowOffline = r.flag("allow-offline");
        boolean check = r.flag("resolve", true);
        CompletableFuture<Void> resolvable = CompletableFuture.completedFuture(null);
        if (check && value.startsWith("/ipfs/")) {
            String[] parts = value.substring("/ipfs/".length()).split("/", 2);
            resolvable = node.content().resolve(RpcRequest.cid(parts[0]), parts.length > 1 ? parts[1] : "")
                    .thenAccept(x -> { });
        }
        return resolvable.thenCompose(v -> node.content().privateKey(key)).exceptionallyCompose(e -> {
            Throwable c = RoutingEndpoints.unwrap(e);
            return CompletableFuture.failedFuture(c instanceof IllegalArgumentException
                    ? new RpcException(RpcException.Kind.NORMAL, c.getMessage()) : c);
        }).thenCompose(k -> dht.names().publish(k, value, lifetime, cacheFor, allowOffline)).thenApply(p -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("Name", p.name().toString());
            out.put("Value", p.value());
            return new RpcReply.Json(out);
        });
    }

    private CompletableFuture<RpcReply> resolve(RpcRequest r) {
        Dht dht = dht();
        String name = r.args().isEmpty() ? node.peerId().toString() : r.args().get(0);
        boolean recursive = r.flag("recursive", true);
        try {
            io.hypha.node.ipns.IpnsName.parse(name);
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcException.Kind.CLIENT, "invalid IPNS name \"" + name + "\": " + e.getMessage());
        }
        return dht.names().resolve(name, recursive).thenApply(path -> new RpcReply.Json(Map.of("Path", path)));
    }
}
