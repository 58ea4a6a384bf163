package io.hypha.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypha.node.repo.ApiConfig;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import io.hypha.node.unixfs.ImportListener;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RPC API over real HTTP with the JDK's client: Kubo's protections, answers and errors. */
class RpcServerTest {
    @TempDir
    static Path tmp;

    private static Repo repo;
    private static Node node;
    private static RpcServer api;
    private static String base;
    private static int port;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DATA = new byte[300_000];
    private static Cid file;

    @BeforeAll
    static void start() throws Exception {
        repo = Repo.init(tmp.resolve("repo"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
        node = Node.builder().repo(repo).start().get(30, TimeUnit.SECONDS);
        api = RpcServer.start(node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), ApiConfig.DEFAULTS, () -> { })
                .get(30, TimeUnit.SECONDS);
        port = io.hypha.transport.tcp.TcpTransport.toSocketAddress(api.address()).getPort();
        base = "http://127.0.0.1:" + port;
        new Random(3).nextBytes(DATA);
        file = node.content().add("f", new ByteArrayInputStream(DATA), Content.AddOptions.defaults(),
                ImportListener.NONE).get(30, TimeUnit.SECONDS).root();
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        node.close();
        repo.close();
    }

    private static HttpResponse<byte[]> post(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void versionAndIdAnswerAsKuboDoes() throws Exception {
        HttpResponse<byte[]> v = post("/api/v0/version");
        assertEquals(200, v.statusCode());
        assertTrue(json(v).get("Version").asText().length() > 0);
        JsonNode id = json(post("/api/v0/id"));
        assertEquals(node.peerId().toString(), id.get("ID").asText());
        assertTrue(id.get("Protocols").toString().contains("/ipfs/id/1.0.0"), id.toString());
        assertTrue(id.get("Addresses").get(0).asText().endsWith("/p2p/" + node.peerId()), id.toString());
    }

    @Test
    void catStreamsTheFileAndItsRanges() throws Exception {
        HttpResponse<byte[]> all = post("/api/v0/cat?arg=" + file);
        assertEquals(200, all.statusCode());
        assertEquals("1", all.headers().firstValue("X-Stream-Output").orElse(""), "Kubo's streamed-output headers");
        assertEquals("1", all.headers().firstValue("X-Chunked-Output").orElse(""));
        assertEquals("X-Stream-Error", all.headers().firstValue("Trailer").orElse(""));
        assertTrue(Arrays.equals(DATA, all.body()), "whole file");
        HttpResponse<byte[]> part = post("/api/v0/cat?arg=/ipfs/" + file + "&offset=1000&length=70000");
        assertTrue(Arrays.equals(Arrays.copyOfRange(DATA, 1000, 71000), part.body()), "a range");
        JsonNode stat = json(post("/api/v0/block/stat?arg=" + file));
        assertEquals(file.toString(), stat.get("Key").asText());
        JsonNode pins = json(post("/api/v0/pin/ls?type=recursive"));
        assertEquals("recursive", pins.get("Keys").get(file.toString()).get("Type").asText());
        JsonNode repoStat = json(post("/api/v0/repo/stat"));
        assertTrue(repoStat.get("NumObjects").asLong() > 1);
        assertTrue(repoStat.get("Version").asText().matches("fs-repo@\\d+"), repoStat.toString());
    }

    @Test
    void pinsKeysAndBlocksAnswerKubosShapes() throws Exception {
        io.hypha.block.Block b = io.hypha.block.Block.raw("rpc block".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        node.content().blockPut(b, false).get(30, TimeUnit.SECONDS);
        assertEquals(b.cid().toString(), json(post("/api/v0/pin/add?arg=" + b.cid())).get("Pins").get(0).asText());
        assertEquals(b.cid().toString(), json(post("/api/v0/pin/rm?arg=" + b.cid())).get("Pins").get(0).asText());
        JsonNode gen = json(post("/api/v0/key/gen?arg=k1&type=ed25519"));
        assertEquals("k1", gen.get("Name").asText());
        assertTrue(gen.get("Id").asText().startsWith("k51"), gen.toString());
        assertEquals("k1", json(post("/api/v0/key/list")).get("Keys").get(1).get("Name").asText());
        assertEquals("k1", json(post("/api/v0/key/rm?arg=k1")).get("Keys").get(0).get("Name").asText());
        HttpResponse<byte[]> rm = post("/api/v0/block/rm?arg=" + b.cid());
        assertEquals(200, rm.statusCode());
        assertEquals("{\"Hash\":\"" + b.cid() + "\"}\n", new String(rm.body(), java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<byte[]> car = post("/api/v0/dag/export?arg=" + file);
        assertEquals(200, car.statusCode());
        assertEquals("application/vnd.ipld.car", car.headers().firstValue("Content-Type").orElse(""));
        assertTrue(car.body().length > DATA.length);
        assertEquals(0, json(post("/api/v0/swarm/peers")).get("Peers").size());
        assertEquals(400, post("/api/v0/swarm/connect?arg=/ip4/127.0.0.1/tcp/1").statusCode());
    }

    @Test
    void errorsAreKubosJson() throws Exception {
        HttpResponse<byte[]> bad = post("/api/v0/cat?arg=notacid");
        assertEquals(400, bad.statusCode());
        assertEquals("error", json(bad).get("Type").asText());
        assertEquals(1, json(bad).get("Code").asInt());
        HttpResponse<byte[]> missing = post("/api/v0/cat?arg=bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
        assertEquals(500, missing.statusCode());
        assertTrue(json(missing).get("Message").asText().contains("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"));
        HttpResponse<byte[]> none = post("/api/v0/cat");
        assertEquals(400, none.statusCode());
        assertEquals(404, post("/api/v0/no/such/command").statusCode());
    }

    @Test
    void onlyPostIsAccepted() throws Exception {
        HttpResponse<byte[]> get = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v0/version")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(405, get.statusCode());
        HttpResponse<byte[]> put = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v0/version"))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(405, put.statusCode());
    }

    @Test
    void foreignOriginsAndBrowsersAreRefused() throws Exception {
        assertEquals(403, post("/api/v0/version", "Origin", "http://evil.example").statusCode());
        assertEquals(403, post("/api/v0/version", "Origin", "http://127.0.0.1:" + (port + 1)).statusCode());
        assertEquals(403, post("/api/v0/version", "Referer", "http://evil.example/page").statusCode());
        assertEquals(403, post("/api/v0/version", "User-Agent", "Mozilla/5.0 (X11; Linux x86_64)").statusCode());
        assertEquals(200, post("/api/v0/version", "Origin", "http://127.0.0.1:" + port).statusCode());
        assertEquals(200, post("/api/v0/version", "Origin", "http://localhost:" + port).statusCode());
        assertEquals(200, post("/api/v0/version", "Referer", "http://localhost:" + port + "/webui").statusCode());
    }

    @Test
    void contentIsNotServedOnTheApiPort() throws Exception {
        assertEquals(404, post("/ipfs/" + file).statusCode());
        HttpResponse<byte[]> get = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/ipfs/" + file)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertTrue(get.statusCode() == 404 || get.statusCode() == 405, "status " + get.statusCode());
    }

    /**
     * A stream that fails after its first byte (a block missing in the middle of a file): a client that reads
     * trailers gets Kubo's {@code X-Stream-Error}; any other sees the connection cut, never a short answer that
     * looks whole.
     */
    @Test
    void aStreamThatFailsMidwayIsAnErrorForEveryClient() throws Exception {
        byte[] data = new byte[2_000_000];
        new Random(5).nextBytes(data);
        var added = node.content().add("holey", new ByteArrayInputStream(data), new Content.AddOptions(
                io.hypha.node.unixfs.ImportOptions.defaults().withRawLeaves(true), false), ImportListener.NONE)
                .get(30, TimeUnit.SECONDS);
        List<Cid> leaves = new java.util.ArrayList<>();
        node.content().refs(List.of(added.root()), io.hypha.node.dag.Refs.Options.of(false, false, -1, false, null),
                r -> leaves.add(Cid.decode(r.ref()))).get(30, TimeUnit.SECONDS);
        assertTrue(leaves.size() > 4, leaves.toString());
        node.content().blockRm(leaves.get(leaves.size() - 1)).get(30, TimeUnit.SECONDS);
        // the JDK's client drops trailers: it must see an error, not 1.75 MB that look like the file
        java.io.IOException cut = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> post("/api/v0/cat?arg=" + added.root()));
        assertTrue(cut.getMessage() != null, "an error the client reports");
        // a client that asks for trailers gets Kubo's X-Stream-Error
        try (java.net.Socket sock = new java.net.Socket("127.0.0.1", port)) {
            sock.getOutputStream().write(("POST /api/v0/cat?arg=" + added.root() + " HTTP/1.1\r\nHost: x\r\n"
                    + "TE: trailers\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(sock.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer.substring(0, 40));
            assertTrue(answer.contains("\r\n0\r\nX-Stream-Error: "), "the closing chunk carries the error");
        }
        assertEquals(200, post("/api/v0/version").statusCode(), "the API keeps serving");
    }

    /** Each named limit, attacked: an oversized body, oversized headers, more connections than allowed. */
    @Test
    void limitsHold() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.getOutputStream().write(("POST /api/v0/version HTTP/1.1\r\nHost: x\r\nContent-Length: "
                    + (RpcServer.MAX_REQUEST_BYTES + 1) + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String status = new String(s.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 413", status, "an oversized body is refused from its header");
        }
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            String longHeader = "X-Junk: " + "a".repeat(RpcServer.MAX_HEADER_BYTES) + "\r\n";
            s.getOutputStream().write(("POST /api/v0/version HTTP/1.1\r\nHost: x\r\n" + longHeader + "\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String status = new String(s.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
            assertTrue(status.startsWith("HTTP/1.1 4"), status);
        }
        List<java.net.Socket> held = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < RpcServer.MAX_CONNECTIONS; i++) {
                held.add(new java.net.Socket("127.0.0.1", port));
            }
            // the server accepts asynchronously: wait until one more is refused, then check its answer
            String answer = "";
            for (int attempt = 0; attempt < 50 && !answer.startsWith("HTTP/1.1 503"); attempt++) {
                try (java.net.Socket extra = new java.net.Socket("127.0.0.1", port)) {
                    extra.setSoTimeout(2000);
                    extra.getOutputStream().write("POST /api/v0/version HTTP/1.1\r\nHost: x\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    answer = new String(extra.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
                } catch (java.io.IOException e) {
                    answer = "";
                }
            }
            assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
        } finally {
            for (java.net.Socket s : held) {
                s.close();
            }
        }
        // once they are gone (the server sees each close asynchronously: poll, up to 2.5 s), the API serves again
        HttpResponse<byte[]> v = post("/api/v0/version");
        for (int attempt = 0; attempt < 50 && v.statusCode() != 200; attempt++) {
            Thread.sleep(50);
            v = post("/api/v0/version");
        }
        assertEquals(200, v.statusCode());
    }

    /** IDLE_TIMEOUT_SECONDS, attacked with a one-second timeout: a client that connects and says nothing is closed. */
    @Test
    void anIdleClientIsClosed() throws Exception {
        try (RpcServer idle = RpcServer.start(node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), ApiConfig.DEFAULTS, () -> { }, 1)
                .get(30, TimeUnit.SECONDS);
             java.net.Socket s = new java.net.Socket("127.0.0.1",
                     io.hypha.transport.tcp.TcpTransport.toSocketAddress(idle.address()).getPort())) {
            s.setSoTimeout(10_000);
            long start = System.nanoTime();
            assertEquals(-1, s.getInputStream().read(), "closed, not answered");
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 5);
        }
    }
}
