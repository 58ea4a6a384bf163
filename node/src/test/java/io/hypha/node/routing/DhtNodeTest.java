package io.hypha.node.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import io.hypha.crypto.KeyType;
import io.hypha.multiaddr.DnsResolver;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import io.hypha.node.unixfs.ImportListener;
import io.hypha.peer.PeerId;
import io.hypha.testing.LocalDnsServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five nodes with repos on loopback TCP, configured as a user would (Routing.Type dhtserver, a Bootstrap list, one
 * entry a /dnsaddr/ resolved by a local DNS server): they join, content added on one is found from another, and
 * IPNS names published on one resolve on the others.
 */
class DhtNodeTest {
    static final long TIMEOUT_S = 60;
    static final int NODES = 5;

    @TempDir
    static Path tmp;

    private static LocalDnsServer dns;
    private static final List<Repo> repos = new ArrayList<>();
    private static final List<Node> nodes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dns = LocalDnsServer.start();
        for (int i = 0; i < NODES; i++) {
            Path dir = tmp.resolve("repo" + i);
            try (Repo r = Repo.init(dir, Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)))) {
                r.configFile().set("Routing.Type", TextNode.valueOf("dhtserver"));
                if (i == 1) {
                    r.configFile().bootstrapAdd(List.of("/dnsaddr/bootstrap.hypha.test/p2p/" + nodes.get(0).peerId()));
                } else if (i > 1) {
                    Node first = nodes.get(0);
                    r.configFile().bootstrapAdd(List.of(first.host().listenAddresses().get(0).withPeerId(first.peerId())
                            .toString(), nodes.get(i - 1).host().listenAddresses().get(0)
                                    .withPeerId(nodes.get(i - 1).peerId()).toString()));
                }
            }
            Repo repo = Repo.open(dir);
            repos.add(repo);
            Node node = Node.builder().repo(repo)
                    .dnsResolver(group -> DnsResolver.using(group, List.of(dns.address()))).start()
                    .get(TIMEOUT_S, TimeUnit.SECONDS);
            nodes.add(node);
            if (i == 0) {
                dns.addTxt("_dnsaddr.bootstrap.hypha.test", "dnsaddr=" + node.host().listenAddresses().get(0)
                        .withPeerId(node.peerId()));
            }
            node.dht().orElseThrow().bootstrapped().get(TIMEOUT_S, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Node n : nodes) {
            n.close();
        }
        for (Repo r : repos) {
            r.close();
        }
        dns.close();
    }

    private static Dht dht(int i) {
        return nodes.get(i).dht().orElseThrow();
    }

    @Test
    void aDnsaddrBootstrapEntryJoinsThroughTheLocalResolver() {
        assertTrue(dns.queries("_dnsaddr.bootstrap.hypha.test") >= 1);
        assertTrue(dht(1).routingTable().contains(nodes.get(0).peerId()), "node 1 found node 0 through /dnsaddr/");
        assertTrue(dht(1).mode() == io.hypha.protocol.kad.KadMode.SERVER);
        assertTrue(nodes.get(1).host().protocols().contains(io.hypha.protocol.kad.KadProtocol.ID));
    }

    @Test
    void contentAddedOnOneNodeIsFoundFromAnother() throws Exception {
        byte[] data = "provided by node three".getBytes(StandardCharsets.UTF_8);
        Cid root = nodes.get(3).content().add("f", new ByteArrayInputStream(data), Content.AddOptions.defaults(),
                ImportListener.NONE).get(TIMEOUT_S, TimeUnit.SECONDS).root();
        dht(3).provider().drained().get(TIMEOUT_S, TimeUnit.SECONDS);
        Set<PeerId> found = ConcurrentHashMap.newKeySet();
        int n = dht(4).findProviders(root, 5, p -> found.add(p.peerId())).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(1, n);
        assertEquals(Set.of(nodes.get(3).peerId()), found);
        // the same multihash under another CID version meets the same providers
        Set<PeerId> v1 = ConcurrentHashMap.newKeySet();
        dht(2).findProviders(root.toV1(), 5, p -> v1.add(p.peerId())).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(found, v1);
    }

    @Test
    void anIpnsNamePublishedOnOneNodeResolvesOnTheOthers() throws Exception {
        Cid target = nodes.get(2).content().add("g", new ByteArrayInputStream("ipns target".getBytes(
                StandardCharsets.UTF_8)), Content.AddOptions.defaults(), ImportListener.NONE)
                .get(TIMEOUT_S, TimeUnit.SECONDS).root();
        var key = nodes.get(2).content().privateKey("self").get(TIMEOUT_S, TimeUnit.SECONDS);
        Names.Published p = dht(2).names().publish(key, "/ipfs/" + target, Duration.ofHours(1), Duration.ofMinutes(1),
                false).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(nodes.get(2).peerId(), p.name().peerId());
        for (int i : new int[] {0, 4}) {
            assertEquals("/ipfs/" + target, dht(i).names().resolve("/ipns/" + p.name(), true).get(TIMEOUT_S,
                    TimeUnit.SECONDS));
        }
        // publishing again raises the sequence, and the new value wins
        Names.Published again = dht(2).names().publish(key, "/ipfs/" + target + "/x", Duration.ofHours(1),
                Duration.ofMinutes(1), false).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(p.sequence() + 1, again.sequence());
        assertEquals("/ipfs/" + target + "/x", dht(1).names().resolve(p.name().toString(), true)
                .get(TIMEOUT_S, TimeUnit.SECONDS));
    }

    @Test
    void aKeystoreKeyPublishesItsOwnName() throws Exception {
        nodes.get(4).content().keyGen("site", KeyType.ED25519, null).get(TIMEOUT_S, TimeUnit.SECONDS);
        var key = nodes.get(4).content().privateKey("site").get(TIMEOUT_S, TimeUnit.SECONDS);
        Names.Published p = dht(4).names().publish(key, "/ipfs/bafkqaaa", Duration.ofHours(1), Duration.ofMinutes(1),
                false).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(PeerId.fromPublicKey(key.publicKey()), p.name().peerId());
        assertEquals("/ipfs/bafkqaaa", dht(0).names().resolve(p.name().toString(), true).get(TIMEOUT_S,
                TimeUnit.SECONDS));
    }

    @Test
    void peersFindEachOther() throws Exception {
        var info = dht(1).findPeer(nodes.get(4).peerId()).get(TIMEOUT_S, TimeUnit.SECONDS);
        Multiaddr listen = nodes.get(4).host().listenAddresses().get(0);
        assertTrue(info.addresses().contains(listen), info + " lacks " + listen);
    }

    @Test
    void theDhtIsInTheMetrics() throws Exception {
        dht(1).getClosestPeers(nodes.get(3).peerId().bytes(), io.hypha.protocol.kad.QueryObserver.NONE)
                .get(TIMEOUT_S, TimeUnit.SECONDS);
        String text = nodes.get(1).metrics().scrape();
        assertTrue(text.contains("hypha_dht_routing_table_peers " + dht(1).routingTable().size()
                + ".0"), text);
        assertTrue(text.contains("hypha_dht_queries_total{kind=\"closest_peers\",outcome=\"converged\"}"), text);
        assertTrue(text.contains("hypha_dht_requests_sent_total{result=\"ok\",type=\"find_node\"}"), text);
        assertTrue(text.contains("hypha_dht_query_seconds_bucket{kind=\"closest_peers\""), text);
        assertTrue(nodes.get(0).metrics().scrape().contains("hypha_dht_requests_received_total{type=\"find_node\"}"));
    }
}
