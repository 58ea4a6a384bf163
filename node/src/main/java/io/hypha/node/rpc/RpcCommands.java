package io.hypha.node.rpc;

import io.hypha.node.Node;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Every endpoint, by its Kubo name, gathered from the endpoint groups: {@link AdminEndpoints} (version,
 * shutdown), {@link NetworkEndpoints} (id, swarm, stats/bw), {@link ContentEndpoints} (cat, ls),
 * {@link AddEndpoint} (add), {@link DagUploadEndpoints} (dag/put, dag/import), {@link BlockEndpoints} (block),
 * {@link PinEndpoints} (pin, repo), {@link KeyEndpoints} (key), {@link DagEndpoints} (dag, refs, get, repo verify),
 * {@link ConfigEndpoints} (config, bootstrap), {@link PingEndpoint} (ping), {@link RoutingEndpoints} (routing, dht,
 * stats/dht) and {@link NameEndpoints} (name). Each runs on the node's content API
 * and answers a future.
 */
final class RpcCommands {
    /** The commands whose request body is streamed to them as it arrives (the rest are read whole, bounded). */
    static final Set<String> UPLOADS = Set.of("add", "block/put", "dag/put", "dag/import");

    private final Map<String, RpcCommand> commands = new TreeMap<>();

    RpcCommands(Node node, Runnable shutdown) {
        new AdminEndpoints(node, shutdown).register(commands);
        new NetworkEndpoints(node).register(commands);
        new ContentEndpoints(node).register(commands);
        new AddEndpoint(node).register(commands);
        new DagUploadEndpoints(node).register(commands);
        new BlockEndpoints(node).register(commands);
        new PinEndpoints(node).register(commands);
        new KeyEndpoints(node).register(commands);
        new DagEndpoints(node).register(commands);
        new ConfigEndpoints(node).register(commands);
        new PingEndpoint(node).register(commands);
        RoutingEndpoints routing = new RoutingEndpoints(node);
        routing.register(commands);
        new BitswapEndpoints(node, routing).register(commands);
        new NameEndpoints(node).register(commands);
    }

    /** The names served, for error messages and tests. */
    Set<String> names() {
        return commands.keySet();
    }

    /** Runs {@code request}'s command; null when there is no such command. */
    CompletableFuture<RpcReply> run(RpcRequest request) {
        RpcCommand c = commands.get(request.command());
        return c == null ? null : c.run(request);
    }
}
