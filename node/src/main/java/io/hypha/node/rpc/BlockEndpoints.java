package io.hypha.node.rpc;

import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Raw blocks: {@code block/get|stat|rm}. */
final class BlockEndpoints {
    private final Node node;

    BlockEndpoints(Node node) {
        this.node = node;
    }

    void register(Map<String, RpcCommand> to) {
        to.put("block/get", this::blockGet);
        to.put("block/stat", this::blockStat);
        to.put("block/rm", this::blockRm);
    }

    private Content content() {
        return node.content();
    }

    private CompletableFuture<RpcReply> blockGet(RpcRequest r) {
        return content().blockGet(r.cidArg()).thenApply(b -> new RpcReply.Stream("text/plain", out -> {
            try {
                out.write(b.data());
                return CompletableFuture.completedFuture(null);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }));
    }

    private CompletableFuture<RpcReply> blockStat(RpcRequest r) {
        Cid cid = r.cidArg();
        return content().blockGet(cid).thenApply(b -> {
            Map<String, Object> stat = new LinkedHashMap<>();
            stat.put("Key", cid.toString());
            stat.put("Size", b.size());
            return new RpcReply.Json(stat);
        });
    }

    private CompletableFuture<RpcReply> blockRm(RpcRequest r) {
        List<Cid> cids = r.cidArgs();
        boolean force = r.flag("force");
        return RpcRequest.inOrder(cids, c -> content().blockRm(c)).thenApply(removals -> RpcReply.ndjson(out -> {
            for (Content.BlockRemoval removal : removals) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("Hash", removal.cid().toString());
                if (removal.pinned().isPresent()) {
                    line.put("Error", "pinned: " + removal.pinned().get().label());
                } else if (!removal.removed() && !force) {
                    line.put("Error", "ipld: could not find " + removal.cid());
                }
                RpcReply.line(out, line);
            }
            return CompletableFuture.completedFuture(null);
        }));
    }
}
