package io.hypha.node.rpc;

import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** UnixFS: {@code cat} ({@code offset}, {@code length}) and {@code ls}, of a CID or a path below one. */
final class ContentEndpoints {
    private final Node node;

    ContentEndpoints(Node node) {
        this.node = node;
    }

    void register(Map<String, RpcCommand> to) {
        to.put("cat", this::cat);
        to.put("ls", this::ls);
    }

    private Content content() {
        return node.content();
    }

    /** The CID an {@code ipfs-path} argument names (a CID, or a CID and names below it). */
    private CompletableFuture<Cid> path(String text) {
        try {
            return content().resolvePath(text);
        } catch (IllegalArgumentException e) {
            throw RpcRequest.invalidPath(text, e);
        }
    }

    private CompletableFuture<RpcReply> cat(RpcRequest r) {
        CompletableFuture<Cid> resolved = path(r.requiredArg("ipfs-path"));
        long offset = r.longOption("offset", 0);
        long length = r.longOption("length", -1);
        if (offset < 0) {
            throw new RpcException(RpcException.Kind.CLIENT, "cannot specify negative offset");
        }
        if (length < -1) {
            throw new RpcException(RpcException.Kind.CLIENT, "cannot specify negative length");
        }
        // the root is read first, so a missing or corrupt one is an error answer, not a broken stream
        return resolved.thenCompose(cid -> content().blockGet(cid).thenApply(root -> new RpcReply.Stream("text/plain",
                out -> content().cat(cid, offset, length, out))));
    }

    /** Kubo's {@code ls}: one object per argument, its links with UnixFS types (1 directory, 2 file, 4 symlink). */
    private CompletableFuture<RpcReply> ls(RpcRequest r) {
        return RpcRequest.inOrder(r.requiredArgs("ipfs-path"), a -> path(a).thenCompose(content()::ls).thenApply(entries -> {
            List<Object> links = new ArrayList<>();
            for (var e : entries) {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("Name", e.name());
                l.put("Hash", e.cid().toString());
                l.put("Size", e.type() == io.hypha.node.unixfs.EntryType.DIRECTORY ? 0 : e.size()); // Kubo: 0 for a directory
                l.put("Type", switch (e.type()) {
                    case DIRECTORY -> 1;
                    case FILE -> 2;
                    case SYMLINK -> 4;
                });
                l.put("Target", "");
                links.add(l);
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("Hash", a);
            o.put("Links", links);
            return (Object) o;
        })).thenApply(objects -> new RpcReply.Json(Map.of("Objects", objects)));
    }
}
