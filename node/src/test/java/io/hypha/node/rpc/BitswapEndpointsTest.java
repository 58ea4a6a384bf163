package io.hypha.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypha.block.Block;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.dag.DagStat;
import io.hypha.node.repo.ApiConfig;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import io.hypha.node.repo.RoutingConfig;
import io.hypha.node.unixfs.ImportListener;
import io.hypha.protocol.bitswap.BitswapConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubo's bitswap endpoints over real HTTP: node B (serving the API) fetches a file from node A over loopback, and
 * {@code bitswap/stat}, {@code bitswap/ledger} and {@code bitswap/wantlist} answer with Kubo's keys and the counts
 * of that exchange; bad input and an offline node are refused with Kubo's error JSON; the node's metrics carry the
 * same figures.
 */
class BitswapEndpointsTest {
    private static final long TIMEOUT_S = 60;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Long enough that a want nobody answers is still open while the test looks at it. */
    private static final Duration WANT_TIMEOUT = Duration.ofMinutes(10);

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Node node(String name, boolean offline) throws Exception {
        return node(name, offline, BitswapConfig.defaults().withWantTimeout(WANT_TIMEOUT));
    }

    private Node node(String name, boolean offline, BitswapConfig bitswap) throws Exception {
        Repo repo = Repo.init(tmp.resolve(name), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
        open.add(repo);
        Node node = Node.builder().repo(repo).routing(RoutingConfig.Type.NONE).offline(offline)
                .bitswapConfig(bitswap)
                .start().get(TIMEOUT_S, TimeUnit.SECONDS);
        open.add(node);
        return node;
    }

    /** The base URL of an RPC API served by {@code node}. */
    private String api(Node node) throws Exception {
        RpcServer api = RpcServer.start(node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), ApiConfig.DEFAULTS, () -> { })
                .get(TIMEOUT_S, TimeUnit.SECONDS);
        open.add(api);
        return "http://127.0.0.1:" + io.hypha.transport.tcp.TcpTransport.toSocketAddress(api.address()).getPort();
    }

