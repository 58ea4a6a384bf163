package io.hypha.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.node.Node;
import io.hypha.node.repo.ApiConfig;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import io.hypha.node.repo.RepoConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network and admin endpoints over real HTTP against a node with a second node on loopback: swarm
 * connect, addrs and disconnect, ping streamed as ndjson, stats/bw from the host's counters, config and bootstrap
 * on the repo's config file.
 */
class NetworkEndpointsTest {
    @TempDir
    static Path tmp;

    private static Repo repo;
    private static Repo otherRepo;
    private static Node node;
    private static Node other;
    private static RpcServer api;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        repo = Repo.init(tmp.resolve("repo"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
        otherRepo = Repo.init(tmp.resolve("other"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
        node = Node.builder().repo(repo).start().get(30, TimeUnit.SECONDS);
        other = Node.builder().repo(otherRepo).start().get(30, TimeUnit.SECONDS);
        api = RpcServer.start(node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), ApiConfig.DEFAULTS, () -> { })
                .get(30, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + io.hypha.transport.tcp.TcpTransport.toSocketAddress(api.address()).getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        other.close();
        node.close();
        otherRepo.close();
        repo.close();
    }

    private static HttpResponse<String> post(String command, String... query) throws Exception {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < query.length; i += 2) {
            q.append(q.isEmpty() ? "?" : "&").append(query[i]).append('=')
                    .append(URLEncoder.encode(query[i + 1], StandardCharsets.UTF_8));
        }
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v0/" + command + q))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String command, String... query) throws Exception {
        HttpResponse<String> r = post(command, query);
        assertEquals(200, r.statusCode(), command + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private static String otherAddress() {
        return other.host().listenAddresses().get(0).withPeerId(other.peerId()).toString();
    }

    @Test
    void swarmConnectAddrsPingBandwidthAndDisconnect() throws Exception {
        String peer = other.peerId().toString();
        assertEquals("connect " + peer + " success", json("swarm/connect", "arg", otherAddress()).get("Strings").get(0).asText());
        assertEquals(1, json("swarm/peers").get("Peers").size());

        JsonNode addrs = json("swarm/addrs").get("Addrs");
        assertTrue(addrs.has(peer), addrs.toString());
        assertEquals(other.host().listenAddresses().get(0).toString(), addrs.get(peer).get(0).asText());
        JsonNode listen = json("swarm/addrs/listen").get("Strings");
        assertEquals(node.host().listenAddresses().get(0).toString(), listen.get(0).asText());
        JsonNode local = json("swarm/addrs/local", "id", "true").get("Strings");
        assertTrue(local.get(0).asText().endsWith("/p2p/" + node.peerId()), local.toString());

        HttpResponse<String> ping = post("ping", "arg", peer, "count", "2");
        assertEquals(200, ping.statusCode(), ping.body());
        List<JsonNode> lines = new ArrayList<>();
        for (String l : ping.body().split("\n")) {
            lines.add(JSON.readTree(l));
        }
        assertEquals(4, lines.size(), ping.body());
        assertEquals("PING " + peer + ".", lines.get(0).get("Text").asText());
        for (JsonNode pong : lines.subList(1, 3)) {
            assertTrue(pong.get("Success").asBoolean(), pong.toString());
            assertTrue(pong.get("Time").asLong() > 0, pong.toString());
            assertEquals("", pong.get("Text").asText());
        }
        assertTrue(lines.get(3).get("Text").asText().matches("Average latency: \\d+\\.\\d\\dms"), ping.body());
        assertEquals(500, post("ping", "arg", node.peerId().toString()).statusCode(), "no ping to self");
        assertEquals(400, post("ping", "arg", peer, "count", "0").statusCode());

        JsonNode bw = json("stats/bw");
        assertTrue(bw.get("TotalIn").asLong() > 0 && bw.get("TotalOut").asLong() > 0, bw.toString());
        assertTrue(bw.has("RateIn") && bw.has("RateOut"), bw.toString());

        assertEquals("disconnect " + peer + " success",
                json("swarm/disconnect", "arg", "/p2p/" + peer).get("Strings").get(0).asText());
        assertTrue(node.host().connections(other.peerId()).isEmpty());
        assertEquals("disconnect " + peer + " failure: not connected",
                json("swarm/disconnect", "arg", otherAddress()).get("Strings").get(0).asText());
        assertEquals(400, post("swarm/disconnect", "arg", "/ip4/127.0.0.1/tcp/1").statusCode(), "no peer named");
        assertEquals(400, post("swarm/disconnect", "arg", "/not/an/addr").statusCode());
    }

    @Test
    void configGetSetShowPersistToTheFile() throws Exception {
        JsonNode api = json("config", "arg", "Addresses.API");
        assertEquals("Addresses.API", api.get("Key").asText());
        assertEquals("/ip4/127.0.0.1/tcp/0", api.get("Value").asText());
        JsonNode set = json("config", "arg", "Datastore.StorageMax", "arg", "20GB");
        assertEquals("20GB", set.get("Value").asText());
        json("config", "arg", "Custom.Flag", "arg", "true", "bool", "true");
        json("config", "arg", "Addresses.Swarm", "arg", "[\"/ip4/127.0.0.1/tcp/4009\"]", "json", "true");
        JsonNode onDisk = JSON.readTree(Files.readString(repo.path().resolve(Repo.CONFIG_FILE)));
        assertEquals("20GB", onDisk.at("/Datastore/StorageMax").asText());
        assertTrue(onDisk.at("/Custom/Flag").asBoolean());
        assertEquals("/ip4/127.0.0.1/tcp/4009", onDisk.at("/Addresses/Swarm/0").asText());
        assertEquals("20GB", json("config", "arg", "Datastore.StorageMax").get("Value").asText());

        JsonNode show = json("config/show");
        assertEquals(repo.peerId().toString(), show.at("/Identity/PeerID").asText());
        assertFalse(show.get("Identity").has("PrivKey"), "the private key is never shown");
        assertEquals(400, post("config", "arg", "Identity.PrivKey").statusCode());
        assertEquals(400, post("config", "arg", "No.Such.Key").statusCode());
        HttpResponse<String> badType = post("config", "arg", "Addresses.Swarm", "arg", "{\"a\":1}", "json", "true");
        assertEquals(400, badType.statusCode(), badType.body());
        assertEquals("20GB", JSON.readTree(Files.readString(repo.path().resolve(Repo.CONFIG_FILE)))
                .at("/Datastore/StorageMax").asText(), "a refused change leaves the file as it was");
        assertEquals(400, post("config", "arg", "Addresses.Swarm", "arg", "not json", "json", "true").statusCode());
    }

    @Test
    void bootstrapListAddRemove() throws Exception {
        assertEquals(0, json("bootstrap/list").get("Peers").size());
        String peer = otherAddress();
        assertEquals(peer, json("bootstrap/add", "arg", peer).get("Peers").get(0).asText());
        assertEquals(0, json("bootstrap/add", "arg", peer).get("Peers").size(), "already listed");
        assertEquals(peer, json("bootstrap").get("Peers").get(0).asText());
        JsonNode defaults = json("bootstrap/add", "default", "true").get("Peers");
        assertEquals(RepoConfig.DEFAULT_BOOTSTRAP.size(), defaults.size());
        assertEquals(peer, json("bootstrap/rm", "arg", peer).get("Peers").get(0).asText());
        assertEquals(RepoConfig.DEFAULT_BOOTSTRAP.size(), json("bootstrap/rm", "all", "true").get("Peers").size());
        assertEquals(0, json("bootstrap/list").get("Peers").size());
        assertEquals(400, post("bootstrap/add", "arg", "/ip4/1.2.3.4/tcp/1").statusCode(), "a peer must be named");
        assertEquals(400, post("bootstrap/add").statusCode());
        assertEquals(400, post("bootstrap/rm").statusCode());
    }
}
