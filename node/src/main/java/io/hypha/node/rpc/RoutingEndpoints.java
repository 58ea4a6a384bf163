package io.hypha.node.rpc;

import io.hypha.multiformats.Cid;
import io.hypha.node.Node;
import io.hypha.node.routing.Dht;
import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.KadEvent;
import io.hypha.protocol.kad.QueryObserver;
import io.hypha.protocol.kad.routing.RoutingTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Kubo's routing commands over the node's DHT: {@code routing/findpeer|findprovs|provide|get|put},
 * {@code dht/query} and {@code stats/dht}, each answering Kubo's {@code QueryEvent} ndjson lines ({@code -v}
 * adds the lookup's progress). Without a DHT ({@code Routing.Type} none) each says so.
 */
final class RoutingEndpoints {
    /** Most providers one {@code routing/findprovs} may ask for. */
    static final int MAX_PROVIDERS = 1000;
    /** Largest value {@code routing/put} takes (an IPNS record is at most 10 KiB). */
    static final int MAX_VALUE_BYTES = 64 * 1024;

    private final Node node;

    RoutingEndpoints(Node node) {
        this.node = node;
    }

    void register(Map<String, RpcCommand> to) {
        to.put("routing/findpeer", this::findPeer);
        to.put("routing/findprovs", this::findProviders);
        to.put("routing/provide", this::provide);
        to.put("routing/get", this::get);
        to.put("routing/put", this::put);
        to.put("dht/query", this::query);
        to.put("stats/dht", this::stats);
        to.put("routing/reprovide", this::reprovide);
    }

    /** Kubo's refusal of a network command on an offline node ({@code daemon --offline}). */
    static final String NOT_ONLINE = "this command must be run in online mode. Try running 'hypha daemon' first";

    /** Fails as Kubo's {@code ErrNotOnline} does when the node runs offline. */
    static void requireOnline(Node node) {
        if (!node.isOnline()) {
            throw new RpcException(RpcException.Kind.NORMAL, NOT_ONLINE);
        }
    }

    private Dht dht() {
        requireOnline(node);
        return node.dht().orElseThrow(() -> new RpcException(RpcException.Kind.NORMAL,
                "routing service is not a DHT (Routing.Type is none)"));
    }

    private static QueryEventStream events(RpcRequest r) {
        return new QueryEventStream(r.flag("verbose"));
    }

    private CompletableFuture<RpcReply> findPeer(RpcRequest r) {
        Dht dht = dht();
        List<PeerId> peers = r.requiredArgs("peerID").stream().map(RpcRequest::peerId).toList();
        QueryEventStream events = events(r);
        return CompletableFuture.completedFuture(RpcReply.ndjson(out -> {
            CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
            for (PeerId p : peers) {
                if (p.equals(node.peerId())) {
                    throw new RpcException(RpcException.Kind.CLIENT, "found self");
                }
                all = all.thenCompose(v -> dht.findPeer(p, events).thenAccept(info -> events.result(
                        QueryEventStream.event(QueryEventStream.FINAL_PEER, null,
                                List.of(QueryEventStream.addrInfo(info)), null))));
            }
            return events.writeUntil(out, all);
        }));
    }

    private CompletableFuture<RpcReply> findProviders(RpcRequest r) {
        Dht dht = dht();
        Cid cid = RpcRequest.cid(r.requiredArg("key"));
        long n = r.longOption("num-providers", 20);
        if (n < 1) {
            throw new RpcException(RpcException.Kind.CLIENT, "number of providers must be greater than 0");
        }
        if (n > MAX_PROVIDERS) {
            throw new RpcException(RpcException.Kind.CLIENT, "number of providers must be at most " + MAX_PROVIDERS);
        }
        QueryEventStream events = events(r);
        return CompletableFuture.completedFuture(RpcReply.ndjson(out -> events.writeUntil(out,
                dht.findProviders(cid, (int) n, info -> events.result(QueryEventStream.event(QueryEventStream.PROVIDER, null,
                        List.of(QueryEventStream.addrInfo(info)), null)), events))));
    }

    private CompletableFuture<RpcReply> provide(RpcRequest r) {
        Dht dht = dht();
        List<Cid> roots = r.requiredArgs("key").stream().map(RpcRequest::cid).toList();
        if (node.host().connections().isEmpty()) {
            throw new RpcException(RpcException.Kind.NORMAL, "cannot provide, no connected peers");
        }
        boolean recursive = r.flag("recursive");
        QueryEventStream events = events(r);
        return CompletableFuture.completedFuture(RpcReply.ndjson(out -> {
            CompletableFuture<?> done = keys(roots, recursive).thenCompose(keys -> keys.size() == 1
                    ? dht.provide(keys.get(0), events).thenApply(n -> null)
                    : dht.provider().provideNow(keys).thenApply(result -> null));
            return events.writeUntil(out, done);
        }));
    }

    /** The roots (each held here, or a failure naming it), and with {@code recursive} every block under them. */
    private CompletableFuture<List<Cid>> keys(List<Cid> roots, boolean recursive) {
        CompletableFuture<Void> held = CompletableFuture.completedFuture(null);
        for (Cid c : roots) {
            held = held.thenCompose(v -> node.blocks().has(c)).thenAccept(has -> {
                if (!has) {
                    throw new RpcException(RpcException.Kind.NORMAL, "block " + c + " not found locally, cannot provide");
                }
            });
        }
        if (!recursive) {
            return held.thenApply(v -> roots);
        }
        java.util.Set<Cid> all = java.util.concurrent.ConcurrentHashMap.newKeySet();
        all.addAll(roots);
        return held.thenCompose(v -> node.content().refs(roots, io.hypha.node.dag.Refs.Options.of(true, true, -1,
                false, null), ref -> {
                    if (ref.error() == null) {
                        all.add(RpcRequest.cid(ref.ref()));
                    }
                })).thenApply(v -> List.copyOf(all));
    }

