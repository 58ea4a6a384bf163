package io.hypha.node.rpc;

import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.internal.Futures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * DAGs that clients upload: {@code dag/put} (see below) and {@code dag/import} (each multipart part a CAR file, its roots pinned unless
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
        to.put("dag/put", this::dagPut);
    }

    /**
     * Kubo's {@code dag/put}: each part one node in {@code input-codec} (default dag-json), stored as
     * {@code store-codec} (default dag-cbor) hashed with {@code hash}, pinned with {@code pin}; answers
     * {@code {"Cid":{"/":...}}} per node. The first node is stored before the answer starts, so its errors get a status.
     */
    private CompletableFuture<RpcReply> dagPut(RpcRequest r) {
        String input = r.option("input-codec") == null ? "dag-json" : r.option("input-codec");
        String store = r.option("store-codec") == null ? "dag-cbor" : r.option("store-codec");
        String hash = r.option("hash") == null ? "sha2-256" : r.option("hash");
        boolean pin = r.flag("pin");
        int limit = r.flag("allow-big-block") ? io.hypha.block.Blockstore.MAX_BLOCK_SIZE : BlockEndpoints.SOFT_BLOCK_LIMIT;
        MultipartReader parts = r.multipart();
        Content content = node.content();
        return RpcReply.blocking(() -> {
            Map<String, Object> first = putNext(content, parts, limit, input, store, hash, pin);
            if (first == null) {
                throw new RpcException(RpcException.Kind.CLIENT, "argument \"object data\" is required");
            }
            return RpcReply.ndjson(out -> RpcReply.blocking(() -> {
                RpcReply.line(out, first);
                Map<String, Object> next;
                while ((next = putNext(content, parts, limit, input, store, hash, pin)) != null) {
                    RpcReply.line(out, next);
                }
                return null;
            }));
        });
    }

    private static Map<String, Object> putNext(Content content, MultipartReader parts, int limit, String input,
            String store, String hash, boolean pin) throws java.io.IOException {
        MultipartReader.Part part = parts.next();
        if (part == null) {
            return null;
        }
        byte[] data = part.content().readNBytes(limit + 1);
        if (data.length > limit) {
            throw new RpcException(RpcException.Kind.CLIENT, "node data is over " + limit
                    + " bytes: pass allow-big-block to store it anyway");
        }
        Cid cid;
        try {
            cid = Futures.await(content.dagPut(data, input, store, hash, pin), "storing a node");
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcException.Kind.CLIENT, e.getMessage());
        }
        return Map.of("Cid", Map.of("/", cid.toString()));
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
