package io.hypha.node.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypha.node.repo.ApiConfig;
import io.hypha.block.Block;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import io.hypha.node.unixfs.ImportListener;
import java.io.ByteArrayInputStream;
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
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DAG endpoints over real HTTP: dag get and stat, refs, refs local, get (tar and gzip), repo verify. */
class DagEndpointsTest {
    @TempDir
    static Path tmp;

    private static Repo repo;
    private static Node node;
    private static RpcServer api;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DATA = new byte[300_000];
    private static Cid file;
    private static Cid dir;
    private static Block leaf;
    private static Cid doc;

    @BeforeAll
    static void start() throws Exception {
        repo = Repo.init(tmp.resolve("repo"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
        node = Node.builder().repo(repo).start().get(30, TimeUnit.SECONDS);
        api = RpcServer.start(node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), ApiConfig.DEFAULTS, () -> { })
                .get(30, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + io.hypha.transport.tcp.TcpTransport.toSocketAddress(api.address()).getPort();
        new Random(4).nextBytes(DATA);
        Content c = node.content();
        file = c.add("f", new ByteArrayInputStream(DATA), Content.AddOptions.defaults(), ImportListener.NONE)
                .get(30, TimeUnit.SECONDS).root();
        Path d = Files.createDirectories(tmp.resolve("d"));
        Files.write(d.resolve("data.bin"), DATA);
        Files.writeString(d.resolve("note.txt"), "note");
        dir = c.add(d, Content.AddOptions.defaults(), ImportListener.NONE).get(30, TimeUnit.SECONDS).root();
        leaf = Block.raw("leaf".getBytes(StandardCharsets.UTF_8));
        c.blockPut(leaf, false).get(30, TimeUnit.SECONDS);
        doc = c.dagPut(("{\"a\":[1,{\"/\":\"" + leaf.cid() + "\"}],\"dir\":{\"/\":\"" + dir + "\"}}")
                .getBytes(StandardCharsets.UTF_8), "dag-json", "dag-cbor", "sha2-256", false).get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        node.close();
        repo.close();
    }

    private static HttpResponse<byte[]> post(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static List<JsonNode> lines(HttpResponse<byte[]> r) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : text(r).split("\n")) {
            if (!l.isEmpty()) {
                out.add(JSON.readTree(l));
            }
        }
        return out;
    }

    private static String arg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void dagGetAnswersTheNodeAtAPath() throws Exception {
        HttpResponse<byte[]> all = post("/api/v0/dag/get?arg=" + doc);
        assertEquals(200, all.statusCode());
        assertEquals("{\"a\":[1,{\"/\":\"" + leaf.cid() + "\"}],\"dir\":{\"/\":\"" + dir + "\"}}", text(all));
        assertEquals("1", text(post("/api/v0/dag/get?arg=" + arg("/ipfs/" + doc + "/a/0"))));
        assertEquals("leaf", text(post("/api/v0/dag/get?arg=" + arg(doc + "/a/1") + "&output-codec=raw")));
        assertTrue(text(post("/api/v0/dag/get?arg=" + arg(doc + "/dir/note.txt"))).startsWith("{\"Data\":"));
        HttpResponse<byte[]> missing = post("/api/v0/dag/get?arg=" + arg(doc + "/nope"));
        assertEquals(400, missing.statusCode());
        assertEquals("error", JSON.readTree(missing.body()).get("Type").asText());
        assertEquals(400, post("/api/v0/dag/get?arg=" + doc + "&output-codec=dag-jose").statusCode());
    }

    @Test
    void dagStatAnswersKubosSummary() throws Exception {
        JsonNode one = JSON.readTree(post("/api/v0/dag/stat?arg=" + file + "&progress=false").body());
        long size = one.get("TotalSize").asLong();
        assertEquals(file.toString(), one.get("DagStats").get(0).get("Cid").asText());
        assertEquals(size, one.get("DagStats").get(0).get("Size").asLong());
        assertEquals(one.get("UniqueBlocks").asLong(), one.get("DagStats").get(0).get("NumBlocks").asLong());
        assertEquals(1.0, one.get("Ratio").asDouble());
        assertTrue(!one.has("SharedSize"), "zero fields are left out: " + one);
        List<JsonNode> progress = lines(post("/api/v0/dag/stat?arg=" + file));
        assertEquals(one.get("UniqueBlocks").asInt() + 1, progress.size(), "a summary per block, then the final one");
        assertEquals(one, progress.get(progress.size() - 1));
        JsonNode first = progress.get(0);
        assertTrue(!first.has("Ratio") && !first.has("UniqueBlocks") && first.get("DagStats").get(0).get("NumBlocks")
                .asInt() == 1, first.toString());
        JsonNode two = JSON.readTree(post("/api/v0/dag/stat?arg=" + file + "&arg=" + file + "&progress=false")
                .body());
        assertEquals(size, two.get("SharedSize").asLong());
        assertEquals(2.0, two.get("Ratio").asDouble());
        JsonNode viaPath = JSON.readTree(post("/api/v0/dag/stat?arg=" + arg(doc + "/dir") + "&progress=0").body());
        assertEquals(dir.toString(), viaPath.get("DagStats").get(0).get("Cid").asText());
        assertTrue(post("/api/v0/dag/stat?arg=" + arg(doc + "/a/0")).statusCode() >= 400, "inside a block");
    }

    @Test
    void refsStreamKubosLines() throws Exception {
        List<JsonNode> direct = lines(post("/api/v0/refs?arg=" + doc));
        assertEquals(List.of(leaf.cid().toString(), dir.toString()), direct.stream().map(l -> l.get("Ref").asText())
                .toList());
        assertEquals("", direct.get(0).get("Err").asText());
        List<JsonNode> all = lines(post("/api/v0/refs?arg=" + doc + "&recursive=true&unique=true"));
        assertTrue(all.size() > 4, all.toString());
        List<JsonNode> edges = lines(post("/api/v0/refs?arg=" + doc + "&edges=true"));
        assertEquals(doc + " -> " + leaf.cid(), edges.get(0).get("Ref").asText());
        assertEquals(400, post("/api/v0/refs?arg=" + doc + "&edges=true&format=%3Csrc%3E").statusCode());
        assertEquals(List.of(), lines(post("/api/v0/refs?arg=" + doc + "&recursive=true&max-depth=0")));
        List<JsonNode> viaPath = lines(post("/api/v0/refs?arg=" + arg(doc + "/dir")));
        assertEquals(2, viaPath.size(), "the directory's two entries, reached through a path: " + viaPath);
        assertEquals(500, post("/api/v0/refs?arg=" + Block.raw(new byte[] {9}).cid()).statusCode(),
                "a missing root is an error answer");
        List<JsonNode> local = lines(post("/api/v0/refs/local"));
        assertTrue(local.stream().anyMatch(l -> l.get("Ref").asText().equals(leaf.cid().toString())), "raw CIDs");
    }

    @Test
    void getAnswersATarOrAGzip() throws Exception {
        HttpResponse<byte[]> tar = post("/api/v0/get?arg=" + dir);
        assertEquals(200, tar.statusCode());
        assertEquals("application/x-tar", tar.headers().firstValue("Content-Type").orElse(""));
        Path t = tmp.resolve("dir.tar");
        Files.write(t, tar.body());
        Path x = Files.createDirectories(tmp.resolve("x"));
        Process p = new ProcessBuilder("tar", "-xf", t.toString(), "-C", x.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        assertArrayEquals(DATA, Files.readAllBytes(x.resolve(dir + "/data.bin")));
        HttpResponse<byte[]> gz = post("/api/v0/get?arg=" + dir + "&archive=true&compress=true&compression-level=9");
        assertEquals("application/gzip", gz.headers().firstValue("Content-Type").orElse(""));
        assertEquals(tar.body().length, new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes()
                .length);
        HttpResponse<byte[]> plain = post("/api/v0/get?arg=" + file + "&compress=true");
        assertArrayEquals(DATA, new GZIPInputStream(new ByteArrayInputStream(plain.body())).readAllBytes(),
                "compress without archive: the file's bytes, gzipped");
        assertEquals(400, post("/api/v0/get?arg=" + file + "&compression-level=10").statusCode());
        HttpResponse<byte[]> notAFile = post("/api/v0/get?arg=" + dir + "&compress=true");
        assertEquals(500, notAFile.statusCode(), "a directory gzipped without a tar");
        assertEquals("file is not regular", JSON.readTree(notAFile.body()).get("Message").asText());
        HttpResponse<byte[]> inside = post("/api/v0/get?arg=" + arg("/ipfs/" + doc + "/dir/note.txt"));
        Path n = tmp.resolve("note.tar");
        Files.write(n, inside.body());
        Process q = new ProcessBuilder("tar", "-xOf", n.toString(), "note.txt").start();
        assertEquals("note", new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                "a path through a DAG-CBOR link and a directory entry; the entry named as the path's last element");
        assertEquals(0, q.waitFor());
    }

    @Test
    void hostileBlocksAreRefusedAndTheApiStaysUp() throws Exception {
        byte[] deep = new byte[200_000];
        java.util.Arrays.fill(deep, (byte) 0x81); // lists nested 200,000 deep
        deep[deep.length - 1] = 0;
        Block nested = Block.of(io.hypha.multiformats.Multicodec.DAG_CBOR, io.hypha.multiformats.HashAlgorithm.SHA2_256,
                deep);
        byte[] wide = new byte[5 + 300_000];
        wide[0] = (byte) 0x9a; // a list of 300,000 zeros: more values than a block may hold
        wide[2] = (byte) 0x04;
        wide[3] = (byte) 0x93;
        wide[4] = (byte) 0xe0;
        Block many = Block.of(io.hypha.multiformats.Multicodec.DAG_CBOR, io.hypha.multiformats.HashAlgorithm.SHA2_256,
                wide);
        for (Block b : List.of(nested, many)) {
            node.content().blockPut(b, false).get(30, TimeUnit.SECONDS);
            for (String call : List.of("dag/get", "dag/stat", "refs")) {
                HttpResponse<byte[]> r = post("/api/v0/" + call + "?arg=" + b.cid());
                assertTrue(r.statusCode() == 400 || r.statusCode() == 500, call + ": " + text(r));
                assertTrue(text(r).contains("dag-cbor"), call + ": " + text(r));
            }
        }
        assertEquals(200, post("/api/v0/version").statusCode());
    }

    @Test
    void repoVerifyEndsWithKubosVerdict() throws Exception {
        List<JsonNode> lines = lines(post("/api/v0/repo/verify"));
        assertTrue(lines.get(lines.size() - 2).get("Progress").asLong() > 5, lines.toString());
        assertEquals("verify complete, all blocks validated.", lines.get(lines.size() - 1).get("Msg").asText());
    }
}
