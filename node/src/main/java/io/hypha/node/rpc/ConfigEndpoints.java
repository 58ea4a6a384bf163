package io.hypha.node.rpc;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.node.Node;
import io.hypha.node.repo.ConfigFile;
import io.hypha.node.repo.RepoConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
        to.put("config/show", r -> blocking(() -> new RpcReply.Json(file().show())));
        RpcCommand list = r -> blocking(() -> peers(file().bootstrap()));
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
        return blocking(() -> {
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
        List<String> peers = new ArrayList<>();
        for (String a : args) {
            if (a.equals("default")) {
                peers.addAll(RepoConfig.DEFAULT_BOOTSTRAP);
            } else {
                peers.add(checkPeer(a));
            }
        }
        if (defaults) {
            peers.addAll(RepoConfig.DEFAULT_BOOTSTRAP);
        }
        if (peers.isEmpty()) {
            throw new RpcException(RpcException.Kind.CLIENT, "no bootstrap peers to add");
        }
        return blocking(() -> peers(file().bootstrapAdd(peers)));
    }

    private CompletableFuture<RpcReply> bootstrapRm(List<String> args, boolean all) {
        if (all) {
            return blocking(() -> peers(file().bootstrapRemoveAll()));
        }
        if (args.isEmpty()) {
            throw new RpcException(RpcException.Kind.CLIENT, "no bootstrap peers to remove");
        }
        List<String> peers = args.stream().map(ConfigEndpoints::checkPeer).toList();
        return blocking(() -> peers(file().bootstrapRemove(peers)));
    }

    /** A bootstrap address must name its peer, as Kubo requires. */
    private static String checkPeer(String text) {
        Multiaddr addr;
        try {
            addr = Multiaddr.parse(text);
        } catch (RuntimeException e) {
            throw new RpcException(RpcException.Kind.CLIENT, "invalid multiaddr \"" + text + "\": " + e.getMessage());
        }
        if (addr.peerId().isEmpty()) {
            throw new RpcException(RpcException.Kind.CLIENT, "invalid bootstrap address: " + text);
        }
        return text;
    }

    private static RpcReply peers(List<String> peers) {
        return new RpcReply.Json(Map.of("Peers", peers));
    }

    /** Runs file work on a virtual thread; its failure fails the answer. */
    private static CompletableFuture<RpcReply> blocking(Callable<RpcReply> work) {
        CompletableFuture<RpcReply> done = new CompletableFuture<>();
        Thread.ofVirtual().name("hypha-rpc-config").start(() -> {
            try {
                done.complete(work.call());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }
}
