package io.hypha.node.rpc;

import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.repo.Pins;
import io.hypha.node.repo.RepoStat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** {@code pin/add|ls|rm} and the repo: {@code repo/stat|gc}. */
final class PinEndpoints {
    private final Node node;

    PinEndpoints(Node node) {
        this.node = node;
    }

    void register(Map<String, RpcCommand> to) {
        to.put("pin/ls", this::pinLs);
        to.put("pin/add", r -> pinChange(r, true));
        to.put("pin/rm", r -> pinChange(r, false));
        to.put("repo/stat", r -> content().repoStat().thenApply(PinEndpoints::repoStat));
        to.put("repo/gc", r -> CompletableFuture.completedFuture(RpcReply.ndjson(
                out -> content().gc(cid -> RpcReply.line(out, Map.of("Key", Map.of("/", cid.toString())))))));
    }

    private Content content() {
        return node.content();
    }

    private CompletableFuture<RpcReply> pinLs(RpcRequest r) {
        Set<Pins.Mode> modes;
        try {
            modes = Pins.Mode.filter(r.option("type") == null ? "all" : r.option("type"));
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcException.Kind.CLIENT, e.getMessage());
        }
        if (!r.args().isEmpty()) {
            return pinnedAmong(r.cidArgs(), modes);
        }
        if (r.flag("stream")) {
            // one {"Cid","Type"} object per line as the pins are listed (kubo-rpc-client asks for this)
            return content().pinLs(modes).thenApply(pins -> RpcReply.ndjson(out -> {
                for (Pins.Pin p : pins) {
                    RpcReply.line(out, Map.of("Cid", p.cid().toString(), "Type", p.mode().label()));
                }
                return CompletableFuture.completedFuture(null);
            }));
        }
        return content().pinLs(modes).thenApply(pins -> {
            Map<String, Object> keys = new LinkedHashMap<>();
            for (Pins.Pin p : pins) {
                keys.put(p.cid().toString(), Map.of("Type", p.mode().label()));
            }
            return new RpcReply.Json(Map.of("Keys", keys));
        });
    }

    private CompletableFuture<RpcReply> pinnedAmong(List<Cid> cids, Set<Pins.Mode> modes) {
        return RpcRequest.inOrder(cids, c -> content().pinned(c).thenApply(mode -> {
            if (mode.isEmpty() || !modes.contains(mode.get())) {
                throw new RpcException(RpcException.Kind.NORMAL, "path '" + c + "' is not pinned");
            }
            return mode.get();
        })).thenApply(found -> {
            Map<String, Object> keys = new LinkedHashMap<>();
            for (int i = 0; i < cids.size(); i++) {
                keys.put(cids.get(i).toString(), Map.of("Type", found.get(i).label()));
            }
            return new RpcReply.Json(Map.of("Keys", keys));
        });
    }

    /** {@code pin/add} and {@code pin/rm}: each argument in turn, answered with the CIDs as Kubo lists them. */
    private CompletableFuture<RpcReply> pinChange(RpcRequest r, boolean add) {
        List<Cid> cids = r.cidArgs();
        boolean recursive = r.flag("recursive", true);
        return RpcRequest.inOrder(cids, c -> add ? content().pinAdd(c, recursive) : content().pinRm(c, recursive))
                .thenApply(v -> new RpcReply.Json(Map.of("Pins", cids.stream().map(Cid::toString).toList())));
    }

    private static RpcReply repoStat(RepoStat s) {
        Map<String, Object> stat = new LinkedHashMap<>();
        stat.put("RepoSize", s.repoSize());
        stat.put("StorageMax", s.storageMax());
        stat.put("NumObjects", s.numObjects());
        stat.put("RepoPath", s.repoPath().toString());
        stat.put("Version", s.version());
        return new RpcReply.Json(stat);
    }
}
