package io.hypha.node.rpc;

import io.hypha.multiformats.Cid;
import io.hypha.node.Node;
import io.hypha.peer.PeerId;
import io.hypha.protocol.bitswap.Bitswap;
import io.hypha.protocol.bitswap.BitswapStats;
import io.hypha.protocol.bitswap.message.WantlistEntry;
import io.hypha.protocol.bitswap.server.LedgerSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Kubo's bitswap commands over the node's Bitswap: {@code bitswap/stat}, {@code bitswap/wantlist} (ours, or with
 * {@code peer} what that peer wants from us), {@code bitswap/ledger} and {@code bitswap/reprovide} (Kubo's
 * deprecated alias of {@code routing/reprovide}). An offline node refuses them as Kubo does: {@code ErrNotOnline} (500),
 * except {@code stat}, which Kubo refuses as the client's mistake (400, "unable to run offline: ...").
 * Reading Bitswap's state waits briefly for its event loop, so each runs on a worker thread.
 */
final class BitswapEndpoints {
    private final Node node;
    private final RoutingEndpoints routing;

    BitswapEndpoints(Node node, RoutingEndpoints routing) {
        this.node = node;
        this.routing = routing;
    }

    void register(Map<String, RpcCommand> to) {
        to.put("bitswap/stat", this::stat);
        to.put("bitswap/wantlist", this::wantlist);
        to.put("bitswap/ledger", this::ledger);
        to.put("bitswap/reprovide", routing::reprovide);
    }

    private Bitswap bitswap() {
        RoutingEndpoints.requireOnline(node);
        return running();
    }

    private Bitswap running() {
        return node.bitswap().orElseThrow(() -> new RpcException(RpcException.Kind.NORMAL,
                "this node's exchange is not Bitswap"));
    }

    /**
     * Kubo's {@code Stat}: the counters, our wantlist and the peers. {@code verbose} and {@code human} are accepted
     * (as Kubo, they change only the text the command line prints, not this answer).
     */
    private CompletableFuture<RpcReply> stat(RpcRequest r) {
        if (!node.isOnline()) {
            throw new RpcException(RpcException.Kind.CLIENT, "unable to run offline: " + RoutingEndpoints.NOT_ONLINE);
        }
        Bitswap bitswap = running();
        r.flag("verbose");
        r.flag("human");
        return RpcReply.blocking(() -> {
            BitswapStats s = bitswap.stats();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("BlocksReceived", s.blocksReceived());
            out.put("BlocksSent", s.blocksSent());
            out.put("DataReceived", s.dataReceived());
            out.put("DataSent", s.dataSent());
            out.put("DupBlksReceived", s.dupBlocksReceived());
            out.put("DupDataReceived", s.dupDataReceived());
            out.put("MessagesReceived", s.messagesReceived());
            out.put("Peers", s.peers().stream().map(PeerId::toString).toList());
            out.put("ProvideBufLen", node.dht().map(d -> d.provider().queued()).orElse(0));
            out.put("Wantlist", links(s.wantlist()));
            return new RpcReply.Json(out);
        });
    }

    /**
     * Kubo's {@code KeyList}: {@code {"Keys":[{"/":cid}]}}. With {@code peer} naming this node, our own wantlist, as
     * Kubo answers it (we never appear in our own engine's ledgers).
     */
    private CompletableFuture<RpcReply> wantlist(RpcRequest r) {
        Bitswap bitswap = bitswap();
        String peer = r.option("peer");
        PeerId named = peer == null ? null : RpcRequest.peerId(peer);
        PeerId p = node.peerId().equals(named) ? null : named;
        return RpcReply.blocking(() -> {
            List<Cid> keys;
            if (p == null) {
                keys = bitswap.wantlist();
            } else {
                keys = new ArrayList<>();
                for (WantlistEntry e : bitswap.wantlist(p)) {
                    keys.add(e.cid());
                }
            }
            return new RpcReply.Json(Map.of("Keys", links(keys)));
        });
    }

    /** Kubo's {@code Receipt}: {@code Peer}, {@code Value} (the debt ratio), {@code Sent}, {@code Recv}, {@code Exchanged}. */
    private CompletableFuture<RpcReply> ledger(RpcRequest r) {
        Bitswap bitswap = bitswap();
        PeerId p = RpcRequest.peerId(r.requiredArg("peer"));
        return RpcReply.blocking(() -> {
            LedgerSnapshot l = bitswap.ledger(p);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("Exchanged", l.exchanged());
            out.put("Peer", p.toString());
            out.put("Recv", l.bytesReceived());
            out.put("Sent", l.bytesSent());
            out.put("Value", l.debtRatio());
            return new RpcReply.Json(out);
        });
    }

    private static List<Map<String, String>> links(List<Cid> cids) {
        return cids.stream().map(c -> Map.of("/", c.toString())).toList();
    }
}
