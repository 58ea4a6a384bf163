package io.hypha.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multicodec;
import io.hypha.multiformats.Multihash;
import io.hypha.node.Node;
import io.hypha.node.ipns.Ipns;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import io.hypha.node.repo.RoutingConfig;
import io.hypha.node.routing.Dht;
import io.hypha.node.routing.Names;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerInfo;
import io.hypha.protocol.kad.Kad;
import io.hypha.protocol.kad.KadEvent;
import io.hypha.protocol.kad.KadPeer;
import io.hypha.protocol.kad.QueryObserver;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hypha's Kademlia DHT among 20 real js-libp2p kad-dht servers ({@link JsDhtSwarm}) on loopback, both roles:
 * Hypha as a DHT server that js nodes put in their routing tables and ask (FIND_NODE, GET_PROVIDERS, GET_VALUE,
 * and a fresh js client that knows only Hypha), and Hypha as the one looking up (peers, providers, IPNS names).
 */
class JsKadInteropTest {
    static final int JS_NODES = 20;
    /** The js nodes the Hypha server is given as bootstrap peers. */
    static final int BOOTSTRAP_NODES = 3;
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static final Duration IPNS_LIFETIME = Duration.ofHours(1);
    /** Shorter than {@link JsDhtSwarm#CALL_TIMEOUT}, so that js reports what it saw. */
    static final Duration ROUTING_TABLE_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    private static JsDhtSwarm swarm;
    private static Repo repo;
    private static Node hypha;
    /** A js server with us in its routing table. */
    private static int witness;
    private static final SecureRandom RANDOM = new SecureRandom();

