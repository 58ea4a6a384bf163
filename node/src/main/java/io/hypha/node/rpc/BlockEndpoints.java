package io.hypha.node.rpc;

import io.hypha.block.Block;
import io.hypha.block.Blockstore;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multicodec;
import io.hypha.multiformats.Multihash;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.internal.Futures;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Raw blocks and DAGs: {@code block/get|stat|rm|put} and {@code dag/export}. */
final class BlockEndpoints {
    /** Largest block {@code block/put} takes without {@code allow-big-block}, as Kubo (peers refuse bigger ones). */
    static final int SOFT_BLOCK_LIMIT = 1024 * 1024;

    private final Node node;

    BlockEndpoints(Node node) {
        this.node = node;
    }

    void register(Map<String, RpcCommand> to) {
        to.put("block/get", this::blockGet);
        to.put("block/stat", this::blockStat);
        to.put("block/rm", this::blockRm);
        to.put("block/put", this::blockPut);
        to.put("dag/export", r -> {
            Cid cid = r.cidArg();
            return content().blockGet(cid).thenApply(root -> new RpcReply.Stream("application/vnd.ipld.car",
                    out -> content().dagExport(List.of(cid), out)));
        });
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

    /**
     * Kubo's {@code block/put}: each multipart part is one block, stored under a CIDv1 of {@code cid-codec}
     * (default raw; the deprecated {@code format=v0} gives a dag-pb CIDv0) and {@code mhtype}; blocks over
     * {@link #SOFT_BLOCK_LIMIT} need {@code allow-big-block}. One {@code {"Key","Size"}} line per block.
     */
    private CompletableFuture<RpcReply> blockPut(RpcRequest r) {
        boolean v0 = "v0".equals(r.option("format"));
        String codecName = r.option("cid-codec") != null ? r.option("cid-codec")
                : r.option("format") != null && !v0 ? r.option("format") : v0 ? "dag-pb" : "raw";
        Multicodec codec = switch (codecName.toLowerCase(java.util.Locale.ROOT)) {
            case "raw" -> Multicodec.RAW;
            case "dag-pb", "protobuf" -> Multicodec.DAG_PB;
            case "dag-cbor", "cbor" -> Multicodec.DAG_CBOR;
            case "dag-json" -> Multicodec.DAG_JSON;
            default -> throw new RpcException(RpcException.Kind.CLIENT, "unsupported cid-codec \"" + codecName + "\"");
        };
        HashAlgorithm hash;
        try {
            hash = HashAlgorithm.forName(r.option("mhtype") == null ? "sha2-256" : r.option("mhtype"));
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcException.Kind.CLIENT, "unrecognized multihash function: " + r.option("mhtype"));
        }
        if (v0 && hash != HashAlgorithm.SHA2_256) {
            throw new RpcException(RpcException.Kind.CLIENT, "format v0 needs sha2-256");
        }
        boolean pin = r.flag("pin");
        int limit = r.flag("allow-big-block") ? Blockstore.MAX_BLOCK_SIZE : SOFT_BLOCK_LIMIT;
        MultipartReader parts = r.multipart();
        // the first block is stored before the answer starts, so its errors are answered with a status
        return RpcReply.blocking(() -> {
            Map<String, Object> first = putNext(parts, limit, v0, codec, hash, pin);
            if (first == null) {
                throw new RpcException(RpcException.Kind.CLIENT, "expected a block argument");
            }
            return RpcReply.ndjson(out -> RpcReply.blocking(() -> {
                RpcReply.line(out, first);
                Map<String, Object> next;
                while ((next = putNext(parts, limit, v0, codec, hash, pin)) != null) {
                    RpcReply.line(out, next);
                }
                return null;
            }));
        });
    }

    /** Stores the next part as a block and returns its {@code {"Key","Size"}}; null after the last part. */
    private Map<String, Object> putNext(MultipartReader parts, int limit, boolean v0, Multicodec codec,
            HashAlgorithm hash, boolean pin) throws IOException {
        MultipartReader.Part part = parts.next();
        if (part == null) {
            return null;
        }
        byte[] data = part.content().readNBytes(limit + 1);
        if (data.length > limit) {
            throw new RpcException(RpcException.Kind.CLIENT, "produced block is over " + limit
                    + " bytes: big blocks can't be exchanged with other peers; add it as a file instead,"
                    + " or pass allow-big-block");
        }
        Multihash mh = Multihash.digest(hash, data);
        Cid cid = v0 ? Cid.v0(mh) : Cid.v1(codec, mh);
        Cid put = Futures.await(content().blockPut(new Block(cid, data), pin), "storing " + cid);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("Key", put.toString());
        line.put("Size", data.length);
        return line;
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