    private CompletableFuture<RpcReply> get(RpcRequest r) {
        Dht dht = dht();
        byte[] key = recordKey(r.requiredArg("key"));
        QueryEventStream events = events(r);
        return CompletableFuture.completedFuture(RpcReply.ndjson(out -> events.writeUntil(out,
                dht.getValue(key, events).thenAccept(value -> events.result(QueryEventStream.event(
                        QueryEventStream.VALUE, null, null, Base64.getEncoder().encodeToString(value)))))));
    }

    private CompletableFuture<RpcReply> put(RpcRequest r) {
        Dht dht = dht();
        byte[] key = recordKey(r.requiredArg("key"));
        return RpcReply.blocking(() -> {
            MultipartReader.Part part = r.multipart().next();
            if (part == null) {
                throw new RpcException(RpcException.Kind.CLIENT, "argument \"value-file\" is required");
            }
            byte[] value = part.content().readNBytes(MAX_VALUE_BYTES + 1);
            if (value.length > MAX_VALUE_BYTES) {
                throw new RpcException(RpcException.Kind.CLIENT, "value is over " + MAX_VALUE_BYTES + " bytes");
            }
            QueryEventStream events = events(r);
            return RpcReply.ndjson(out -> events.writeUntil(out, dht.putValue(key, value, events)
                    .thenAccept(n -> events.result(QueryEventStream.event(QueryEventStream.VALUE, null, null, "")))));
        });
    }

    private CompletableFuture<RpcReply> query(RpcRequest r) {
        Dht dht = dht();
        PeerId target = RpcRequest.peerId(r.requiredArg("peerID"));
        QueryEventStream events = events(r);
        return CompletableFuture.completedFuture(RpcReply.ndjson(out -> events.writeUntil(out,
                dht.getClosestPeers(target.bytes(), events).thenAccept(peers -> {
                    for (PeerId p : peers) {
                        events.result(QueryEventStream.event(QueryEventStream.FINAL_PEER, p, null, null));
                    }
                }))));
    }

    /**
     * Kubo's {@code routing reprovide} (and its deprecated alias {@code bitswap reprovide}): announces now every key
     * {@code Provide.Strategy} selects, answering (empty) when the sweep is over.
     */
    CompletableFuture<RpcReply> reprovide(RpcRequest r) {
        Dht dht = dht();
        if (node.repo().isPresent() && !node.repo().get().config().provide().isEnabled()) {
            throw new RpcException(RpcException.Kind.NORMAL,
                    "invalid configuration: Provide.Enabled is set to 'false'");
        }
        return dht.provider().reprovide().thenApply(result -> new RpcReply.Json(null));
    }

    /** Kubo's {@code stats dht}: one entry per DHT, its buckets and their peers. */
    private CompletableFuture<RpcReply> stats(RpcRequest r) {
        Dht dht = dht();
        List<Map<String, Object>> buckets = new ArrayList<>();
        for (RoutingTable.BucketView b : dht.kad().routingTableBuckets()) {
            List<Map<String, Object>> peers = new ArrayList<>();
            for (PeerId p : b.peers()) {
                Map<String, Object> peer = new LinkedHashMap<>();
                peer.put("ID", p.toString());
                peer.put("Connected", !node.host().connections(p).isEmpty());
                peer.put("AgentVersion", node.host().peerStore().metadata(p, io.hypha.peer.PeerStore.AGENT_VERSION)
                        .orElse(""));
                peers.add(peer);
            }
            Map<String, Object> bucket = new LinkedHashMap<>();
            bucket.put("LastRefresh", b.lastRefreshed() == null ? "" : b.lastRefreshed().toString());
            bucket.put("Peers", peers);
            buckets.add(bucket);
        }
        Map<String, Object> wan = new LinkedHashMap<>();
        wan.put("Name", "wan");
        wan.put("Buckets", buckets);
        return CompletableFuture.completedFuture(RpcReply.ndjson(out -> {
            RpcReply.line(out, wan);
            return CompletableFuture.completedFuture(null);
        }));
    }

    /** A record key as Kubo takes it: {@code /ipns/<name>} (any peer id form) or {@code /pk/<peer id>}. */
    static byte[] recordKey(String text) {
        String[] parts = text.split("/", 3);
        if (parts.length != 3 || !parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new RpcException(RpcException.Kind.CLIENT, "invalid key \"" + text + "\": want /ipns/<name> or "
                    + "/pk/<peer id>");
        }
        String ns = parts[1];
        if (ns.equals("ipns") || ns.equals("pk")) {
            PeerId p = RpcRequest.peerId(parts[2]);
            byte[] prefix = ("/" + ns + "/").getBytes(StandardCharsets.US_ASCII);
            byte[] id = p.bytes();
            byte[] key = new byte[prefix.length + id.length];
            System.arraycopy(prefix, 0, key, 0, prefix.length);
            System.arraycopy(id, 0, key, prefix.length, id.length);
            return key;
        }
        throw new RpcException(RpcException.Kind.CLIENT, "invalid key \"" + text + "\": only the /ipns/ and /pk/ "
                + "namespaces are valid");
    }

    static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
