package io.hypha.interop;

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
import io.hypha.node.rpc.RpcServer;
import io.hypha.node.unixfs.ImportListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published {@code kubo-rpc-client} (npm, pinned in js/package.json) against Hypha's RPC API over a real
 * socket: id, version, cat (whole and a range), block stat and get, pin ls, repo stat, and a bad CID's error;
 * the DAG operations (dag get through the client's own decoder and the endpoint, dag stat, refs, refs local, get
 * untarred by the script) compared with what the node's blocks say; against a js-libp2p peer swarm connect,
 * peers, addrs, ping and disconnect; stats bw; config and bootstrap.
 */
class KuboRpcClientInteropTest {
    @TempDir
    Path tmp;

    @Test
    void kuboRpcClientReadsWhatTheNodeHolds() throws Exception {
        byte[] data = new byte[1_000_000];
        new Random(11).nextBytes(data);
        try (Repo repo = Repo.init(tmp.resolve("repo"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
             Node node = Node.builder().repo(repo).start().get(30, TimeUnit.SECONDS);
             RpcServer api = RpcServer.start(node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), ApiConfig.DEFAULTS, () -> { })
                     .get(30, TimeUnit.SECONDS)) {
            Cid cid = node.content().add("f", new ByteArrayInputStream(data), Content.AddOptions.defaults(),
                    ImportListener.NONE).get(30, TimeUnit.SECONDS).root();

            java.nio.file.Files.createDirectories(tmp.resolve("d/sub"));
            java.nio.file.Files.writeString(tmp.resolve("d/a.txt"), "hello\n");
            java.nio.file.Files.writeString(tmp.resolve("d/sub/b.txt"), "bee");
            Cid dir = node.content().add(tmp.resolve("d"), new Content.AddOptions(
                    io.hypha.node.unixfs.ImportOptions.defaults(), false), ImportListener.NONE).get(30, TimeUnit.SECONDS).root();
            Cid doc = node.content().dagPut(("{\"hello\":\"world\",\"file\":{\"/\":\"" + cid + "\"},\"n\":[1,2]}")
                    .getBytes(StandardCharsets.UTF_8), "dag-json", "dag-cbor", "sha2-256", false).get(30, TimeUnit.SECONDS);
            Set<Cid> fileBlocks = new LinkedHashSet<>();
            Set<Cid> dirBlocks = new LinkedHashSet<>();
            collect(node, cid, fileBlocks);
            collect(node, dir, dirBlocks);
            long dirSize = size(node, dirBlocks); // now: the script's GC removes the unpinned directory
            long fileSize = size(node, fileBlocks);
            JsPeer js = JsPeer.start();
            Path stderr = tmp.resolve("stderr.txt");
            Process p;
            try {
                p = new ProcessBuilder(JsPeer.nodeBinary().toString(), "rpc-client.mjs", api.address().toString(),
                        cid.toString(), dir.toString(), js.addrs().get(0), doc.toString()).directory(JsPeer.jsDir().toFile())
                        .redirectError(stderr.toFile()).start();
            } catch (java.io.IOException e) {
                js.close();
                throw e;
            }
            p.getOutputStream().close();
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), stdout + java.nio.file.Files.readString(stderr));
            JsonNode r = new ObjectMapper().readTree(stdout);

            assertEquals(node.peerId().toString(), r.get("id").get("id").asText());
            assertTrue(r.get("id").get("agentVersion").asText().startsWith("hypha/"), r.toString());
            assertTrue(r.get("id").get("protocols").toString().contains("/ipfs/ping/1.0.0"), r.toString());
            assertTrue(r.get("version").get("version").asText().length() > 0, r.toString());
            assertEquals(data.length, r.get("cat").get("bytes").asInt());
            assertEquals(sha256(data), r.get("cat").get("sha256").asText());
            assertEquals(sha256(Arrays.copyOfRange(data, 1000, 71000)), r.get("catRange").get("sha256").asText());
            assertEquals(cid.toString(), r.get("blockStat").get("cid").asText());
            assertTrue(r.get("blockStat").get("size").asInt() > 0);
            assertEquals(r.get("blockStat").get("size").asInt(), r.get("blockGet").asInt());
            assertEquals(cid.toString(), r.get("pins").get(0).get("cid").asText());
            assertEquals("recursive", r.get("pins").get(0).get("type").asText());
            assertTrue(r.get("repoStat").get("numObjects").asInt() > 3, r.toString());
            assertTrue(r.get("badCid").asText().contains("invalid path"), r.toString());

            assertEquals(0, r.get("pinsAfterRm").size(), r.toString());
            assertEquals(cid.toString(), r.get("pinAdd").asText());
            assertEquals("a.txt", r.get("ls").get(0).get("name").asText());
            assertEquals("file", r.get("ls").get(0).get("type").asText());
            assertEquals(6, r.get("ls").get(0).get("size").asInt());
            assertEquals("sub", r.get("ls").get(1).get("name").asText());
            assertEquals("dir", r.get("ls").get(1).get("type").asText());
            assertEquals("alice", r.get("keyGen").get("name").asText());
            assertEquals("bob", r.get("keyRename").get("now").asText());
            assertEquals("[\"self\",\"bob\"]", r.get("keyList").toString());
            assertEquals("bob", r.get("keyRm").asText());
            // DAG operations, figured from the blocks as Kubo would
            ObjectMapper json = new ObjectMapper();
            assertEquals(json.readTree("{\"file\":{\"/\":\"" + cid + "\"},\"hello\":\"world\",\"n\":[1,2]}"),
                    r.get("dagGet"), "the client decoded the stored DAG-CBOR itself");
            assertEquals(2, r.get("dagGetPath").asInt());
            assertEquals(200, r.get("dagGetRpc").get("status").asInt());
            assertEquals("2", r.get("dagGetRpc").get("text").asText());
            assertEquals("{\"file\":{\"/\":\"" + cid + "\"},\"hello\":\"world\",\"n\":[1,2]}",
                    r.get("dagGetRpcCbor").asText());
            JsonNode stat = r.get("dagStat");
            assertEquals(dirBlocks.size() + fileBlocks.size(), stat.get("UniqueBlocks").asInt(), stat.toString());
            assertEquals(dirSize + fileSize, stat.get("TotalSize").asLong());
            assertEquals(dir.toString(), stat.get("DagStats").get(0).get("Cid").asText());
            assertEquals(dirSize, stat.get("DagStats").get(0).get("Size").asLong());
            assertEquals(dirBlocks.size(), stat.get("DagStats").get(0).get("NumBlocks").asInt());
            assertEquals(fileBlocks.size(), stat.get("DagStats").get(1).get("NumBlocks").asInt());
            assertEquals(1.0, stat.get("Ratio").asDouble());
            Set<String> below = new LinkedHashSet<>(dirBlocks.stream().map(Cid::toString).toList());
            below.remove(dir.toString());
            List<String> refs = new java.util.ArrayList<>();
            r.get("refs").forEach(n -> refs.add(n.asText()));
            assertEquals(below, new LinkedHashSet<>(refs), r.get("refs").toString());
            assertEquals(below.size(), refs.size(), "unique: each once");
            assertEquals("[\"" + cid + "\"]", r.get("refsDirect").toString());
            assertTrue(r.get("refsLocal").asInt() >= dirBlocks.size() + fileBlocks.size() + 1, r.toString());
            JsonNode get = r.get("get");
            assertEquals("5", get.get(dir.toString()).get("type").asText(), get.toString());
            assertEquals("5", get.get(dir + "/sub").get("type").asText());
            assertEquals(6, get.get(dir + "/a.txt").get("size").asInt());
            assertEquals(sha256("hello\n".getBytes(StandardCharsets.UTF_8)), get.get(dir + "/a.txt").get("sha256").asText());
            assertEquals(sha256("bee".getBytes(StandardCharsets.UTF_8)), get.get(dir + "/sub/b.txt").get("sha256").asText());
            assertEquals(4, get.size(), get.toString());
            ByteArrayOutputStream car = new ByteArrayOutputStream();
            node.content().dagExport(List.of(cid), car).get(30, TimeUnit.SECONDS);
            assertEquals(sha256(car.toByteArray()), r.get("car").get("sha256").asText(), "the CAR Kubo's client received");
            // the unpinned directory's blocks were collected, the pinned file's kept
            assertTrue(r.get("gc").size() >= 2, r.toString());
            assertTrue(node.content().pinned(cid).get(30, TimeUnit.SECONDS).isPresent());
            // a js-libp2p peer connected through the API
            assertTrue(r.get("connect").toString().contains("success"), r.toString());
            assertTrue(r.get("peers").toString().contains(js.peerId()), r.toString());
            assertTrue(r.get("addrs").toString().contains(js.peerId()), r.toString());
            assertTrue(r.get("localAddrs").get(0).asText().startsWith("/ip4/"), r.toString());
            // ping streamed as Kubo's ndjson: the header, two pongs, the average
            JsonNode ping = r.get("ping");
            assertEquals(4, ping.size(), ping.toString());
            assertEquals("PING " + js.peerId() + ".", ping.get(0).get("text").asText());
            assertTrue(ping.get(1).get("success").asBoolean() && ping.get(1).get("time").asLong() > 0, ping.toString());
            assertTrue(ping.get(3).get("text").asText().startsWith("Average latency: "), ping.toString());
            assertEquals("disconnect " + js.peerId() + " success", r.get("disconnect").get(0).asText());
            assertEquals(0, r.get("peersAfterDisconnect").asInt(), r.toString());
            JsonNode bw = r.get("bw").get(0);
            assertTrue(bw.get("totalIn").asLong() > 0 && bw.get("totalOut").asLong() > 0, r.toString());
            // config and bootstrap on the repo's config file
            assertEquals("/ip4/127.0.0.1/tcp/0", r.get("configApi").asText());
            assertEquals("20GB", r.get("configStorageMax").asText());
            assertTrue(r.get("configFlag").asBoolean(), r.toString());
            assertEquals("[\"/ip4/1.2.3.4/tcp/4001\"]", r.get("configAnnounce").toString());
            assertEquals(node.peerId().toString(), r.get("configShow").get("peerId").asText());
            assertEquals(false, r.get("configShow").get("hasPrivKey").asBoolean(), "the private key is never shown");
            assertTrue(r.get("configPrivKey").asText().contains("private key"), r.toString());
            assertTrue(java.nio.file.Files.readString(repo.path().resolve(Repo.CONFIG_FILE)).contains("20GB"));
            String boot = js.addrs().get(0);
            assertEquals("[\"" + boot + "\"]", r.get("bootstrapAdd").toString());
            assertEquals("[\"" + boot + "\"]", r.get("bootstrapList").toString());
            assertEquals("[\"" + boot + "\"]", r.get("bootstrapRm").toString());
            assertEquals(io.hypha.node.repo.RepoConfig.DEFAULT_BOOTSTRAP.size(), r.get("bootstrapDefault").asInt());
            assertEquals(io.hypha.node.repo.RepoConfig.DEFAULT_BOOTSTRAP.size(), r.get("bootstrapRmAll").asInt());
            assertEquals(0, r.get("bootstrapAfter").asInt());
            js.close();
        }
    }

    /** Every block under {@code cid}, by its own recursion over the stored blocks. */
    private static void collect(Node node, Cid cid, Set<Cid> into) throws Exception {
        if (into.add(cid)) {
            for (Cid c : io.hypha.node.car.CarExport.links(node.content().blockGet(cid).get(30, TimeUnit.SECONDS))) {
                collect(node, c, into);
            }
        }
    }

    private static long size(Node node, Set<Cid> cids) throws Exception {
        long n = 0;
        for (Cid c : cids) {
            n += node.content().blockGet(c).get(30, TimeUnit.SECONDS).size();
        }
        return n;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
