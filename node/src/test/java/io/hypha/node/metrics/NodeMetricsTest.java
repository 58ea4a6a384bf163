package io.hypha.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.repo.ApiConfig;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import io.hypha.node.rpc.RpcServer;
import io.hypha.node.unixfs.ImportListener;
import io.hypha.transport.tcp.TcpTransport;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real nodes on loopback, each on its own repo: B connects to A and pings it, A adds and serves content, its RPC
 * API is called (answers 200, 400, 404, 405, 413, 500), garbage is sent to its swarm port; then A's metrics are scraped over
 * HTTP from {@code /debug/metrics/prometheus} and B's through the library, and every figure is checked.
 */
class NodeMetricsTest {
    private static final long TIMEOUT_S = 30;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PING = "/ipfs/ping/1.0.0";

    @TempDir
    static Path tmp;

    private static Repo repoA;
    private static Repo repoB;
    private static Node a;
    private static Node b;
    private static RpcServer api;
    private static String base;
    private static final byte[] DATA = new byte[300_000];
    private static Cid file;
    private static byte[] catBody;

    @BeforeAll
    static void start() throws Exception {
        repoA = Repo.init(tmp.resolve("a"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
        repoB = Repo.init(tmp.resolve("b"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
        a = Node.builder().repo(repoA).start().get(TIMEOUT_S, TimeUnit.SECONDS);
        b = Node.builder().repo(repoB).start().get(TIMEOUT_S, TimeUnit.SECONDS);
        api = RpcServer.start(a, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), ApiConfig.DEFAULTS, () -> { })
                .get(TIMEOUT_S, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + TcpTransport.toSocketAddress(api.address()).getPort();

        // garbage on A's swarm port first: a failed handshake, counted long before the scrape at the end
        sendGarbage(TcpTransport.toSocketAddress(a.host().listenAddresses().get(0)));

        b.host().connect(a.host().listenAddresses().get(0).withPeerId(a.peerId())).get(TIMEOUT_S, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            b.ping().ping(a.peerId()).get(TIMEOUT_S, TimeUnit.SECONDS);
        }

        new Random(5).nextBytes(DATA);
        file = a.content().add("f", new ByteArrayInputStream(DATA), Content.AddOptions.defaults(), ImportListener.NONE)
                .get(TIMEOUT_S, TimeUnit.SECONDS).root();
        HttpResponse<byte[]> cat = post("/api/v0/cat?arg=" + file);
        assertEquals(200, cat.statusCode());
        catBody = cat.body();
        assertEquals(200, post("/api/v0/version").statusCode());
        assertEquals(200, post("/api/v0/version").statusCode());
        assertEquals(400, post("/api/v0/cat?arg=notacid").statusCode());
        // a valid CID the store lacks: a blockstore miss, answered 500
        assertEquals(500, post("/api/v0/cat?arg=bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku").statusCode());
        assertEquals(404, post("/api/v0/no/such/command").statusCode());
        assertEquals(405, send(HttpRequest.newBuilder(URI.create(base + "/api/v0/version")).GET()).statusCode());
        // refused from its header by the body limit, before the API's handler sees it
        InetSocketAddress apiAt = TcpTransport.toSocketAddress(api.address());
        try (Socket s = new Socket(apiAt.getAddress(), apiAt.getPort())) {
            s.getOutputStream().write(("POST /api/v0/version HTTP/1.1\r\nHost: x\r\nContent-Length: "
                    + (RpcServer.MAX_REQUEST_BYTES + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals("HTTP/1.1 413", new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        b.close();
        a.close();
        repoB.close();
        repoA.close();
    }

    private static void sendGarbage(InetSocketAddress at) throws Exception {
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
            OutputStream out = s.getOutputStream();
            out.write("\u0005hello, this is not multistream-select\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // until the node closes it
            }
        }
    }

    private static HttpResponse<byte[]> post(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<String> scrapeA(String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + "/debug/metrics/prometheus")).GET();
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ScrapedMetrics scrapedA() throws Exception {
        HttpResponse<String> r = scrapeA();
        assertEquals(200, r.statusCode(), r.body());
        return ScrapedMetrics.parse(r.body());
    }

    @Test
    void theEndpointServesPrometheusTextWithGet() throws Exception {
        HttpResponse<String> r = scrapeA();
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.body().contains("# TYPE hypha_connections_opened_total counter"), r.body());
        // every line parses (ScrapedMetrics fails on any other)
        ScrapedMetrics m = ScrapedMetrics.parse(r.body());
        assertEquals(1, m.value("hypha_info"));
    }

    @Test
    void connectionsStreamsBytesAndHandshakesAreCountedByDirection() throws Exception {
        ScrapedMetrics m = scrapedA();
        assertEquals(1, m.value("hypha_connections_opened_total", "transport", "tcp", "direction", "inbound"));
        assertEquals(0, m.value("hypha_connections_opened_total", "direction", "outbound"));
        assertEquals(1, m.value("hypha_connections", "direction", "inbound"));
        assertEquals(0, m.value("hypha_connections", "direction", "outbound"));
        assertEquals(3, m.value("hypha_streams_opened_total", "protocol", PING, "direction", "inbound"));
        assertEquals(0, m.value("hypha_streams_opened_total", "protocol", PING, "direction", "outbound"));
        // identify runs both ways on a new connection
        assertTrue(m.value("hypha_streams_opened_total", "protocol", "/ipfs/id/1.0.0", "direction", "inbound") >= 1);
        assertTrue(m.value("hypha_network_received_bytes_total") > 0);
        assertTrue(m.value("hypha_network_sent_bytes_total") > 0);
        assertEquals(1, m.value("hypha_handshakes_total", "security", "/noise", "direction", "inbound", "result", "success"));
        assertEquals(1, m.value("hypha_handshakes_total", "direction", "inbound", "result", "negotiation"),
                "the garbage sent to the swarm port");
        assertEquals(2, m.value("hypha_handshakes_started_total", "direction", "inbound"));

        ScrapedMetrics mb = ScrapedMetrics.parse(b.metrics().scrape());
        assertEquals(1, mb.value("hypha_connections_opened_total", "transport", "tcp", "direction", "outbound"));
        assertEquals(0, mb.value("hypha_connections_opened_total", "direction", "inbound"));
        assertEquals(3, mb.value("hypha_streams_opened_total", "protocol", PING, "direction", "outbound"));
        assertEquals(1, mb.value("hypha_handshakes_total", "direction", "outbound", "result", "success"));
        assertEquals(0, mb.value("hypha_handshakes_total", "result", "negotiation"));
    }

    @Test
    void blockstoreReadsWritesAndMissesAreCounted() throws Exception {
        assertTrue(Arrays.equals(DATA, catBody));
        ScrapedMetrics m = scrapedA();
        assertTrue(m.value("hypha_blockstore_writes_total") >= 2, "a 300 kB file is several blocks");
        assertTrue(m.value("hypha_blockstore_written_bytes_total") > DATA.length);
        assertTrue(m.value("hypha_blockstore_reads_total", "result", "hit") >= 2);
        assertTrue(m.value("hypha_blockstore_read_bytes_total") >= DATA.length, "cat read every leaf");
        assertTrue(m.value("hypha_blockstore_reads_total", "result", "miss") >= 1, "the absent CID");

        ScrapedMetrics mb = ScrapedMetrics.parse(b.metrics().scrape());
        assertEquals(0, mb.value("hypha_blockstore_writes_total"), "B stored nothing: its figures are its own");
        assertEquals(0, mb.value("hypha_blockstore_reads_total"));
    }

    @Test
    void rpcRequestsAreCountedByEndpointAndStatus() throws Exception {
        ScrapedMetrics m = scrapedA();
        assertEquals(2, m.value("hypha_rpc_requests_total", "endpoint", "version", "status", "200"));
        assertEquals(1, m.value("hypha_rpc_requests_total", "endpoint", "version", "status", "405"));
        assertEquals(1, m.value("hypha_rpc_requests_total", "endpoint", "version", "status", "413"));
        assertEquals(1, m.value("hypha_rpc_requests_total", "endpoint", "cat", "status", "200"));
        assertEquals(1, m.value("hypha_rpc_requests_total", "endpoint", "cat", "status", "400"));
        assertEquals(1, m.value("hypha_rpc_requests_total", "endpoint", "cat", "status", "500"));
        assertEquals(1, m.value("hypha_rpc_requests_total", "endpoint", "unknown", "status", "404"));
        // a scrape is counted once answered: the next one shows it
        assertTrue(scrapedA().value("hypha_rpc_requests_total", "endpoint", "debug/metrics/prometheus", "status", "200")
                >= 1);
        assertFalse(ScrapedMetrics.parse(b.metrics().scrape()).value("hypha_rpc_requests_total") > 0,
                "B serves no API");
    }

    @Test
    void aForeignOriginIsRefusedAsEverywhereOnTheApi() throws Exception {
        assertEquals(403, scrapeA("Origin", "http://evil.example").statusCode());
        assertEquals(403, scrapeA("Referer", "http://evil.example/page").statusCode());
        assertEquals(403, scrapeA("User-Agent", "Mozilla/5.0").statusCode());
        assertEquals(405, send(HttpRequest.newBuilder(URI.create(base + "/debug/metrics/prometheus"))
                .PUT(HttpRequest.BodyPublishers.noBody())).statusCode());
    }

    @Test
    void twoNodesInOneJvmHaveTheirOwnRegistries() {
        assertNotSame(a.metrics().registry(), b.metrics().registry());
        assertNotSame(PrometheusRegistry.defaultRegistry, a.metrics().registry());
        assertFalse(PrometheusRegistry.defaultRegistry.scrape().stream()
                .anyMatch(s -> s.getMetadata().getName().startsWith("hypha_")), "nothing in the global registry");
        b.metrics().gatewayRequest("ipfs", 200);
        b.metrics().gatewayRequest("/ipfs/" + file, 404);
        ScrapedMetrics mb = ScrapedMetrics.parse(b.metrics().scrape());
        assertEquals(1, mb.value("hypha_gateway_requests_total", "kind", "ipfs", "status", "200"));
        assertEquals(1, mb.value("hypha_gateway_requests_total", "kind", "other", "status", "404"),
                "a path is never a label");
        assertEquals(0, ScrapedMetrics.parse(a.metrics().scrape()).value("hypha_gateway_requests_total"));
    }
}