    @BeforeAll
    static void start() throws Exception {
        swarm = JsDhtSwarm.start(JS_NODES);
        repo = Repo.init(tmp.resolve("server"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
        List<PeerInfo> bootstrap = IntStream.range(0, BOOTSTRAP_NODES).mapToObj(swarm::node).toList();
        Supplier<CompletableFuture<List<PeerInfo>>> peers = () -> CompletableFuture.completedFuture(bootstrap);
        hypha = Node.builder().repo(repo).routing(RoutingConfig.Type.DHT_SERVER).bootstrapPeers(peers).start()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        // The node bootstraps in the background; this second bootstrap is one to wait for.
        int table = dht(hypha).kad().bootstrap(peers).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(table >= BOOTSTRAP_NODES, "routing table after bootstrap: " + table);
        // A js node adds us once identify says we serve the protocol and a ping answers; the first to do so is
        // the one whose lookups must reach us.
        witness = swarm.awaitAnyRoutingTablePeer(IntStream.range(0, JS_NODES).boxed().toList(), hypha.peerId(),
                ROUTING_TABLE_TIMEOUT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (hypha != null) {
            hypha.close();
        }
        if (repo != null) {
            repo.close();
        }
        if (swarm != null) {
            swarm.close();
        }
    }

    private static Dht dht(Node node) {
        return node.dht().orElseThrow();
    }

    private static Multiaddr address(Node node) {
        return node.host().listenAddresses().get(0).withPeerId(node.peerId());
    }

    private static Cid randomCid() {
        byte[] data = new byte[32];
        RANDOM.nextBytes(data);
        return Cid.v1(Multicodec.RAW, Multihash.digest(HashAlgorithm.SHA2_256, data));
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static String context() {
        return "\njs stderr:\n" + swarm.stderr();
    }

    @Test
    void hyphaServerEntersJsRoutingTablesAndAnswersFindNodeAndGetProviders() throws Exception {
        PeerId us = hypha.peerId();
        assertTrue(swarm.routingTable(witness).contains(us), "js node " + witness + context());
        // Looking up our own id, js asks us first: we are the closest server to it.
        JsDhtSwarm.Found closest = swarm.getClosestPeers(witness, us.bytes());
        assertTrue(closest.trace().answered(us, "FIND_NODE"), closest + context());
        assertTrue(closest.peers().stream().anyMatch(p -> p.peerId().equals(us)), closest.toString());
        // A js lookup starts with the k = 20 closest peers of its table; with 21 servers that is every other
        // server, so a js node that has us in its table asks us in its first round, whatever the key.
        JsDhtSwarm.Found none = swarm.findProviders(witness, randomCid(), 1);
        assertTrue(none.trace().answered(us, "GET_PROVIDERS"), none + context());
        assertTrue(none.peers().isEmpty(), none.toString());
    }

    @Test
    void freshJsClientThatKnowsOnlyHyphaFindsAJsPeerThroughIt() throws Exception {
        JsDhtSwarm.Client fresh = swarm.newClient(address(hypha));
        int client = fresh.node();
        PeerId clientId = swarm.peerId(client);
        assertEquals(List.of(hypha.peerId()), fresh.routingTable());
        int target = JS_NODES - 1;
        JsDhtSwarm.Found found = swarm.findPeer(client, swarm.peerId(target));
        assertEquals(1, found.peers().size(), found + context());
        PeerInfo info = found.peers().get(0);
        assertEquals(swarm.peerId(target), info.peerId());
        assertTrue(info.addresses().containsAll(swarm.node(target).addresses()), info.toString());
        assertTrue(found.trace().answered(hypha.peerId(), "FIND_NODE"), found.toString());
        // a DHT client does not serve the protocol, so it must not enter a server's routing table
        assertFalse(dht(hypha).routingTable().contains(clientId));
    }

    @Test
    void freshHyphaClientThatKnowsOneJsNodeFindsJsPeersAndProviders() throws Exception {
        Repo freshRepo = Repo.init(tmp.resolve("client"),
                Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
        try (Node fresh = Node.builder().repo(freshRepo).routing(RoutingConfig.Type.DHT_CLIENT)
                .bootstrapPeers(() -> CompletableFuture.completedFuture(List.of())).start()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            Kad kad = dht(fresh).kad();
            PeerId entry = swarm.peerId(0);
            CompletableFuture<Void> entered = new CompletableFuture<>();
            kad.subscribe(e -> {
                if (e instanceof KadEvent.PeerAdded added && added.peer().equals(entry)) {
                    entered.complete(null);
                }
            });
            await(fresh.host().connect(swarm.address(0)));
            await(entered);
            assertEquals(List.of(entry), kad.routingTablePeers());

            int target = JS_NODES - 2;
            PeerId targetId = swarm.peerId(target);
            assertTrue(fresh.host().connections(targetId).isEmpty());
            Set<PeerId> answered = ConcurrentHashMap.newKeySet();
            QueryObserver observer = new QueryObserver() {
                @Override
                public void answered(PeerId peer, List<KadPeer> closer) {
                    answered.add(peer);
                }
            };
            PeerInfo info = await(kad.findPeer(targetId, observer));
            assertEquals(targetId, info.peerId());
            assertTrue(info.addresses().containsAll(swarm.node(target).addresses()), info.toString());
            assertTrue(answered.contains(entry), answered.toString());

            int provider = 5;
            Cid cid = randomCid();
            assertTrue(swarm.provide(provider, cid) > 0, context());
            List<PeerInfo> providers = new CopyOnWriteArrayList<>();
            int n = await(dht(fresh).findProviders(cid, 1, providers::add));
            assertEquals(1, n);
            assertEquals(swarm.peerId(provider), providers.get(0).peerId());
            assertTrue(providers.get(0).addresses().containsAll(swarm.node(provider).addresses()),
                    providers.toString());
        } finally {
            freshRepo.close();
        }
    }

    @Test
    void jsFindsHyphaProviderRecords() throws Exception {
        Cid cid = randomCid();
        int stored = await(dht(hypha).provide(cid));
        assertTrue(stored > 0, "servers that took the record: " + stored);
        JsDhtSwarm.Found found = swarm.findProviders(JS_NODES / 2, cid, 1);
        assertEquals(List.of(hypha.peerId()), found.peers().stream().map(PeerInfo::peerId).toList(), found + context());
        assertTrue(found.peers().get(0).addresses().contains(hypha.host().listenAddresses().get(0)), found.toString());
    }

    @Test
    void ipnsNamesPublishedOnEitherSideResolveOnTheOther() throws Exception {
        PeerId us = hypha.peerId();
        String ours = "/ipfs/" + randomCid();
        Names.Published published = await(dht(hypha).names().publish(repo.privateKey(), ours, IPNS_LIFETIME,
                Ipns.DEFAULT_TTL, false));
        // resolved by js with the ipns package's validator; we hold the record too and answer GET_VALUE
        JsDhtSwarm.Resolved inJs = swarm.resolveIpns(witness, us);
        assertEquals(ours, inJs.value(), context());
        assertEquals(published.sequence(), inJs.sequence());
        assertTrue(inJs.trace().answered(us, "GET_VALUE"), inJs.toString());

        int publisher = 4;
        String theirs = "/ipfs/" + randomCid();
        assertTrue(swarm.publishIpns(publisher, theirs, 3) > 0, context());
        String resolved = await(dht(hypha).names().resolve("/ipns/" + swarm.peerId(publisher), true));
        assertEquals(theirs, resolved);
    }
}
