package io.hypha.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.repo.ApiConfig;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Pins;
import io.hypha.node.repo.Repo;
import io.hypha.node.unixfs.ImportListener;
import io.hypha.node.unixfs.ImportOptions;
import io.hypha.node.unixfs.Importer;
import io.hypha.node.unixfs.TreeImport;
import io.hypha.testing.LogCapture;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code add} over real HTTP: multipart bodies as Kubo's clients send them give the CIDs an in-process import of
 * the same tree gives, are pinned, and every bad upload (malformed, cut short, abandoned, too many parts) fails
 * clearly with nothing pinned while the API keeps serving.
 */
class AddEndpointTest {
    @TempDir
    static Path tmp;

    private static Repo repo;
    private static Node node;
    private static RpcServer api;
    private static String base;
    private static int port;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        repo = Repo.init(tmp.resolve("repo"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
        node = Node.builder().repo(repo).start().get(30, TimeUnit.SECONDS);
        api = RpcServer.start(node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), ApiConfig.DEFAULTS, () -> { })
                .get(30, TimeUnit.SECONDS);
        port = io.hypha.transport.tcp.TcpTransport.toSocketAddress(api.address()).getPort();
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        node.close();
        repo.close();
    }

    private static HttpResponse<String> add(String query, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v0/add?" + query))
                .header("Content-Type", Multipart.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<JsonNode> events(HttpResponse<String> r) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private static byte[] random(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static Set<Pins.Mode> all() {
        return Pins.Mode.filter("all");
    }

    @Test
    void aFileGivesTheCidOfAnInProcessAddAndIsPinned() throws Exception {
        byte[] data = random(1_000_000, 1);
        HttpResponse<String> r = add("progress=true", new Multipart().file("one.bin", data).body());
        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> events = events(r);
        JsonNode last = events.get(events.size() - 1);
        Cid expected = Importer.onlyHash(ImportOptions.defaults()).importStream("one.bin", new ByteArrayInputStream(data)).root();
        assertEquals("one.bin", last.get("Name").asText());
        assertEquals(expected.toString(), last.get("Hash").asText());
        assertTrue(last.get("Size").isTextual(), "Kubo sends Size as a string");
        assertTrue(events.stream().anyMatch(e -> e.has("Bytes") && e.get("Bytes").asLong() == data.length),
                "progress events count the file's bytes: " + r.body());
        assertEquals(Pins.Mode.RECURSIVE, node.content().pinned(expected).get(10, TimeUnit.SECONDS).orElseThrow());
    }

    @Test
    void aDirectoryTreeMatchesTheImportOfTheSameTreeOnDisk() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("tree/site"));
        byte[] a = random(700_000, 2);
        byte[] b = "hello\n".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("a.bin"), a);
        Files.createDirectories(dir.resolve("sub/empty"));
        Files.write(dir.resolve("sub/b.txt"), b);
        Files.createSymbolicLink(dir.resolve("link"), Path.of("a.bin"));
        // parts in the order a client walks the tree (not sorted: the server sorts links)
        byte[] body = new Multipart().directory("site").directory("site/sub").file("site/sub/b.txt", b)
                .directory("site/sub/empty").file("site/a.bin", a).symlink("site/link", "a.bin").body();
        for (String query : new String[] {"", "cid-version=1", "raw-leaves=true&chunker=size-65536", "trickle=true"}) {
            HttpResponse<String> r = add(query + "&pin=false", body);
            assertEquals(200, r.statusCode(), r.body());
            List<JsonNode> events = events(r);
            JsonNode root = events.get(events.size() - 1);
            assertEquals("site", root.get("Name").asText());
            ImportOptions o = ImportOptions.defaults();
            if (query.contains("cid-version=1")) {
                o = o.withCidVersion(1);
            }
            if (query.contains("raw-leaves")) {
                o = o.withRawLeaves(true).withChunker(io.hypha.node.unixfs.Chunker.size(65536));
            }
            if (query.contains("trickle")) {
                o = o.withLayout(io.hypha.node.unixfs.Layout.TRICKLE);
            }
            Cid expected = Importer.onlyHash(o).importPath(dir).root();
            assertEquals(expected.toString(), root.get("Hash").asText(), query);
            assertEquals(Set.of("site/a.bin", "site/sub/b.txt", "site/sub/empty", "site/sub", "site/link", "site"),
                    events.stream().filter(e -> e.has("Hash")).map(e -> e.get("Name").asText())
                            .collect(java.util.stream.Collectors.toSet()));
            assertTrue(node.content().pinned(expected).get(10, TimeUnit.SECONDS).isEmpty(), "pin=false");
        }
        // the blocks are stored: the file reads back
        HttpResponse<byte[]> cat = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v0/cat?arg="
                + Importer.onlyHash(ImportOptions.defaults()).importPath(dir).root() + "/sub/b.txt"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertTrue(cat.statusCode() == 200 || cat.statusCode() == 400, "cat answers");
    }

