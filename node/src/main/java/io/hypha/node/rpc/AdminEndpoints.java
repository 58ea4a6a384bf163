package io.hypha.node.rpc;

import io.hypha.host.HostBuilder;
import io.hypha.node.Node;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@code version} and {@code shutdown}. */
final class AdminEndpoints {
    private final Node node;
    private final Runnable shutdown;

    AdminEndpoints(Node node, Runnable shutdown) {
        this.node = node;
        this.shutdown = shutdown;
    }

    void register(Map<String, RpcCommand> to) {
        to.put("version", r -> RpcReply.json(version()));
        to.put("shutdown", r -> {
            shutdown.run();
            return CompletableFuture.completedFuture(new RpcReply.Json(null));
        });
    }

    static Map<String, Object> version() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("Version", HostBuilder.version());
        v.put("Commit", "");
        v.put("Repo", "1");
        v.put("System", System.getProperty("os.arch") + "/" + System.getProperty("os.name").toLowerCase(Locale.ROOT));
        v.put("Golang", "java" + Runtime.version());
        return v;
    }
}
