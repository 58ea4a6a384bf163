package io.hypha.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import io.hypha.node.rpc.RpcServer;
import io.hypha.node.unixfs.ImportListener;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published {@code kubo-rpc-client} (npm, pinned in js/package.json) against Hypha's RPC API over a real
 * socket: id, version, cat (whole and a range), block stat and get, pin ls, repo stat, and a bad CID's error.
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
             RpcServer api = RpcServer.start(node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), List.of(), () -> { })
                     .get(30, TimeUnit.SECONDS)) {
            Cid cid = node.content().add("f", new ByteArrayInputStream(data), Content.AddOptions.defaults(),
                    ImportListener.NONE).get(30, TimeUnit.SECONDS).root();

            Path stderr = tmp.resolve("stderr.txt");
            Process p = new ProcessBuilder(JsPeer.nodeBinary().toString(), "rpc-client.mjs", api.address().toString(),
                    cid.toString()).directory(JsPeer.jsDir().toFile()).redirectError(stderr.toFile()).start();
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
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