    @Test
    void wrapTopLevelFilesAndUnnamedFiles() throws Exception {
        byte[] x = random(5000, 3);
        byte[] y = random(6000, 4);
        HttpResponse<String> r = add("wrap-with-directory=true", new Multipart().file("x", x).file("y", y).body());
        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> events = events(r);
        JsonNode root = events.get(events.size() - 1);
        assertEquals("", root.get("Name").asText());
        Importer hashing = Importer.onlyHash(ImportOptions.defaults());
        TreeImport t = hashing.tree("");
        t.file("x", new ByteArrayInputStream(x));
        t.file("y", new ByteArrayInputStream(y));
        assertEquals(t.finish().root().toString(), root.get("Hash").asText());
        // two top-level files: two roots, each pinned; an unnamed one is named by its CID
        HttpResponse<String> two = add("", new Multipart().file("", x).file("y", y).body());
        List<JsonNode> roots = events(two);
        assertEquals(2, roots.size(), two.body());
        assertEquals(roots.get(0).get("Hash").asText(), roots.get(0).get("Name").asText());
        for (JsonNode e : roots) {
            assertTrue(node.content().pinned(Cid.decode(e.get("Hash").asText())).get(10, TimeUnit.SECONDS).isPresent());
        }
    }

    @Test
    void aClientThatWaitsFor100ContinueIsAnswered() throws Exception {
        byte[] data = random(2_000_000, 8);
        HttpResponse<String> r = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v0/add"))
                .expectContinue(true).header("Content-Type", Multipart.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(new Multipart().file("c", data).body())).build(),
                HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertEquals(Importer.onlyHash(ImportOptions.defaults()).importStream("c", new ByteArrayInputStream(data)).root()
                .toString(), events(r).get(0).get("Hash").asText());
    }

    @Test
    void onlyHashStoresNothing() throws Exception {
        byte[] data = random(10_000, 5);
        HttpResponse<String> r = add("only-hash=true", new Multipart().file("n", data).body());
        Cid cid = Cid.decode(events(r).get(0).get("Hash").asText());
        assertFalse(node.blockService().store().has(cid).get(10, TimeUnit.SECONDS), "nothing stored");
    }

    @Test
    void tenThousandPartsImportAndTooManyAreRefused() throws Exception {
        Multipart m = new Multipart().directory("many");
        Path disk = Files.createDirectories(tmp.resolve("many/many"));
        for (int i = 0; i < 10_000; i++) {
            byte[] content = ("file " + i).getBytes(StandardCharsets.UTF_8);
            m.file("many/f" + i, content);
            Files.write(disk.resolve("f" + i), content);
        }
        // only hashing: the parts are parsed and imported the same way, without 10,000 synced block writes
        HttpResponse<String> r = add("only-hash=true", m.body());
        assertEquals(200, r.statusCode());
        List<JsonNode> events = events(r);
        assertEquals(10_001, events.size());
        assertEquals(Importer.onlyHash(ImportOptions.defaults()).importPath(disk).root().toString(),
                events.get(events.size() - 1).get("Hash").asText());

        Multipart tooMany = new Multipart();
        for (int i = 0; i <= AddEndpoint.MAX_PARTS; i++) {
            tooMany.directory("d/" + i);
        }
        int pinsBefore = node.content().pinLs(all()).get(10, TimeUnit.SECONDS).size();
        refused("", tooMany.body());
        assertEquals(pinsBefore, node.content().pinLs(all()).get(10, TimeUnit.SECONDS).size(), "nothing pinned");
        assertEquals(200, version().statusCode(), "the API keeps serving");
    }

    @Test
    void badUploadsFailClearlyAndPinNothing() throws Exception {
        int pinsBefore = node.content().pinLs(all()).get(10, TimeUnit.SECONDS).size();
        // not multipart at all
        HttpResponse<String> notMultipart = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v0/add"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, notMultipart.statusCode());
        assertTrue(notMultipart.body().contains("\"Type\":\"error\""), notMultipart.body());
        // bad options
        assertEquals(400, add("chunker=rabin-1-2-3", new Multipart().file("a", new byte[1]).body()).statusCode());
        assertEquals(400, add("cid-version=7", new Multipart().file("a", new byte[1]).body()).statusCode());
        // paths that escape
        refused("", new Multipart().directory("d").file("d/../x", new byte[1]).body());
        // an upload cut short: the body ends inside a part
        try (LogCapture ignored = LogCapture.of(RpcHandler.class)) {
            refused("", new Multipart().file("cut", random(500_000, 6)).unfinished());
        }
        // a client that goes away mid-upload
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            byte[] part = new Multipart().file("gone", random(3_000_000, 7)).unfinished();
            out.write(("POST /api/v0/add HTTP/1.1\r\nHost: x\r\nContent-Type: " + Multipart.contentType()
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write((Integer.toHexString(part.length / 2) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(part, 0, part.length / 2);
            out.flush();
            InputStream in = s.getInputStream();
            in.readNBytes(12); // the answer's headers started: the import is under way
        }
        // a collection takes the GC lock exclusively, so it waits until the cut-off add let go of it: only then is
        // "nothing pinned" a finding rather than a race
        node.content().gc(cid -> { }).get(30, TimeUnit.SECONDS);
        assertEquals(pinsBefore, node.content().pinLs(all()).get(10, TimeUnit.SECONDS).size(), "nothing pinned");
        assertEquals(200, version().statusCode(), "the API keeps serving");
    }

    /**
     * An add the server gives up on after its answer started: the JDK's client, which does not read trailers, sees
     * the connection cut (an error), never an answer that looks whole; no root is reported.
     */
    private static void refused(String query, byte[] body) {
        try {
            HttpResponse<String> r = add(query, body);
            assertTrue(r.statusCode() != 200 || !r.body().contains("\"Hash\""), "refused: " + r.body());
        } catch (Exception expected) {
            // the answer cut short: what a client that does not ask for trailers must see
        }
    }

    private static HttpResponse<String> version() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v0/version"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
