package io.hypha.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.repo.ApiConfig;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import io.hypha.node.rpc.RpcServer;
import io.hypha.node.unixfs.ImportListener;
import io.hypha.node.unixfs.ImportOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same {@code kubo-rpc-client} script ({@code js/rpc-client.mjs}) run against a real Kubo 0.43.1 and against
 * Hypha, each holding the same file, directory and DAG-CBOR document and each connecting to the same js-libp2p
 * peer: every answer of the shared commands is the same (CIDs, sizes, bytes, pin listings, ls entries, the CAR
 * export byte for byte, dag get and stat, refs, the tar of get, key names, config and bootstrap answers, the error
 * for a bad CID), except the answers that describe the node itself, listed in {@link #DIFFERENT_BY_NATURE} with the
 * reason.
 */
class KuboRpcParityTest {
    /**
     * Answers that differ between any two nodes, and what is compared instead: each node's own identity, version,
     * addresses, timing and traffic, and the count of what its repo held before the script (Kubo's init adds blocks
     * of its own).
     */
    static final Map<String, String> DIFFERENT_BY_NATURE = Map.ofEntries(
            Map.entry("id", "each node's own identity and addresses; the shape is checked"),
            Map.entry("version", "each implementation's version"),
            Map.entry("repoStat", "each repo's own objects and sizes"),
            Map.entry("keyGen", "a new random key: the name is compared"),
            Map.entry("keyRename", "the renamed key's id, random: was, now and overwrite are compared"),
            Map.entry("refsLocal", "every block each repo holds, its own included"),
            Map.entry("gc", "each repo's own unpinned blocks: the script's unpinned directory is in both"),
            Map.entry("localAddrs", "each node's own listen ports"),
            Map.entry("ping", "round-trip times: the lines' shape is compared"),
            Map.entry("bw", "each node's own traffic"),
            Map.entry("configShow", "each node's own peer id"),
            Map.entry("addrs", "every peer each node has heard of: the js peer's entry is compared"),
            Map.entry("bootstrapDefault", "Kubo 0.38+ bootstraps from \"auto\" (AutoConf, fetched from the network) and"
                    + " refuses --default; Hypha keeps the static list that --default restores"),
            Map.entry("bootstrapRmAll", "what --all removes: the default list added just before, in Hypha only"),
            Map.entry("bootstrapAfter", "an empty list: Kubo answers {\"Peers\":null}, which kubo-rpc-client 7.1.0 cannot"
                    + " read (a TypeError); Hypha answers [] and the client reads 0"));

    /** The empty UnixFS directory, which {@code ipfs init} pins. */
    static final String KUBO_INIT_PIN = KuboCliParityTest.KUBO_INIT_PIN;

    @TempDir
    Path tmp;

    @Test
    void theSameScriptGetsTheSameAnswersFromKuboAndHypha() throws Exception {
        Kubo.binary(); // skips, saying what to install, where Go is missing
        byte[] data = new byte[1_000_000];
        new Random(11).nextBytes(data);
        Path dir = Files.createDirectories(tmp.resolve("d/sub"));
        Files.writeString(tmp.resolve("d/a.txt"), "hello\n");
        Files.writeString(tmp.resolve("d/sub/b.txt"), "bee");
        Files.write(tmp.resolve("f"), data);
        String docJson = "{\"hello\":\"world\",\"file\":{\"/\":\"%s\"},\"n\":[1,2]}";

        try (Kubo kubo = Kubo.start(tmp.resolve("kubo"));
             Repo repo = Repo.init(tmp.resolve("hypha"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
             Node node = Node.builder().repo(repo).start().get(30, TimeUnit.SECONDS);
             RpcServer api = RpcServer.start(node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), ApiConfig.DEFAULTS, () -> { })
                     .get(30, TimeUnit.SECONDS);
             JsPeer js = JsPeer.start()) {
            // the same content in both: a pinned file, an unpinned directory, a DAG-CBOR document linking the file
            Cid cid = node.content().add("f", new ByteArrayInputStream(data), Content.AddOptions.defaults(),
                    ImportListener.NONE).get(30, TimeUnit.SECONDS).root();
            Cid tree = node.content().add(tmp.resolve("d"), new Content.AddOptions(ImportOptions.defaults(), false),
                    ImportListener.NONE).get(30, TimeUnit.SECONDS).root();
            Cid doc = node.content().dagPut(String.format(docJson, cid).getBytes(StandardCharsets.UTF_8), "dag-json",
                    "dag-cbor", "sha2-256", false).get(30, TimeUnit.SECONDS);
            assertEquals(cid.toString(), kubo.run("add", "-Q", tmp.resolve("f").toString()).strip());
            assertEquals(tree.toString(), kubo.run("add", "-Q", "-r", "--pin=false", tmp.resolve("d").toString()).strip());
            assertEquals(doc.toString(), kubo.runWithInput(in -> {
                try {
                    in.write(String.format(docJson, cid).getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "dag", "put", "--input-codec=dag-json", "--store-codec=dag-cbor").strip());

            String peer = js.addrs().get(0);
            JsonNode fromKubo = script(kubo.apiAddress(), cid, tree, peer, doc);
            JsonNode fromHypha = script(api.address(), cid, tree, peer, doc);

            // Kubo's init pins the empty directory (its MFS root); Hypha has no MFS and pins nothing at init
            for (String key : List.of("pins", "pinsAfterRm")) {
                var kept = new com.fasterxml.jackson.databind.node.ArrayNode(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance);
                fromKubo.path(key).forEach(p -> {
                    if (!p.toString().contains(KUBO_INIT_PIN)) {
                        kept.add(p);
                    }
                });
                ((com.fasterxml.jackson.databind.node.ObjectNode) fromKubo).set(key, kept);
            }
            List<String> differences = new ArrayList<>();
            TreeSet<String> keys = new TreeSet<>();
            fromKubo.fieldNames().forEachRemaining(keys::add);
            fromHypha.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                if (!DIFFERENT_BY_NATURE.containsKey(key) && !fromKubo.path(key).equals(fromHypha.path(key))) {
                    differences.add(key + ":\n  kubo:  " + fromKubo.path(key) + "\n  hypha: " + fromHypha.path(key));
                }
            }
            assertEquals(List.of(), differences, "answers that differ");

            // where the answers are each node's own, their shapes agree
            for (JsonNode r : List.of(fromKubo, fromHypha)) {
                assertEquals(4, r.path("id").size(), r.path("id").toString());
                assertEquals("alice", r.path("keyGen").path("name").asText());
                assertEquals("bob", r.path("keyRename").path("now").asText());
                assertEquals("alice", r.path("keyRename").path("was").asText());
                assertTrue(r.path("gc").size() >= 2, "the unpinned directory's blocks went: " + r.path("gc"));
                assertEquals(4, r.path("ping").size(), r.path("ping").toString());
                assertEquals("PING " + js.peerId() + ".", r.path("ping").get(0).path("text").asText());
                assertTrue(r.path("ping").get(3).path("text").asText().startsWith("Average latency: "));
                assertTrue(r.path("addrs").toString().contains(js.peerId()), r.path("addrs").toString());
                assertTrue(r.path("bw").get(0).path("totalIn").asLong() > 0, r.path("bw").toString());
            }
        }
    }

    /** Runs the script against the API at {@code api}; returns what it printed. */
    private JsonNode script(Multiaddr api, Cid file, Cid dir, String peer, Cid doc) throws Exception {
        Path stderr = Files.createTempFile(tmp, "stderr", ".txt");
        Process p = new ProcessBuilder(JsPeer.nodeBinary().toString(), "rpc-client.mjs", api.toString(),
                file.toString(), dir.toString(), peer, doc.toString()).directory(JsPeer.jsDir().toFile())
                .redirectError(stderr.toFile()).start();
        p.getOutputStream().close();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the script finished");
        assertEquals(0, p.exitValue(), "against " + api + ": " + stdout + Files.readString(stderr));
        return new ObjectMapper().readTree(stdout);
    }
}
