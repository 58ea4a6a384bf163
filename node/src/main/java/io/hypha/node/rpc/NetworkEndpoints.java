package io.hypha.node.rpc;

import io.hypha.host.Bandwidth;
import io.hypha.host.Connection;
import io.hypha.host.ProtocolId;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.node.Node;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * {@code id} (self, or {@code arg=PEER} from the peer store), {@code swarm/peers|connect|disconnect},
 * {@code swarm/addrs} (known addresses by peer), {@code swarm/addrs/local|listen} and {@code stats/bw}
 * (the host's byte counters).
 */
final class NetworkEndpoints {
    private final Node node;

    NetworkEndpoints(Node node) {
        this.node = node;
    }

    void register(Map<String, RpcCommand> to) {
        to.put("id", this::id);
        to.put("swarm/peers", r -> RpcReply.json(Map.of("Peers", node.host().connections().stream().map(c -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("Addr", c.remoteAddress().toString());
            p.put("Peer", c.remotePeer().toString());
            p.put("Direction", c.direction().name().equals("INBOUND") ? 1 : 2);
            p.put("Muxer", c.muxer());
            return p;
        }).toList())));
        to.put("swarm/connect", this::swarmConnect);
        to.put("swarm/disconnect", this::swarmDisconnect);
        to.put("swarm/addrs", r -> {
            Map<String, Object> byPeer = new TreeMap<>();
            PeerStore store = node.host().peerStore();
            for (PeerId p : store.peers()) {
                List<String> addrs = store.addresses(p).stream().map(Multiaddr::toString).sorted().toList();
                if (!addrs.isEmpty()) {
                    byPeer.put(p.toString(), addrs);
                }
            }
            return RpcReply.json(Map.of("Addrs", byPeer));
        });
        to.put("swarm/addrs/local", r -> {
            boolean withId = r.flag("id");
            return strings(node.host().dialableAddresses().stream()
                    .map(a -> withId ? a.withPeerId(node.peerId()) : a).map(Multiaddr::toString).sorted().toList());
        });
        to.put("swarm/addrs/listen", r -> strings(node.host().listenAddresses().stream()
                .map(Multiaddr::toString).sorted().toList()));
        to.put("stats/bw", r -> {
            if (r.option("peer") != null || r.option("proto") != null) {
                throw new RpcException(RpcException.Kind.CLIENT, "bandwidth is counted for the whole node only: "
                        + "no per-peer or per-protocol figures");
            }
            Bandwidth.Stats b = node.host().bandwidth().snapshot();
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("TotalIn", b.totalIn());
            stats.put("TotalOut", b.totalOut());
            stats.put("RateIn", b.rateIn());
            stats.put("RateOut", b.rateOut());
            return RpcReply.json(stats);
        });
    }

    private static CompletableFuture<RpcReply> strings(List<String> strings) {
        return RpcReply.json(Map.of("Strings", strings));
    }

    private CompletableFuture<RpcReply> id(RpcRequest r) {
        List<String> args = r.args();
        PeerId self = node.peerId();
        PeerId peer = args.isEmpty() ? self : RpcRequest.peerId(args.get(0));
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("ID", peer.toString());
        if (peer.equals(self)) {
            id.put("PublicKey", Base64.getEncoder().encodeToString(
                    node.repo().orElseThrow().privateKey().publicKey().encode()));
            id.put("Addresses", node.host().dialableAddresses().stream()
                    .map(a -> a.withPeerId(self).toString()).toList());
            id.put("AgentVersion", node.host().config().agentVersion());
            id.put("Protocols", node.host().protocols().stream().map(ProtocolId::value).sorted().toList());
            return RpcReply.json(id);
        }
        PeerStore store = node.host().peerStore();
        if (!store.peers().contains(peer)) {
            throw new RpcException(RpcException.Kind.NORMAL, "peer " + peer + " is not known to this node");
        }
        id.put("PublicKey", store.publicKey(peer).map(k -> Base64.getEncoder().encodeToString(k.encode())).orElse(""));
        id.put("Addresses", store.addresses(peer).stream().map(a -> a.withPeerId(peer).toString()).toList());
        id.put("AgentVersion", store.metadata(peer, PeerStore.AGENT_VERSION).orElse(""));
        id.put("Protocols", store.protocols(peer).stream().sorted().toList());
        return RpcReply.json(id);
    }

    /**
     * Closes the connections to each argument's peer ({@code /p2p/ID}, a bare id, or a full address, which
     * closes only the connections to that address), answering one {@code disconnect ID success|failure} per
     * argument as Kubo does.
     */
    private CompletableFuture<RpcReply> swarmDisconnect(RpcRequest r) {
        List<String> args = r.requiredArgs("address");
        List<PeerId> peers = new ArrayList<>();
        List<Multiaddr> transports = new ArrayList<>();
        for (String a : args) {
            if (!a.startsWith("/")) {
                peers.add(RpcRequest.peerId(a));
                transports.add(null);
                continue;
            }
            Multiaddr addr = parse(a);
            peers.add(addr.peerId().orElseThrow());
            Multiaddr transport = addr.withoutPeerId();
            transports.add(transport.isEmpty() ? null : transport);
        }
        List<Integer> index = java.util.stream.IntStream.range(0, args.size()).boxed().toList();
        return RpcRequest.inOrder(index, i -> {
            PeerId peer = peers.get(i);
            Multiaddr transport = transports.get(i);
            List<Connection> conns = node.host().connections(peer).stream()
                    .filter(c -> transport == null || c.remoteAddress().equals(transport)).toList();
            if (conns.isEmpty()) {
                return CompletableFuture.completedFuture("disconnect " + peer + " failure: not connected");
            }
            return CompletableFuture.allOf(conns.stream().map(Connection::close).toArray(CompletableFuture[]::new))
                    .handle((v, e) -> "disconnect " + peer + (e == null ? " success" : " failure: " + e.getMessage()));
        }).thenApply(lines -> new RpcReply.Json(Map.of("Strings", lines)));
    }

    /** A multiaddr naming its peer; a 400 otherwise. */
    static Multiaddr parse(String a) {
        Multiaddr addr;
        try {
            addr = Multiaddr.parse(a);
        } catch (RuntimeException e) {
            throw new RpcException(RpcException.Kind.CLIENT, "invalid multiaddr \"" + a + "\": " + e.getMessage());
        }
        if (addr.peerId().isEmpty()) {
            throw new RpcException(RpcException.Kind.CLIENT, a + " names no peer: add /p2p/<peer id>");
        }
        return addr;
    }

    private CompletableFuture<RpcReply> swarmConnect(RpcRequest r) {
        List<Multiaddr> addrs = new ArrayList<>();
        for (String a : r.requiredArgs("address")) {
            addrs.add(parse(a));
        }
        return RpcRequest.inOrder(addrs, a -> node.host().connect(a)).thenApply(conns -> new RpcReply.Json(Map.of(
                "Strings", conns.stream().map(c -> "connect " + c.remotePeer() + " success").toList())));
    }
}
