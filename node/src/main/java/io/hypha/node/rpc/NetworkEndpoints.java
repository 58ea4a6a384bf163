package io.hypha.node.rpc;

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
import java.util.concurrent.CompletableFuture;

/** {@code id} (self, or {@code arg=PEER} from the peer store) and {@code swarm/peers|connect}. */
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

    private CompletableFuture<RpcReply> swarmConnect(RpcRequest r) {
        List<Multiaddr> addrs = new ArrayList<>();
        for (String a : r.requiredArgs("address")) {
            Multiaddr addr;
            try {
                addr = Multiaddr.parse(a);
            } catch (RuntimeException e) {
                throw new RpcException(RpcException.Kind.CLIENT, "invalid multiaddr \"" + a + "\": " + e.getMessage());
            }
            if (addr.peerId().isEmpty()) {
                throw new RpcException(RpcException.Kind.CLIENT, a + " names no peer: add /p2p/<peer id>");
            }
            addrs.add(addr);
        }
        return RpcRequest.inOrder(addrs, a -> node.host().connect(a)).thenApply(conns -> new RpcReply.Json(Map.of(
                "Strings", conns.stream().map(c -> "connect " + c.remotePeer() + " success").toList())));
    }
}
