package io.hypha.node.rpc;

import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.internal.Futures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * DAGs that clients upload: {@code dag/import} (each multipart part a CAR file, its roots pinned unless
 * {@code pin-roots=false}; one {@code {"Root":{"Cid":{"/":...},"PinErrorMsg":""}}} line per root and, with
 * {@code stats}, {@code {"Stats":{"BlockCount","BlockBytesCount"}}}).
 */
final class DagUploadEndpoints {
    private final Node node;

    DagUploadEndpoints(Node node) {
        this.node = node;
    }

    void register(Map<String, RpcCommand> to) {
        to.put("dag/import", this::dagImport);
    }

    private CompletableFuture<RpcReply> dagImport(RpcRequest r) {
        boolean pinRoots = r.flag("pin-roots", true);
        boolean stats = r.flag("stats");
        boolean silent = r.flag("silent");
        MultipartReader parts = r.multipart();
        Content content = node.content();
        return CompletableFuture.completedFuture(RpcReply.ndjson(out -> RpcReply.blocking(() -> {
            long blocks = 0;
            long bytes = 0;
            MultipartReader.Part part;
            int files = 0;
            while ((part = parts.next()) != null) {
                files++;
                Content.DagImportResult result = Futures.await(content.dagImport(part.content(), pinRoots),
                        "importing a CAR");
                blocks += result.blocks();
                bytes += result.bytes();
                if (!silent) {
                    for (Cid root : result.roots()) {
                        Map<String, Object> line = new LinkedHashMap<>();
                        line.put("Cid", Map.of("/", root.toString()));
                        line.put("PinErrorMsg", "");
                        RpcReply.line(out, Map.of("Root", line));
                    }
                }
            }
            if (files == 0) {
                throw new RpcException(RpcException.Kind.CLIENT, "expected a CAR file argument");
            }
            if (stats && !silent) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("BlockCount", blocks);
                s.put("BlockBytesCount", bytes);
                RpcReply.line(out, Map.of("Stats", s));
            }
            return null;
        })));
    }
}