    private static HttpResponse<String> post(String base, String command, String... query) throws Exception {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < query.length; i += 2) {
            q.append(q.isEmpty() ? "?" : "&").append(query[i]).append('=')
                    .append(URLEncoder.encode(query[i + 1], StandardCharsets.UTF_8));
        }
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v0/" + command + q))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String base, String command, String... query) throws Exception {
        HttpResponse<String> r = post(base, command, query);
        assertEquals(200, r.statusCode(), command + ": " + r.body());
        return JSON.readTree(r.body());
    }

    /** A refusal in Kubo's shape, {@code {"Message","Code","Type":"error"}}, with this status and message. */
    private static void refused(HttpResponse<String> r, int status, String message) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode e = JSON.readTree(r.body());
        assertEquals(Set.of("Message", "Code", "Type"), names(e), r.body());
        assertEquals(status == 400 ? 1 : 0, e.path("Code").asInt(), r.body());
        assertEquals("error", e.path("Type").asText());
        assertTrue(e.path("Message").asText().contains(message), r.body());
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Waits for what another node's event loop does in its own time, failing after the timeout. */
    private static void eventually(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.onSpinWait();
        }
    }

    private static void connect(Node from, Node to) throws Exception {
        from.host().connect(to.peerId(), to.host().listenAddresses()).get(TIMEOUT_S, TimeUnit.SECONDS);
        eventually("Bitswap never learned of the peer",
                () -> from.bitswap().orElseThrow().stats().peers().contains(to.peerId()));
        eventually("the peer's Bitswap never learned of us",
                () -> to.bitswap().orElseThrow().stats().peers().contains(from.peerId()));
    }

    private static final Set<String> STAT_KEYS = Set.of("BlocksReceived", "BlocksSent", "DataReceived", "DataSent",
            "DupBlksReceived", "DupDataReceived", "MessagesReceived", "Peers", "ProvideBufLen", "Wantlist");

    @Test
    void statLedgerAndMetricsCountAFetch() throws Exception {
        Node a = node("a", false);
        Node b = node("b", false);
        String apiA = api(a);
        String apiB = api(b);
        byte[] data = new byte[700_000]; // three chunks and a root: a DAG, not one block
        new Random(3).nextBytes(data);
        Cid root = a.content().add("f", new ByteArrayInputStream(data), Content.AddOptions.defaults(),
                ImportListener.NONE).get(TIMEOUT_S, TimeUnit.SECONDS).root();
        DagStat dag = a.content().dagStat(List.of(root)).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(4, dag.uniqueBlocks());

        JsonNode idle = json(apiB, "bitswap/stat");
        assertEquals(STAT_KEYS, names(idle), idle.toString());
        assertEquals(0, idle.path("BlocksReceived").asLong());
        assertEquals(0, idle.path("Peers").size());

        connect(b, a);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.content().cat(root, 0, -1, out).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(data.length, out.size());

        JsonNode s = json(apiB, "bitswap/stat", "verbose", "true", "human", "true");
        assertEquals(STAT_KEYS, names(s), s.toString());
        assertEquals(dag.uniqueBlocks(), s.path("BlocksReceived").asLong(), s.toString());
        assertEquals(dag.totalSize(), s.path("DataReceived").asLong(), s.toString());
        assertEquals(0, s.path("BlocksSent").asLong());
        assertEquals(0, s.path("DataSent").asLong());
        assertEquals(0, s.path("DupBlksReceived").asLong(), "one peer sends each block once");
        assertEquals(0, s.path("DupDataReceived").asLong());
        assertTrue(s.path("MessagesReceived").asLong() >= 1, s.toString());
        assertTrue(s.path("MessagesReceived").asLong() <= dag.uniqueBlocks() * 3, "not a message per byte: " + s);
        assertEquals(0, s.path("ProvideBufLen").asLong(), "no DHT, nothing to provide");
        assertEquals(JSON.readTree("[\"" + a.peerId() + "\"]"), s.path("Peers"));
        assertTrue(s.path("Wantlist").isArray() && s.path("Wantlist").isEmpty(), s.toString());

        // A's side: what it sent to B, counted once A's loop has accounted the last message
        eventually("A never counted what it sent",
                () -> a.bitswap().orElseThrow().ledger(b.peerId()).bytesSent() >= dag.totalSize());
        JsonNode l = json(apiA, "bitswap/ledger", "arg", b.peerId().toString());
        assertEquals(Set.of("Exchanged", "Peer", "Recv", "Sent", "Value"), names(l), l.toString());
        assertEquals(b.peerId().toString(), l.path("Peer").asText());
        assertEquals(dag.totalSize(), l.path("Sent").asLong(), l.toString());
        assertEquals(0, l.path("Recv").asLong());
        assertEquals((double) dag.totalSize(), l.path("Value").asDouble(), 1e-9, "sent / (received + 1)");
        assertTrue(l.path("Exchanged").asLong() > 0, l.toString());
        JsonNode sa = json(apiA, "bitswap/stat");
        assertEquals(dag.uniqueBlocks(), sa.path("BlocksSent").asLong(), sa.toString());
        assertEquals(dag.totalSize(), sa.path("DataSent").asLong(), sa.toString());
        // B's ledger with A: the mirror image, and a peer never met has an empty ledger, as in Kubo
        JsonNode lb = json(apiB, "bitswap/ledger", "arg", "/p2p/" + a.peerId());
        assertEquals(dag.totalSize(), lb.path("Recv").asLong(), lb.toString());
        assertEquals(0, lb.path("Sent").asLong());
        JsonNode stranger = json(apiB, "bitswap/ledger", "arg", "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
        assertEquals(0, stranger.path("Sent").asLong() + stranger.path("Recv").asLong() + stranger.path("Exchanged")
                .asLong(), stranger.toString());

        // the metrics, as Prometheus scrapes them from the API port, carry the same figures
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(apiB + "/debug/metrics/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertEquals(dag.uniqueBlocks(), sample(metrics, "hypha_bitswap_blocks_received_total"), metrics);
        assertEquals(dag.totalSize(), sample(metrics, "hypha_bitswap_received_bytes_total"));
        assertTrue(sample(metrics, "hypha_bitswap_messages_received_total") >= 1);
        assertEquals(1, sample(metrics, "hypha_bitswap_peers"));
        assertEquals(0, sample(metrics, "hypha_bitswap_wants"));
        assertEquals(0, sample(metrics, "hypha_bitswap_duplicate_blocks_total"));
        String metricsA = a.metrics().scrape();
        assertEquals(dag.uniqueBlocks(), sample(metricsA, "hypha_bitswap_blocks_sent_total"), metricsA);
        assertEquals(dag.totalSize(), sample(metricsA, "hypha_bitswap_sent_bytes_total"));
        for (String name : List.of("hypha_bitswap_blocks_received_total", "hypha_bitswap_received_bytes_total",
                "hypha_bitswap_blocks_sent_total", "hypha_bitswap_sent_bytes_total",
                "hypha_bitswap_duplicate_blocks_total", "hypha_bitswap_duplicate_bytes_total",
                "hypha_bitswap_messages_received_total", "hypha_bitswap_wants", "hypha_bitswap_peers")) {
            assertTrue(metrics.contains("# TYPE " + name + " "), name + " in\n" + metrics);
        }
    }

    /** The value of the one unlabelled sample named {@code name} in Prometheus text. */
    private static long sample(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(text);
        assertTrue(m.find(), name + " missing from\n" + text);
        return (long) Double.parseDouble(m.group(1));
    }

    /**
     * B wants a block from A, which lacks it and says so, and from C, a Bitswap client only that never answers: with
     * C's answer outstanding (and a long want timeout) B neither gives up nor is served, so the want stays open for as
     * long as the test looks, on B's side and in A's ledger of B (a DONT_HAVE does not end a want).
     */
    @Test
    void wantlistShowsAWantWhileItIsOpen() throws Exception {
        Node a = node("a", false);
        Node b = node("b", false);
        Node silent = node("c", false, BitswapConfig.defaults().withWantTimeout(WANT_TIMEOUT).withServer(false));
        String apiA = api(a);
        String apiB = api(b);
        assertEquals(JSON.readTree("{\"Keys\":[]}"), json(apiB, "bitswap/wantlist"), "idle: nothing wanted");
        connect(b, a);
        connect(b, silent);
        Block nobodyHas = Block.raw("a block no node holds".getBytes(StandardCharsets.UTF_8));
        CompletableFuture<?> fetch = b.bitswap().orElseThrow().fetch(nobodyHas.cid());
        JsonNode wanted = JSON.readTree("{\"Keys\":[{\"/\":\"" + nobodyHas.cid() + "\"}]}");
        eventually("the want never reached B's wantlist", () -> !b.bitswap().orElseThrow().wantlist().isEmpty());
        assertEquals(wanted, json(apiB, "bitswap/wantlist"));
        assertEquals(wanted.path("Keys"), json(apiB, "bitswap/stat").path("Wantlist"));
        // naming ourselves is asking for our own wantlist, as in Kubo
        assertEquals(wanted, json(apiB, "bitswap/wantlist", "peer", b.peerId().toString()));
        // A holds B's want (it lacks the block, and keeps the want for when it gets it)
        eventually("A never heard B's want", () -> !a.bitswap().orElseThrow().wantlist(b.peerId()).isEmpty());
        assertEquals(wanted, json(apiA, "bitswap/wantlist", "peer", b.peerId().toString()));
        assertEquals(JSON.readTree("{\"Keys\":[]}"), json(apiA, "bitswap/wantlist"), "A itself wants nothing");
        assertFalse(fetch.isDone(), "the want is still open");

        // A gets the block: B receives it, the want closes on both sides
        a.content().blockPut(nobodyHas, false).get(TIMEOUT_S, TimeUnit.SECONDS);
        fetch.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(JSON.readTree("{\"Keys\":[]}"), json(apiB, "bitswap/wantlist"));
        eventually("A kept B's want after sending the block", () -> a.bitswap().orElseThrow().wantlist(b.peerId())
                .isEmpty());
        assertEquals(JSON.readTree("{\"Keys\":[]}"), json(apiA, "bitswap/wantlist", "peer", b.peerId().toString()));
    }

    @Test
    void badInputIsRefusedInKubosShape() throws Exception {
        Node a = node("a", false);
        String apiA = api(a);
        refused(post(apiA, "bitswap/ledger"), 400, "argument \"peer\" is required");
        refused(post(apiA, "bitswap/ledger", "arg", "not-a-peer"), 400, "invalid peer id \"not-a-peer\"");
        refused(post(apiA, "bitswap/wantlist", "peer", "not-a-peer"), 400, "invalid peer id \"not-a-peer\"");
        refused(post(apiA, "bitswap/wantlist", "peer", ""), 400, "invalid peer id");
        assertEquals(404, post(apiA, "bitswap/unwant").statusCode(), "Kubo dropped unwant");
        // reprovide needs a DHT, which this node does not run
        refused(post(apiA, "bitswap/reprovide"), 500, "not a DHT");
    }

    @Test
    void anOfflineNodeRefusesEveryBitswapCommand() throws Exception {
        Node off = node("off", true);
        String api = api(off);
        // Kubo: stat is the client's mistake ("unable to run offline: ..."), the others are plain ErrNotOnline
        refused(post(api, "bitswap/stat"), 400, "unable to run offline: this command must be run in online mode");
        refused(post(api, "bitswap/wantlist"), 500, "this command must be run in online mode");
        refused(post(api, "bitswap/ledger", "arg", off.peerId().toString()), 500,
                "this command must be run in online mode");
        refused(post(api, "bitswap/reprovide"), 500, "this command must be run in online mode");
        assertFalse(off.metrics().scrape().contains("hypha_bitswap_"), "no Bitswap, no Bitswap metrics");
    }
}
