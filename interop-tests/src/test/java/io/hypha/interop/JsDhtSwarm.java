package io.hypha.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * A swarm of real js-libp2p Kademlia DHT servers ({@code js/dht-swarm.mjs}: {@code @libp2p/kad-dht} on
 * {@code /ipfs/kad/1.0.0}, loopback addresses kept, the {@code ipns} package's validator) in one Node 22 process.
 * Nodes are numbered from 0; {@link #newClient} adds DHT clients after them.
 */
public final class JsDhtSwarm implements AutoCloseable {
    /** How long forming the swarm may take (every node looks itself up once before "ready"). */
    static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    /** How long one command may take (a lookup is abandoned by the script after 60 s). */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);
    /** How many random earlier nodes each node dials before the self lookups. */
    static final int DEGREE = 3;

    /** What one js lookup did: its wall time, the requests it sent, how many failed, and who answered what. */
    public record Trace(double millis, int rpcs, int errors, List<Response> responses) {
        /** Whether {@code peer} answered a request of {@code type} (FIND_NODE, GET_PROVIDERS, GET_VALUE ...). */
        public boolean answered(PeerId peer, String type) {
            return responses.stream().anyMatch(r -> r.peer().equals(peer) && r.type().equals(type));
        }

        static Trace of(JsonNode n) {
            List<Response> rs = new ArrayList<>();
            n.path("responders").forEach(r -> rs.add(new Response(PeerId.parse(r.get("peer").asText()),
                    r.get("type").asText())));
            return new Trace(n.path("ms").asDouble(), n.path("rpcs").asInt(), n.path("errors").asInt(),
                    List.copyOf(rs));
        }
    }

    /** {@code peer} answered a request of {@code type}. */
    public record Response(PeerId peer, String type) {}

    /** The outcome of a lookup that finds peers (closest peers, a peer, providers). */
    public record Found(List<PeerInfo> peers, Trace trace) {}

    /** A js DHT client: its node number, and its routing table when {@link #newClient} returned. */
    public record Client(int node, List<PeerId> routingTable) {}

    /** An IPNS record the swarm resolved and checked with the ipns package's validator. */
    public record Resolved(String value, long sequence, PeerId from, Trace trace) {}

    private final JsLineProcess js;
    private final List<PeerInfo> nodes = new ArrayList<>();
    private final int servers;

    private JsDhtSwarm(JsLineProcess js) {
        this.js = js;
        js.ready().get("nodes").forEach(n -> nodes.add(info(n)));
        this.servers = nodes.size();
    }

    /** Starts {@code count} js DHT servers and forms them into a swarm. */
    public static JsDhtSwarm start(int count) throws IOException {
        return new JsDhtSwarm(JsLineProcess.start("dht-swarm.mjs",
                List.of("--nodes", Integer.toString(count), "--degree", Integer.toString(DEGREE)), START_TIMEOUT));
    }

    private static PeerInfo info(JsonNode n) {
        List<Multiaddr> addrs = new ArrayList<>();
        n.get("addrs").forEach(a -> addrs.add(Multiaddr.parse(a.asText()).withoutPeerId()));
        return new PeerInfo(PeerId.parse(n.get("peerId").asText()), List.copyOf(addrs));
    }

    private static List<PeerInfo> infos(JsonNode array) {
        List<PeerInfo> out = new ArrayList<>();
        array.forEach(n -> out.add(info(n)));
        return List.copyOf(out);
    }

    /** How many servers the swarm started with. */
    public int size() {
        return servers;
    }

    /** Node {@code i}: its peer id and listen addresses (without {@code /p2p}). */
    public synchronized PeerInfo node(int i) {
        return nodes.get(i);
    }

    public PeerId peerId(int i) {
        return node(i).peerId();
    }

    /** Node {@code i}'s first listen address, ending in {@code /p2p/<id>}. */
    public Multiaddr address(int i) {
        PeerInfo n = node(i);
        return n.addresses().get(0).withPeerId(n.peerId());
    }

    private JsonNode call(String cmd, int node, Map<String, ?> args) throws IOException, TimeoutException {
        Map<String, Object> all = new LinkedHashMap<>(args);
        all.put("node", node);
        return js.call(cmd, all, CALL_TIMEOUT);
    }

    /**
     * Starts a fresh js DHT client (clientMode: true, its periodic self query put off) that knows only
     * {@code address}; returns once that peer is in its routing table.
     */
    public synchronized Client newClient(Multiaddr address) throws IOException, TimeoutException {
        JsonNode r = js.call("newClient", Map.of("addr", address.toString()), CALL_TIMEOUT);
        nodes.add(info(r));
        List<PeerId> table = new ArrayList<>();
        r.get("table").forEach(p -> table.add(PeerId.parse(p.asText())));
        return new Client(r.get("node").asInt(), List.copyOf(table));
    }

    /** The peers in node {@code i}'s routing table. */
    public List<PeerId> routingTable(int i) throws IOException, TimeoutException {
        List<PeerId> out = new ArrayList<>();
        call("routingTable", i, Map.of()).get("peers").forEach(p -> out.add(PeerId.parse(p.asText())));
        return out;
    }

    /** Returns once {@code peer} is in node {@code i}'s routing table; fails if it is not within {@code timeout}. */
    public void awaitRoutingTablePeer(int i, PeerId peer, Duration timeout) throws IOException, TimeoutException {
        call("awaitRoutingTablePeer", i, Map.of("peer", peer.toString(), "timeoutMs", timeout.toMillis()));
    }

    /**
     * Returns the first of {@code nodes} to have {@code peer} in its routing table; fails if none has it within
     * {@code timeout}.
     */
    public int awaitAnyRoutingTablePeer(List<Integer> nodes, PeerId peer, Duration timeout)
            throws IOException, TimeoutException {
        return js.call("awaitAnyRoutingTablePeer", Map.of("nodes", nodes, "peer", peer.toString(), "timeoutMs",
                timeout.toMillis()), CALL_TIMEOUT).get("node").asInt();
    }

    /** Node {@code i} looks {@code peer} up over the network (its peer store is not consulted). */
    public Found findPeer(int i, PeerId peer) throws IOException, TimeoutException {
        JsonNode r = call("findPeer", i, Map.of("peer", peer.toString()));
        List<PeerInfo> found = r.path("found").isObject() ? List.of(info(r.get("found"))) : List.of();
        return new Found(found, Trace.of(r));
    }

    /** Node {@code i} looks for up to {@code count} providers of {@code cid}. */
    public Found findProviders(int i, Cid cid, int count) throws IOException, TimeoutException {
        JsonNode r = call("findProviders", i, Map.of("cid", cid.toString(), "count", count));
        return new Found(infos(r.get("providers")), Trace.of(r));
    }

    /** Node {@code i} announces it provides {@code cid}; returns how many servers took the record. */
    public int provide(int i, Cid cid) throws IOException, TimeoutException {
        return call("provide", i, Map.of("cid", cid.toString())).get("stored").asInt();
    }

    /** Node {@code i}'s lookup of the k closest servers to {@code key}. */
    public Found getClosestPeers(int i, byte[] key) throws IOException, TimeoutException {
        JsonNode r = call("getClosestPeers", i, Map.of("key", HexFormat.of().formatHex(key)));
        List<PeerInfo> peers = new ArrayList<>();
        r.get("peers").forEach(p -> peers.add(new PeerInfo(PeerId.parse(p.asText()), List.of())));
        return new Found(List.copyOf(peers), Trace.of(r));
    }

    /**
     * Node {@code i} signs an IPNS record (the ipns package) pointing its name at {@code value} and stores it with
     * PUT_VALUE; returns how many servers stored it.
     */
    public int publishIpns(int i, String value, long sequence) throws IOException, TimeoutException {
        return call("publishIpns", i, Map.of("value", value, "sequence", sequence)).get("stored").asInt();
    }

    /** Node {@code i} resolves the IPNS name of {@code name} with GET_VALUE and the ipns package's validator. */
    public Resolved resolveIpns(int i, PeerId name) throws IOException, TimeoutException {
        JsonNode r = call("resolveIpns", i, Map.of("name", name.toString()));
        return new Resolved(r.get("value").asText(), Long.parseLong(r.get("sequence").asText()),
                PeerId.parse(r.get("from").asText()), Trace.of(r));
    }

    /** What the js process printed on stderr so far (for failure messages). */
    public String stderr() {
        return js.stderr();
    }

    @Override
    public void close() {
        js.close();
    }
}
