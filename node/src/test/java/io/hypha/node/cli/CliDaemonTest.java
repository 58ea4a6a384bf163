package io.hypha.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypha.node.Node;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a client of a running daemon (a child JVM on a temporary repo with port-0 addresses):
 * the same commands print the same output offline and through the daemon; network commands work through it and,
 * without it, say in one line that they need it; {@code shutdown} stops it and removes its api file.
 */
class CliDaemonTest {
    static final long TIMEOUT_S = 60;

    @TempDir
    Path dir;

    private Path repoDir() {
        return dir.resolve("repo");
    }

    private CliRun run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--repo-dir";
        all[1] = repoDir().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.run(all);
    }

    private CliRun ok(String... args) {
        CliRun r = run(args);
        assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.err());
        return r;
    }

    private static void failsWithOneLine(CliRun r, String expected) {
        assertNotEquals(0, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("Error: ") && r.err().contains(expected), r.err());
        assertTrue(!r.err().contains("Exception") && !r.err().contains("io.hypha"), r.err());
    }

    /** {@code hypha daemon} in a child JVM (its logging stays its own); its output, and when it is ready. */
    private static final class Daemon {
        final Process process;
        final StringBuffer text = new StringBuffer();
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();

        Daemon(Path repo) throws java.io.IOException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    HyphaCli.class.getName(), "--repo-dir", repo.toString(), "daemon").redirectErrorStream(true).start();
            Thread.ofPlatform().daemon().start(() -> { // a platform thread: a blocking pipe read would hold a carrier
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        text.append(line).append('\n');
                        if (line.equals("Daemon is ready")) {
                            ready.complete(null);
                        }
                    }
                } catch (java.io.IOException e) {
                    ready.completeExceptionally(e);
                }
                ready.completeExceptionally(new IllegalStateException("the daemon exited: " + text));
                ended.complete(null);
            });
        }
    }

    @Test
    void commandsGoThroughARunningDaemonWithTheSameOutput() throws Exception {
        ok("init", "--profile", "test");
        Path file = dir.resolve("data.bin");
        byte[] data = new byte[200_000];
        new Random(7).nextBytes(data);
        Files.write(file, data);
        String root = ok("add", "-Q", file.toString()).out().strip();
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.writeString(tree.resolve("a.txt"), "a");
        String dirRoot = ok("add", "-r", "-Q", tree.toString()).out().strip();
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("sub").resolve("b b.txt"), "b");
        Files.writeString(tree.resolve(".hidden"), "h");
        Path car = dir.resolve("tree.car");
        Files.write(car, ok("dag", "export", dirRoot).bytes());
        Path blk = dir.resolve("block.bin");
        Files.writeString(blk, "one block");
        Path node = dir.resolve("node.json");
        Files.writeString(node, "{\"name\":\"x\",\"link\":{\"/\":\"" + dirRoot + "\"},\"n\":[1,2.5]}");
        String[][] same = {
            {"add", file.toString()}, {"add", "-r", tree.toString()}, {"add", "-r", "-H", "-w", "--cid-version", "1",
                tree.toString()}, {"add", "-q", "--profile", "unixfs-v1-2025", file.toString()},
            {"add", "-w", file.toString(), blk.toString()},
            {"block", "put", blk.toString()}, {"dag", "import", "--stats", car.toString()},
            {"cat", root}, {"ls", dirRoot}, {"cat", dirRoot + "/a.txt"}, {"cat", "/ipfs/" + dirRoot + "/a.txt"},
            {"ls", "/ipfs/" + dirRoot + "/"}, {"ls", dirRoot + "/nope"}, {"cat", dirRoot + "/nope"}, {"pin", "ls"}, {"pin", "ls", "--type", "recursive", root},
            {"config", "Addresses.API"}, {"config", "Datastore"}, {"bootstrap", "list"}, {"config", "show"},
            {"key", "list", "-l"}, {"block", "stat", root}, {"block", "get", root}, {"dag", "export", dirRoot},
            {"refs", "-r", dirRoot}, {"refs", "-r", "--unique", "-e", dirRoot}, {"refs", dirRoot + "/sub"},
            {"dag", "get", dirRoot}, {"dag", "get", "--output-codec", "dag-cbor", dirRoot}, {"dag", "stat", dirRoot, root},
            {"dag", "put", node.toString()}, {"repo", "verify"}, {"refs", "not-a-cid"}, {"dag", "get", dirRoot + "/nope"}, {"dag", "stat", "bafynot"}, {"dag", "put", dir.resolve("tree.car").toString()},
            {"repo", "gc"}, {"block", "rm", root}};
        String[] offline = new String[same.length];
        for (int i = 0; i < same.length; i++) {
            CliRun r = run(same[i]);
            offline[i] = r.exit() + r.out() + r.err() + new String(r.bytes(), StandardCharsets.ISO_8859_1);
        }
        assertArrayEquals(data, ok("cat", root).bytes());
        assertEquals(ok("add", "-Q", "-w", file.toString(), blk.toString()).out(),
                ok("add", "-Q", "-n", "-w", file.toString(), blk.toString()).out(), "--only-hash wraps the same way");
        Path gotOffline = dir.resolve("got-offline");
        assertEquals("Saving file(s) to " + gotOffline + "\n", ok("get", "-o", gotOffline.toString(), dirRoot).out());
        failsWithOneLine(run("swarm", "peers"), "'hypha swarm peers' needs a running daemon: start one with 'hypha daemon'");
        failsWithOneLine(run("stats", "bw"), "needs a running daemon");
        failsWithOneLine(run("shutdown"), "needs a running daemon");
        failsWithOneLine(run("id", "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA"), "needs a running daemon");

        Daemon daemon = new Daemon(repoDir());
        daemon.ready.get(TIMEOUT_S, TimeUnit.SECONDS);
        Path apiFile = repoDir().resolve("api");
        assertTrue(Files.exists(apiFile));
        try (Repo otherRepo = Repo.init(dir.resolve("other"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
                Node other = Node.builder().repo(otherRepo).start().get(TIMEOUT_S, TimeUnit.SECONDS)) {
            for (int i = 0; i < same.length; i++) {
                CliRun r = run(same[i]);
                assertEquals(offline[i], r.exit() + r.out() + r.err() + new String(r.bytes(), StandardCharsets.ISO_8859_1),
                        String.join(" ", same[i]) + " prints the same through the daemon");
            }
            // get: the daemon's tar stream written to disk gives the tree the offline get wrote
            Path gotOnline = dir.resolve("got-online");
            assertEquals("Saving file(s) to " + gotOnline + "\n", ok("get", "-o", gotOnline.toString(), dirRoot).out());
            assertEquals(ok("add", "-r", "-n", "-Q", gotOffline.toString()).out(),
                    ok("add", "-r", "-n", "-Q", gotOnline.toString()).out());
            assertEquals(dirRoot + "\n", ok("add", "-r", "-n", "-Q", gotOnline.toString()).out());
            // a file whose last block is gone: cat through the daemon fails in one line, never a short file and exit 0
            Path holey = dir.resolve("holey.bin");
            byte[] holeyData = new byte[1_500_000];
            new Random(9).nextBytes(holeyData);
            Files.write(holey, holeyData);
            String holeyRoot = ok("add", "-Q", "--pin=false", "--raw-leaves", holey.toString()).out().strip();
            List<String> leaves = ok("refs", holeyRoot).out().lines().toList();
            ok("block", "rm", leaves.get(leaves.size() - 1));
            failsWithOneLine(run("cat", holeyRoot), "the daemon's answer to 'cat' broke off before its end");
            String k = ok("key", "gen", "k1").out().strip();
            assertEquals("Key " + k + " renamed to k2\n", ok("key", "rename", "k1", "k2").out());
            assertEquals("k2\n", ok("key", "rm", "k2").out());
            assertEquals("unpinned " + root + "\n", ok("pin", "rm", root).out());
            assertEquals("pinned " + root + " recursively\n", ok("pin", "add", root).out());
            assertTrue(ok("repo", "stat").out().startsWith("NumObjects: "));
            JsonNode id = new ObjectMapper().readTree(ok("id").out());
            assertTrue(id.get("Addresses").get(0).asText().endsWith("/p2p/" + id.get("ID").asText()), id.toString());

            String otherAddr = other.host().listenAddresses().get(0).withPeerId(other.peerId()).toString();
            String peer = other.peerId().toString();
            assertEquals("connect " + peer + " success\n", ok("swarm", "connect", otherAddr).out());
            assertEquals(otherAddr + "\n", ok("swarm", "peers").out());
            assertTrue(ok("swarm", "addrs").out().contains(peer + " (1)\n\t" + other.host().listenAddresses().get(0)));
            assertTrue(ok("swarm", "addrs", "listen").out().startsWith("/ip4/127.0.0.1/tcp/"));
            assertEquals(peer, new ObjectMapper().readTree(ok("id", peer).out()).get("ID").asText());
            List<String> ping = ok("ping", "-n", "1", peer).out().lines().toList();
            assertEquals("PING " + peer + ".", ping.get(0));
            assertTrue(ping.get(1).startsWith("Pong received: time="), ping.toString());
            assertTrue(ping.get(2).startsWith("Average latency: "), ping.toString());
            List<String> bw = ok("stats", "bw").out().lines().toList();
            assertEquals("Bandwidth", bw.get(0));
            assertTrue(bw.get(1).matches("TotalIn: [0-9.]+ [kMG]?B"), bw.toString());
            assertEquals("disconnect " + peer + " success\n", ok("swarm", "disconnect", otherAddr).out());
            assertEquals("", ok("swarm", "peers").out());

            assertEquals("", ok("config", "Datastore.StorageMax", "20GB").out());
            assertEquals("20GB\n", ok("config", "Datastore.StorageMax").out());
            assertTrue(Files.readString(repoDir().resolve("config")).contains("\"20GB\""));
            assertEquals("added " + otherAddr + "\n", ok("bootstrap", "add", otherAddr).out());
            assertEquals(otherAddr + "\n", ok("bootstrap").out());
            assertEquals("removed " + otherAddr + "\n", ok("bootstrap", "rm", "--all").out());
            failsWithOneLine(run("config", "Identity.PrivKey"), "cannot show or change private key");
            failsWithOneLine(run("cat", "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"), "bafkrei");
        }
        ok("shutdown");
        assertTrue(daemon.process.waitFor(TIMEOUT_S, TimeUnit.SECONDS), "the daemon exits after shutdown");
        daemon.ended.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(0, daemon.process.exitValue(), daemon.text.toString());
        assertTrue(daemon.text.toString().contains("Shutdown requested through the RPC API"), daemon.text.toString());
        assertTrue(Files.notExists(repoDir().resolve("api")), "the api file is removed on exit");
        failsWithOneLine(run("swarm", "peers"), "needs a running daemon");
        assertEquals("20GB\n", ok("config", "Datastore.StorageMax").out(), "offline again, the change persisted");
    }

    @Test
    void aStaleApiFileOrABadApiAddressIsOneLine() throws Exception {
        ok("init", "--profile", "test");
        // a daemon that died: the api file names a port nobody listens on; the unlocked repo opens offline
        Files.writeString(repoDir().resolve("api"), "/ip4/127.0.0.1/tcp/1");
        assertEquals("", ok("pin", "ls").out());
        failsWithOneLine(run("swarm", "peers"), "needs a running daemon");
        failsWithOneLine(run("--api", "/ip4/127.0.0.1/tcp/1", "id"), "cannot reach the daemon's API at /ip4/127.0.0.1/tcp/1");
        failsWithOneLine(run("--api", "not-an-address", "id"), "invalid API address 'not-an-address'");
        failsWithOneLine(run("--api", "/ip4/127.0.0.1/udp/1", "swarm", "peers"), "invalid API address");
        failsWithOneLine(run("swarm", "connect", "/ip4/127.0.0.1/tcp/1"), "names no peer");
        failsWithOneLine(run("ping", "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA"), "'hypha ping' needs a running daemon");
        failsWithOneLine(run("--api", "/ip4/127.0.0.1/tcp/1", "get", "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"),
                "cannot reach the daemon's API at /ip4/127.0.0.1/tcp/1");
    }
}
