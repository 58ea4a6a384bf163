package io.hypha.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multibase;
import io.hypha.multiformats.Multihash;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The repository commands, run in-process against a temporary repo (--repo-dir). */
class RepoCliTest {
    /** {@code hello world\n} under Kubo's default add (SPEC-NOTES 2.4). */
    private static final String HELLO_V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
    private static final String HELLO_RAW = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4";

    @TempDir
    Path tmp;

    private Path repo;
    private Path hello;

    private CliRun run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--repo-dir";
        all[1] = repo.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.run(all);
    }

    private CliRun ok(String... args) {
        CliRun r = run(args);
        assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.err());
        return r;
    }

    private void failsWithOneLine(CliRun r, String expected) {
        assertTrue(r.exit() != 0, r.toString());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("Error: ")).count(), r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }

    @BeforeEach
    void files() throws IOException {
        repo = tmp.resolve("repo");
        hello = tmp.resolve("hello.txt");
        Files.writeString(hello, "hello world\n");
    }

    @Test
    void commandsWithoutARepoSayToRunInit() {
        for (String[] args : List.of(new String[] {"add", hello.toString()}, new String[] {"cat", HELLO_V0},
                new String[] {"pin", "ls"}, new String[] {"repo", "stat"}, new String[] {"block", "stat", HELLO_V0})) {
            CliRun r = run(args);
            assertEquals(1, r.exit(), String.join(" ", args));
            assertEquals("Error: no Hypha repo at " + repo.toAbsolutePath() + ": run 'hypha init'\n", r.err());
        }
    }

    @Test
    void initPrintsThePeerIdAsKuboDoes() {
        CliRun r = ok("init", "--profile", "test");
        List<String> lines = r.out().lines().toList();
        assertEquals("generating ED25519 keypair...done", lines.get(0));
        assertTrue(lines.get(1).startsWith("peer identity: 12D3KooW"), lines.get(1));
        assertEquals("initializing Hypha node at " + repo.toAbsolutePath(), lines.get(2));
        failsWithOneLine(run("init"), "already exists");
        assertEquals(2, run("init", "--profile", "nope").exit());
    }

    @Test
    void keyGenNameStoresTheKeyInKubosKeystoreLayout() throws IOException {
        failsWithOneLine(run("key", "gen", "alice"), "hypha init");
        ok("init");
        String id = ok("key", "gen", "--type", "ed25519", "alice").out().strip();
        assertTrue(id.startsWith("k51"), id);
        Path file = repo.resolve("keystore").resolve("key_mfwgsy3f"); // base32("alice"), as Kubo names it
        io.hypha.crypto.PrivateKey key = io.hypha.crypto.PrivateKey.decode(Files.readAllBytes(file));
        assertEquals(io.hypha.peer.PeerId.parse(id), io.hypha.peer.PeerId.fromPublicKey(key.publicKey()));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        ok("key", "gen", "--type", "secp256k1", "bob");
        failsWithOneLine(run("key", "gen", "alice"), "already exists");
        failsWithOneLine(run("key", "gen", "self"), "reserved");
        assertEquals(2, run("key", "gen", "carol", "--out", tmp.resolve("k").toString()).exit());
        assertEquals(List.of("self", "alice", "bob"), ok("key", "list").out().lines().toList());
        List<String> withIds = ok("key", "list", "-l").out().lines().toList();
        assertEquals(id + " alice", withIds.get(1));
        assertTrue(withIds.get(0).endsWith(" self") && withIds.get(0).startsWith("k51"), withIds.get(0));

        // rename and rm, with Kubo's answers and refusals
        assertEquals("Key " + id + " renamed to carol", ok("key", "rename", "alice", "carol").out().strip());
        failsWithOneLine(run("key", "rename", "carol", "bob"), "already exists");
        failsWithOneLine(run("key", "rename", "self", "x"), "cannot rename key with name 'self'");
        failsWithOneLine(run("key", "rename", "nobody", "x"), "does not exist");
        assertEquals(List.of("self", "bob", "carol"), ok("key", "list").out().lines().toList());
        assertEquals(id + " carol", ok("key", "rm", "-l", "carol").out().strip());
        failsWithOneLine(run("key", "rm", "self"), "cannot remove key with name 'self'");
        failsWithOneLine(run("key", "rm", "carol"), "does not exist");
        assertEquals("bob", ok("key", "rm", "bob").out().strip());
        assertEquals(List.of("self"), ok("key", "list").out().lines().toList());
    }

    @Test
    void idPrintsThePeerIdPublicKeyAndAddresses() throws IOException {
        ok("init");
        com.fasterxml.jackson.databind.JsonNode id = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ok("id").out());
        io.hypha.peer.PeerId peer = io.hypha.peer.PeerId.parse(id.get("ID").asText());
        io.hypha.crypto.PublicKey key = io.hypha.crypto.PublicKey.decode(
                java.util.Base64.getDecoder().decode(id.get("PublicKey").asText()));
        assertTrue(peer.matches(key));
        assertTrue(id.get("Addresses").isNull(), "offline, as Kubo: " + id);
        assertTrue(id.get("Protocols").isNull(), "offline, as Kubo: " + id);
        assertTrue(id.get("AgentVersion").asText().startsWith("hypha/"));
    }

    @Test
    void addCatPinGcRoundTrip() throws IOException {
        ok("init");
        assertEquals("added " + HELLO_V0 + " hello.txt\n", ok("add", hello.toString()).out());
        assertArrayEquals("hello world\n".getBytes(StandardCharsets.UTF_8), ok("cat", HELLO_V0).bytes());
        assertArrayEquals("world".getBytes(StandardCharsets.UTF_8),
                ok("cat", "--offset", "6", "--length", "5", HELLO_V0).bytes());
        assertEquals(HELLO_V0 + " recursive\n", ok("pin", "ls").out());

        assertEquals(HELLO_RAW + "\n", ok("add", "-Q", "--cid-version", "1", "--pin=false", hello.toString()).out());
        assertEquals(HELLO_RAW + "\n", ok("add", "-q", "-n", "--profile", "unixfs-v1-2025", hello.toString()).out());
        CliRun gc = ok("repo", "gc");
        assertEquals("removed " + HELLO_RAW + "\n", gc.out(), "only the unpinned v1 add is collected");
        failsWithOneLine(run("cat", HELLO_RAW), HELLO_RAW);
        assertArrayEquals("hello world\n".getBytes(StandardCharsets.UTF_8), ok("cat", HELLO_V0).bytes());

        assertEquals("unpinned " + HELLO_V0 + "\n", ok("pin", "rm", HELLO_V0).out());
        failsWithOneLine(run("pin", "rm", HELLO_V0), "not pinned");
        assertEquals(1, ok("repo", "gc", "-q").out().lines().count());
        CliRun stat = ok("repo", "stat");
        assertTrue(stat.out().startsWith("NumObjects: 0\nRepoSize:   "), stat.out());
        assertTrue(stat.out().contains("StorageMax: 10000000000\nRepoPath:   " + repo.toAbsolutePath()
                + "\nVersion:    fs-repo@1\n"), stat.out());
    }

    /**
     * Kubo's rule: {@code --cid-version=1} implies raw leaves only when nothing chose them; with
     * {@code Import.UnixFSRawLeaves} set in the config (or a profile given) that choice stands, offline, with
     * {@code --only-hash}, and an explicit {@code --raw-leaves} still wins. CIDs as Kubo 0.43.1 prints them.
     */
    @Test
    void theConfigsRawLeavesChoiceStandsAgainstCidVersion() throws IOException {
        ok("init");
        String v1Node = "bafybeicg2rebjoofv4kbyovkw7af3rpiitvnl6i7ckcywaq6xjcxnc2mby";
        assertEquals(HELLO_RAW + "\n", ok("add", "-Q", "-n", "--cid-version=1", hello.toString()).out());
        assertEquals(v1Node + "\n", ok("add", "-Q", "-n", "--profile=unixfs-v0-2015", "--cid-version=1",
                hello.toString()).out());
        ok("config", "--json", "Import.UnixFSRawLeaves", "false");
        assertEquals(v1Node + "\n", ok("add", "-Q", "-n", "--cid-version=1", hello.toString()).out());
        assertEquals(v1Node + "\n", ok("add", "-Q", "--pin=false", "--cid-version=1", hello.toString()).out());
        assertEquals(HELLO_RAW + "\n", ok("add", "-Q", "-n", "--cid-version=1", "--raw-leaves", hello.toString()).out());
    }

    @Test
    void addDirectoriesWrapAndLsGet() throws IOException {
        ok("init");
        Path dir = tmp.resolve("dir");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("a.txt"), "a");
        Files.writeString(dir.resolve("sub/b.txt"), "b");
        failsWithOneLine(run("add", dir.toString()), "is a directory, use the '-r' flag");
        List<String> added = ok("add", "-r", dir.toString()).out().lines().toList();
        assertEquals(4, added.size(), added.toString());
        assertTrue(added.get(3).startsWith("added ") && added.get(3).endsWith(" dir"), added.toString());
        String root = added.get(3).split(" ")[1];
        List<String> ls = ok("ls", root).out().lines().toList();
        assertEquals(2, ls.size(), ls.toString());
        assertTrue(ls.get(0).endsWith(" 1 a.txt") && ls.get(1).endsWith(" - sub/"), ls.toString());
        // paths below a CID, as Kubo's cat and ls take them
        assertEquals("b", new String(ok("cat", root + "/sub/b.txt").bytes(), StandardCharsets.UTF_8));
        assertEquals("b", new String(ok("cat", "/ipfs/" + root + "/sub/b.txt").bytes(), StandardCharsets.UTF_8));
        assertTrue(ok("ls", root + "/sub").out().endsWith(" 1 b.txt\n"));
        failsWithOneLine(run("ls", root + "/nope"), "nope");
        failsWithOneLine(run("cat", "notacid/a.txt"), "invalid CID 'notacid'");
        Path out = tmp.resolve("out");
        ok("get", "-o", out.toString(), root);
        assertEquals("b", Files.readString(out.resolve("sub/b.txt")));
        failsWithOneLine(run("get", "-o", out.toString(), root), "already exists");

        List<String> wrapped = ok("add", "-w", hello.toString()).out().lines().toList();
        assertEquals("added " + HELLO_V0 + " hello.txt", wrapped.get(0));
        assertTrue(wrapped.get(1).endsWith(" "), "Kubo prints the wrapping directory with an empty name: " + wrapped);
        String wrapper = wrapped.get(1).substring("added ".length()).strip();
        assertTrue(ok("ls", wrapper).out().contains(HELLO_V0 + " 12 hello.txt"));
    }

    @Test
    void badInputGivesOneClearLine() {
        ok("init");
        failsWithOneLine(run("add", tmp.resolve("missing").toString()), "no such file or directory");
        failsWithOneLine(run("cat", "not-a-cid"), "invalid CID 'not-a-cid'");
        failsWithOneLine(run("block", "get", "Qmnope"), "invalid CID");
        failsWithOneLine(run("pin", "add", HELLO_V0), HELLO_V0);
        assertEquals(2, run("add", "--chunker", "rabin-1-2-3", hello.toString()).exit());
    }

    @Test
    void blockPutGetStatRmAndPinnedBlocksStay() throws IOException {
        ok("init");
        assertEquals(HELLO_RAW + "\n", ok("block", "put", hello.toString()).out());
        assertArrayEquals("hello world\n".getBytes(StandardCharsets.UTF_8), ok("block", "get", HELLO_RAW).bytes());
        assertEquals("Key: " + HELLO_RAW + "\nSize: 12\n", ok("block", "stat", HELLO_RAW).out());
        ok("pin", "add", "--recursive=false", HELLO_RAW);
        failsWithOneLine(run("block", "rm", HELLO_RAW), "pinned: direct");
        ok("pin", "rm", HELLO_RAW);
        assertEquals("removed " + HELLO_RAW + "\n", ok("block", "rm", HELLO_RAW).out());
        failsWithOneLine(run("block", "stat", HELLO_RAW), "not in the blockstore");
        Path notPb = tmp.resolve("x");
        Files.write(notPb, new byte[] {(byte) 0xff, 1, 2});
        failsWithOneLine(run("block", "put", "--cid-codec", "dag-pb", notPb.toString()), "");
    }

    @Test
    void aCorruptBlockIsReportedAndNeverServed() throws IOException {
        ok("init");
        ok("add", hello.toString());
        Multihash mh = Cid.decode(HELLO_V0).multihash();
        String key = Multibase.BASE32_UPPER.encodeRaw(mh.bytes());
        Path file = repo.resolve("blocks").resolve(key.substring(key.length() - 3, key.length() - 1))
                .resolve(key + ".data");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 2] ^= 1;
        Files.write(file, bytes);

        CliRun cat = run("cat", HELLO_V0);
        failsWithOneLine(cat, "corrupt");
        assertEquals(0, cat.bytes().length, "nothing of a corrupt block is written");
        failsWithOneLine(run("block", "get", HELLO_V0), "corrupt");
        CliRun verify = run("repo", "verify");
        assertEquals(1, verify.exit());
        assertTrue(verify.out().startsWith("block bafkrei") && verify.out().contains("was corrupt"), verify.out());
        assertTrue(verify.err().contains("1 of 1 blocks were corrupt"), verify.err());
    }

    @Test
    void dagExportImportRoundTripPinsRoots() throws IOException {
        ok("init");
        ok("add", hello.toString());
        byte[] car = ok("dag", "export", HELLO_V0).bytes();
        Path carFile = tmp.resolve("hello.car");
        Files.write(carFile, car);
        Path other = repo;
        repo = tmp.resolve("repo2");
        ok("init");
        assertEquals("Pinned root\t" + HELLO_V0 + "\tsuccess\n", ok("dag", "import", carFile.toString()).out());
        assertEquals(HELLO_V0 + " recursive\n", ok("pin", "ls").out());
        assertArrayEquals("hello world\n".getBytes(StandardCharsets.UTF_8), ok("cat", HELLO_V0).bytes());
        failsWithOneLine(run("dag", "import", tmp.resolve("none.car").toString()), "no such file");
        repo = other;
        ok("repo", "verify");
    }
}
