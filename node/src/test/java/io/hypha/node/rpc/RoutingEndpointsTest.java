package io.hypha.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.repo.ApiConfig;
import io.hypha.node.routing.DhtTestNodes;
import io.hypha.node.unixfs.ImportListener;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kubo's routing, dht and name endpoints over real HTTP, on a node in a small DHT. */
class RoutingEndpointsTest {
    @TempDir
    static Path tmp;

    private static DhtTestNodes dht;
    private static RpcServer api;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        dht = new DhtTestNodes(tmp, 4);
        api = RpcServer.start(dht.node(3), Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), ApiConfig.DEFAULTS, () -> { })
                .get(30, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + io.hypha.transport.tcp.TcpTransport.toSocketAddress(api.address()).getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        dht.close();
    }

    private static HttpResponse<String> post(String command, String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v0/" + command + (query.isEmpty() ? "" : "?"
                + query))).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<JsonNode> lines(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> out = new ArrayList<>();
        for (String l : r.body().split("\n")) {
            if (!l.isBlank()) {
                out.add(JSON.readTree(l));
            }
        }
        return out;
    }

    private static String arg(String v) {
        return "arg=" + URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    @Test
    void findprovsStreamsProviderEvents() throws Exception {
        Node provider = dht.node(1);
        Cid root = provider.content().add("f", new ByteArrayInputStream("routing endpoints".getBytes()),
                Content.AddOptions.defaults(), ImportListener.NONE).get(30, TimeUnit.SECONDS).root();
        provider.dht().orElseThrow().provide(root).get(30, TimeUnit.SECONDS);
        List<JsonNode> events = lines(post("routing/findprovs", arg(root.toString()) + "&num-providers=1"));
        List<JsonNode> providers = events.stream().filter(e -> e.path("Type").asInt() == 4).toList();
        assertEquals(1, providers.size(), events.toString());
        assertEquals(provider.peerId().toString(), providers.get(0).path("Responses").path(0).path("ID").asText());
        assertTrue(providers.get(0).path("Responses").path(0).path("Addrs").size() > 0);
        // -v adds the lookup's progress: queries sent and peers' answers
        Cid other = dht.node(2).content().add("g", new ByteArrayInputStream("nobody provides this".getBytes()),
                Content.AddOptions.defaults(), ImportListener.NONE).get(30, TimeUnit.SECONDS).root();
        List<JsonNode> verbose = lines(post("routing/findprovs", arg(other.toString()) + "&verbose=true"));
        assertTrue(verbose.stream().anyMatch(e -> e.path("Type").asInt() == 0), verbose.toString());
    }

    @Test
    void findpeerAnswersTheFinalPeer() throws Exception {
        Node target = dht.node(0);
        List<JsonNode> events = lines(post("routing/findpeer", arg(target.peerId().toString())));
        JsonNode last = events.get(events.size() - 1);
        assertEquals(2, last.path("Type").asInt());
        assertEquals(target.peerId().toString(), last.path("Responses").path(0).path("ID").asText());
        assertTrue(last.path("Responses").path(0).path("Addrs").toString()
                .contains(target.host().listenAddresses().get(0).toString()), last.toString());
    }

    @Test
    void dhtQueryListsTheClosestServers() throws Exception {
        List<JsonNode> events = lines(post("dht/query", arg(dht.node(0).peerId().toString())));
        List<String> ids = events.stream().filter(e -> e.path("Type").asInt() == 2).map(e -> e.path("ID").asText())
                .toList();
        assertTrue(ids.contains(dht.node(0).peerId().toString()), ids.toString());
        assertEquals(3, ids.size(), "every other server: " + ids);
    }

    @Test
    void nameResolvesWhatNamePublishStored() throws Exception {
        HttpResponse<String> published = post("name/publish", arg("/ipfs/bafkqaaa") + "&lifetime=2h&ttl=1m");
        assertEquals(200, published.statusCode(), published.body());
        JsonNode p = JSON.readTree(published.body());
        assertEquals("/ipfs/bafkqaaa", p.path("Value").asText());
        assertTrue(p.path("Name").asText().startsWith("k51"), p.toString());
        HttpResponse<String> resolved = post("name/resolve", arg("/ipns/" + p.path("Name").asText()));
        assertEquals(200, resolved.statusCode(), resolved.body());
        assertEquals("/ipfs/bafkqaaa", JSON.readTree(resolved.body()).path("Path").asText());
        // routing get returns the record itself, base64 in a Value event, valid for the name
        List<JsonNode> got = lines(post("routing/get", arg("/ipns/" + p.path("Name").asText())));
        assertEquals(5, got.get(got.size() - 1).path("Type").asInt());
    }

    @Test
    void statsDhtListsTheBuckets() throws Exception {
        List<JsonNode> tables = lines(post("stats/dht", ""));
        assertEquals("wan", tables.get(0).path("Name").asText());
        int peers = 0;
        for (JsonNode b : tables.get(0).path("Buckets")) {
            peers += b.path("Peers").size();
        }
        assertEquals(3, peers);
    }

    @Test
    void badInputIsAClientError() throws Exception {
        assertEquals(400, post("routing/findprovs", arg("not-a-cid")).statusCode());
        assertEquals(400, post("routing/findprovs", arg("bafkqaaa") + "&num-providers=0").statusCode());
        assertEquals(400, post("routing/findprovs", arg("bafkqaaa") + "&num-providers="
                + (RoutingEndpoints.MAX_PROVIDERS + 1)).statusCode());
        assertEquals(400, post("routing/findpeer", arg("nobody")).statusCode());
        assertEquals(400, post("routing/get", arg("/example/key")).statusCode());
        assertEquals(400, post("name/publish", arg("/ipfs/bafkqaaa") + "&lifetime=soon").statusCode());
        assertEquals(400, post("name/resolve", arg("not a name")).statusCode());
        HttpResponse<String> noKey = post("name/publish", arg("/ipfs/bafkqaaa") + "&key=missing");
        assertEquals(500, noKey.statusCode());
        assertTrue(noKey.body().contains("no key named missing"), noKey.body());
    }
}
