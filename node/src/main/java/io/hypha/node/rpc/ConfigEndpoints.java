package io.hypha.node.rpc;

import io.hypha.node.Node;
import io.hypha.node.repo.ConfigFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The repo's config file: {@code config} ({@code arg=KEY[&arg=VALUE]}, {@code bool}, {@code json}),
 * {@code config/show}, and {@code bootstrap} ({@code list}, {@code add} with {@code default}, {@code rm} with
 * {@code all}), with Kubo's answers. A change is written to the file and applies at the node's next start.
 * The file is read and written on a virtual thread, never on the API's event loop.
 */
final class ConfigEndpoints {
    private final Node node;

    ConfigEndpoints(Node node) {
        this.node = node;
    }

    void register(Map<String, RpcCommand> to) {
        to.put("config", this::config);
        to.put("config/show", r -> RpcReply.blocking(() -> new RpcReply.Json(file().show())));
        RpcCommand list = r -> RpcReply.blocking(() -> peers(file().bootstrap()));
        to.put("bootstrap", list);
        to.put("bootstrap/list", list);
        to.put("bootstrap/add", r -> bootstrapAdd(r.args(), r.flag("default")));
        to.put("bootstrap/add/default", r -> bootstrapAdd(List.of(), true));
        to.put("bootstrap/rm", r -> bootstrapRm(r.args(), r.flag("all")));
        to.put("bootstrap/rm/all", r -> bootstrapRm(List.of(), true));
    }

    private ConfigFile file() {
        return node.repo().orElseThrow(() -> new RpcException(RpcException.Kind.NORMAL,
                "this node runs without a repo: it has no config file")).configFile();
    }

    private CompletableFuture<RpcReply> config(RpcRequest r) {
        String key = r.requiredArg("key");
        List<String> args = r.args();
        if (args.size() > 2) {
            throw new RpcException(RpcException.Kind.CLIENT, "config takes a key and at most one value");
        }
        boolean json = r.flag("json");
        boolean bool = r.flag("bool");
        return RpcReply.blocking(() -> {
            var value = args.size() == 2
                    ? file().set(key, ConfigFile.value(args.get(1), json, bool))
                    : file().get(key);
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("Key", key);
            field.put("Value", value);
            return new RpcReply.Json(field);
        });
    }

    private CompletableFuture<RpcReply> bootstrapAdd(List<String> args, boolean defaults) {
        List<String> peers = new ArrayList<>(args);
        if (defaults) {
            peers.add("default");
        }
        return RpcReply.blocking(() -> peers(file().bootstrapAdd(peers)));
    }

    private CompletableFuture<RpcReply> bootstrapRm(List<String> args, boolean all) {
        return RpcReply.blocking(() -> peers(all ? file().bootstrapRemoveAll() : file().bootstrapRemove(args)));
    }

    private static RpcReply peers(List<String> peers) {
        return new RpcReply.Json(Map.of("Peers", peers));
    }
}
