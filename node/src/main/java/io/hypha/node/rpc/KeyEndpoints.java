package io.hypha.node.rpc;

import io.hypha.crypto.KeyType;
import io.hypha.multiformats.Multibase;
import io.hypha.node.Content;
import io.hypha.node.Node;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@code key/list|gen|rm|rename}, keys named by their base36 libp2p-key CIDs as Kubo prints them. */
final class KeyEndpoints {
    private final Node node;

    KeyEndpoints(Node node) {
        this.node = node;
    }

    void register(Map<String, RpcCommand> to) {
        to.put("key/list", r -> content().keyList().thenApply(keys -> new RpcReply.Json(Map.of("Keys",
                keys.stream().map(KeyEndpoints::key).toList()))));
        to.put("key/gen", this::keyGen);
        to.put("key/rm", this::keyRm);
        to.put("key/rename", this::keyRename);
    }

    private Content content() {
        return node.content();
    }

    private static Map<String, Object> key(Content.Key k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", k.name());
        m.put("Id", k.id().toCidString(Multibase.BASE36));
        return m;
    }

    private CompletableFuture<RpcReply> keyGen(RpcRequest r) {
        String name = r.requiredArg("name");
        KeyType type;
        try {
            type = KeyType.forName(r.option("type") == null ? "ed25519" : r.option("type"));
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcException.Kind.CLIENT, e.getMessage());
        }
        Integer bits = type == KeyType.RSA ? (int) r.longOption("size", 2048) : null;
        return content().keyGen(name, type, bits).thenApply(k -> new RpcReply.Json(key(k)));
    }

    private CompletableFuture<RpcReply> keyRm(RpcRequest r) {
        return RpcRequest.inOrder(r.requiredArgs("name"), n -> content().keyRm(n))
                .thenApply(keys -> new RpcReply.Json(Map.of("Keys", keys.stream().map(KeyEndpoints::key).toList())));
    }

    private CompletableFuture<RpcReply> keyRename(RpcRequest r) {
        List<String> args = r.args();
        if (args.size() != 2) {
            throw new RpcException(RpcException.Kind.CLIENT, "key rename takes two arguments: old and new name");
        }
        boolean force = r.flag("force");
        return content().keyRename(args.get(0), args.get(1), force).thenApply(k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Was", args.get(0));
            m.put("Now", args.get(1));
            m.put("Id", k.id().toCidString(Multibase.BASE36));
            m.put("Overwrite", force);
            return new RpcReply.Json(m);
        });
    }
}
