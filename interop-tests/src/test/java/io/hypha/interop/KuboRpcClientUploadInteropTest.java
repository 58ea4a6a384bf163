package io.hypha.interop;

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
import io.hypha.node.repo.Repo;
import io.hypha.node.rpc.RpcServer;
import io.hypha.node.unixfs.Chunker;
import io.hypha.node.unixfs.ImportListener;
import io.hypha.node.unixfs.ImportOptions;
import io.hypha.node.unixfs.Importer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published {@code kubo-rpc-client} uploading to Hypha's RPC API over a real socket: {@code add} of a file
 * (with progress), a directory tree and the importer's options, {@code block/put} and {@code dag/import}; every
 * CID it is answered equals what an in-process import of the same bytes gives.
 */
class KuboRpcClientUploadInteropTest {
    @TempDir
    Path tmp;

    /** The js script's bytes(n, seed): a 32-bit LCG, the same in both languages. */
    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        int x = seed;
        for (int i = 0; i < n; i++) {
            x = (x * 1103515245 + 12345) & 0x7fffffff;
            b[i] = (byte) (x >> 16);
        }
        return b;
    }

    private static Cid hash(ImportOptions o, String name, byte[] data) throws Exception {
        return Importer.onlyHash(o).importStream(name, new ByteArrayInputStream(data)).root();
    }

    @Test
    void kuboRpcClientUploadsAndGetsKubosCids() throws Exception {
        try (Repo repo = Repo.init(tmp.resolve("repo"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
             Node node = Node.builder().repo(repo).start().get(30, TimeUnit.SECONDS);
             RpcServer api = RpcServer.start(node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), ApiConfig.DEFAULTS, () -> { })
                     .get(30, TimeUnit.SECONDS)) {
            // a CAR made elsewhere: a file in another repo, exported
            byte[] carData = bytes(200_000, 9);
            ByteArrayOutputStream car = new ByteArrayOutputStream();
            Cid carRoot;
            try (Repo other = Repo.init(tmp.resolve("other"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
                 Content c = Content.offline(other)) {
                carRoot = c.add("c", new ByteArrayInputStream(carData), Content.AddOptions.defaults(), ImportListener.NONE)
                        .get(30, TimeUnit.SECONDS).root();
                c.dagExport(List.of(carRoot), car).get(30, TimeUnit.SECONDS);
            }
            Path carFile = Files.write(tmp.resolve("in.car"), car.toByteArray());

            Path stderr = tmp.resolve("stderr.txt");
            Process p = new ProcessBuilder(JsPeer.nodeBinary().toString(), "rpc-upload.mjs", api.address().toString(),
                    carFile.toString()).directory(JsPeer.jsDir().toFile()).redirectError(stderr.toFile()).start();
            p.getOutputStream().close();
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), stdout + Files.readString(stderr));
            JsonNode r = new ObjectMapper().readTree(stdout);

            ImportOptions kubo = ImportOptions.defaults();
            byte[] big = bytes(3_000_000, 1);
            Cid file = hash(kubo, "big.bin", big);
            assertEquals(file.toString(), r.get("file").get("cid").asText(), r.toString());
            assertEquals("big.bin", r.get("file").get("path").asText());
            assertEquals(sha256(big), r.get("fileSha256").asText(), "both sides made the same bytes");
            assertEquals(sha256(big), r.get("fileBack").get("sha256").asText(), "cat gives them back");
            assertTrue(r.get("progressCount").asInt() >= 10, "progress reported per chunk: " + r);
            assertEquals(big.length, r.get("progressLast").get(0).asInt());
            assertEquals("big.bin", r.get("progressLast").get(1).asText());

            // the tree: the same CIDs as importing the same files from disk
            Path site = Files.createDirectories(tmp.resolve("disk/site"));
            Files.writeString(site.resolve("index.html"), "<h1>hi</h1>\n");
            Files.createDirectories(site.resolve("img"));
            Files.write(site.resolve("img/a.bin"), bytes(300_000, 2));
            Files.write(site.resolve("img/b.bin"), bytes(1000, 3));
            Files.createDirectories(site.resolve("empty"));
            Cid siteRoot = Importer.onlyHash(kubo).importPath(site).root();
            JsonNode tree = r.get("tree");
            JsonNode root = tree.get(tree.size() - 1);
            assertEquals("site", root.get("path").asText(), r.toString());
            assertEquals(siteRoot.toString(), root.get("cid").asText());
            assertEquals(6, tree.size(), "3 files, 2 directories and the root: " + tree);

            assertEquals(hash(kubo.withCidVersion(1).withRawLeaves(true).withChunker(Chunker.size(65536)), "",
                    bytes(500_000, 4)).toString(), r.get("v1").asText());
            assertEquals(Importer.onlyHash(kubo.withWrapWithDirectory(true)).importStream("w.txt",
                    new ByteArrayInputStream("wrapped\n".getBytes(StandardCharsets.UTF_8))).root().toString(),
                    r.get("wrapped").asText());
            Cid onlyHash = Cid.decode(r.get("onlyHash").asText());
            assertEquals(hash(kubo, "", bytes(1000, 5)), onlyHash);
            assertFalse(node.blockService().store().has(onlyHash).get(10, TimeUnit.SECONDS), "only-hash stores nothing");
            assertFalse(r.get("pins").toString().contains(r.get("notPinned").asText()), "pin=false");
            assertTrue(r.get("pins").toString().contains(file.toString()), "added files are pinned");

            assertEquals("a raw block", r.get("blockBack").asText());
            assertTrue(r.get("blockRaw").asText().startsWith("bafkrei"), "a raw CIDv1 by default: " + r);
            assertEquals(carRoot.toString(), r.get("imported").get(0).asText());
            assertTrue(node.content().pinned(carRoot).get(10, TimeUnit.SECONDS).isPresent(), "CAR roots pinned");
            assertTrue(r.get("bigBlock").asText().contains("over"), "a 2 MB block needs allow-big-block: " + r);
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
