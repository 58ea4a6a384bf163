package io.hypha.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.repo.ApiConfig;
import io.hypha.node.routing.DhtTestNodes;
import io.hypha.node.rpc.RpcServer;
import io.hypha.node.unixfs.ImportListener;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hypha routing|dht|name|stats dht} through a node's RPC API, printed as Kubo prints them. */
class RoutingCliTest {
    @TempDir
    static Path tmp;

    private static DhtTestNodes dht;
    private static RpcServer api;
    private static String apiAddress;

    @BeforeAll
    static void start() throws Exception {
        dht = new DhtTestNodes(tmp, 3);
        api = RpcServer.start(dht.node(2), Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), ApiConfig.DEFAULTS, () -> { })
                .get(30, TimeUnit.SECONDS);
        apiAddress = api.address().toString();
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        dht.close();
    }

    private static CliRun ok(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--api";
        all[1] = apiAddress;
        System.arraycopy(args, 0, all, 2, args.length);
        CliRun r = CliRun.run(all);
        assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.err());
        return r;
    }

    private static CliRun fails(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--api";
        all[1] = apiAddress;
        System.arraycopy(args, 0, all, 2, args.length);
        CliRun r = CliRun.run(all);
        assertTrue(r.exit() != 0, String.join(" ", args) + " succeeded: " + r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        return r;
    }

    @Test
    void findprovsPrintsEachProvider() throws Exception {
        Node provider = dht.node(0);
        Cid root = provider.content().add("f", new ByteArrayInputStream("cli routing".getBytes(StandardCharsets.UTF_8)),
                Content.AddOptions.defaults(), ImportListener.NONE).get(30, TimeUnit.SECONDS).root();
        provider.dht().orElseThrow().provide(root).get(30, TimeUnit.SECONDS);
        assertEquals(provider.peerId() + "\n", ok("routing", "findprovs", root.toString()).out());
        CliRun verbose = ok("routing", "findprovs", "-v", "-n", "1", root.toString());
        assertTrue(verbose.out().contains("provider: " + provider.peerId()), verbose.out());
    }

    @Test
    void findpeerPrintsTheAddresses() {
        Node target = dht.node(1);
        String out = ok("routing", "findpeer", target.peerId().toString()).out();
        assertTrue(out.lines().toList().contains(target.host().listenAddresses().get(0).toString()), out);
    }

    @Test
    void dhtQueryPrintsTheClosestServers() {
        String out = ok("dht", "query", dht.node(0).peerId().toString()).out();
        assertTrue(out.lines().toList().contains(dht.node(0).peerId().toString()), out);
    }

    @Test
    void namePublishThenResolve() {
        String published = ok("name", "publish", "--lifetime", "1h", "/ipfs/bafkqaaa").out().strip();
        assertTrue(published.matches("Published to k51\\w+: /ipfs/bafkqaaa"), published);
        String name = published.substring("Published to ".length(), published.indexOf(':'));
        assertEquals("/ipfs/bafkqaaa\n", ok("name", "resolve", name).out());
        assertEquals("/ipfs/bafkqaaa\n", ok("name", "resolve").out());
        assertEquals(name + "\n", ok("name", "publish", "-Q", "/ipfs/bafkqaaa").out());
    }

    @Test
    void routingPutThenGetAPublicKeyRecord() throws Exception {
        var key = io.hypha.crypto.PrivateKey.generate(io.hypha.crypto.KeyType.RSA);
        var peer = io.hypha.peer.PeerId.fromPublicKey(key.publicKey());
        Path file = tmp.resolve("pk.bin");
        Files.write(file, key.publicKey().encode());
        ok("routing", "put", "/pk/" + peer, file.toString());
        assertTrue(java.util.Arrays.equals(key.publicKey().encode(), ok("routing", "get", "/pk/" + peer).bytes()));
    }

    @Test
    void reprovideAnnouncesWhatTheNodeHoldsAndPrintsNothing() throws Exception {
        Node holder = dht.node(2);
        Cid root = holder.content().add("r", new ByteArrayInputStream("reprovided".getBytes(StandardCharsets.UTF_8)),
                Content.AddOptions.defaults(), ImportListener.NONE).get(30, TimeUnit.SECONDS).root();
        assertEquals("", ok("routing", "reprovide").out());
        assertEquals("", ok("bitswap", "reprovide").out()); // Kubo's deprecated alias
        java.util.Set<io.hypha.peer.PeerId> found = java.util.concurrent.ConcurrentHashMap.newKeySet();
        dht.node(0).dht().orElseThrow().kad().findProviders(root.multihash().bytes(), 1, p -> found.add(p.peerId()))
                .get(30, TimeUnit.SECONDS);
        assertEquals(java.util.Set.of(holder.peerId()), found);
    }

    @Test
    void statsDhtPrintsTheTable() {
        String out = ok("stats", "dht").out();
        assertTrue(out.startsWith("DHT wan"), out);
        assertTrue(out.contains(dht.node(0).peerId().toString()), out);
    }

    @Test
    void badArgumentsFailInOneLine() {
        fails("routing", "findprovs", "not-a-cid");
        fails("routing", "findpeer", "nobody");
        fails("routing", "get", "nokey");
        fails("name", "publish", "--key", "missing", "/ipfs/bafkqaaa");
        fails("routing", "findprovs", "-n", "0", "bafkqaaa");
    }

    @Test
    void withoutADaemonTheCommandsSaySo() {
        CliRun r = CliRun.run("--api", "/ip4/127.0.0.1/tcp/1", "routing", "findpeer",
                dht.node(0).peerId().toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}
