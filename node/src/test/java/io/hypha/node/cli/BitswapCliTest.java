package io.hypha.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.block.Block;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.dag.DagStat;
import io.hypha.node.repo.ApiConfig;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import io.hypha.node.repo.RoutingConfig;
import io.hypha.node.routing.DhtTestNodes;
import io.hypha.node.rpc.RpcServer;
import io.hypha.node.unixfs.ImportListener;
import io.hypha.protocol.bitswap.BitswapConfig;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hypha bitswap stat|wantlist|ledger|reprovide} through a node's RPC API, printed as Kubo prints them; their
 * help and their refusals of bad input; and {@code hypha daemon --offline}, which runs without Bitswap.
 */
class BitswapCliTest {
    private static final long TIMEOUT_S = 60;
    private static final Duration WANT_TIMEOUT = Duration.ofMinutes(10);

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();
    private String apiAddress;

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Node node(String name, BitswapConfig bitswap) throws Exception {
        Repo repo = Repo.init(tmp.resolve(name), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
        open.add(repo);
        Node node = Node.builder().repo(repo).routing(RoutingConfig.Type.NONE).bitswapConfig(bitswap)
                .start().get(TIMEOUT_S, TimeUnit.SECONDS);
        open.add(node);
        return node;
    }

    private Node node(String name) throws Exception {
        return node(name, BitswapConfig.defaults().withWantTimeout(WANT_TIMEOUT));
    }

    /** Serves {@code node}'s RPC API; the commands below go to it. */
    private void serve(Node node) throws Exception {
        RpcServer api = RpcServer.start(node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), ApiConfig.DEFAULTS, () -> { })
                .get(TIMEOUT_S, TimeUnit.SECONDS);
        open.add(api);
        apiAddress = api.address().toString();
    }

    private CliRun run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--api";
        all[1] = apiAddress;
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.run(all);
    }

    private CliRun ok(String... args) {
        CliRun r = run(args);
        assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.err());
        assertEquals("", r.err(), String.join(" ", args));
        return r;
    }

    /** A non-zero exit with one line of error that contains {@code expected} and no stack trace. */
    private static void failsWithOneLine(CliRun r, String expected) {
        assertEquals(1, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("Error: ") && r.err().contains(expected), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("io.hypha"), r.err());
    }

    /**
     * A usage error: exit 2, one line of error that contains {@code expected}, then the house's pointer to the
     * command's help.
     */
    private static void usageError(CliRun r, String command, String expected) {
        assertEquals(2, r.exit(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("Error: ") && lines.get(0).contains(expected), r.err());
        assertEquals("Try 'hypha " + command + " --help'.", lines.get(1));
        assertFalse(r.err().contains("Exception") || r.err().contains("io.hypha"), r.err());
    }

    private static void eventually(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.onSpinWait();
        }
    }

    private static void connect(Node from, Node to) throws Exception {
        from.host().connect(to.peerId(), to.host().listenAddresses()).get(TIMEOUT_S, TimeUnit.SECONDS);
        eventually("Bitswap never learned of the peer",
                () -> from.bitswap().orElseThrow().stats().peers().contains(to.peerId()));
        eventually("the peer's Bitswap never learned of us",
                () -> to.bitswap().orElseThrow().stats().peers().contains(from.peerId()));
    }

    @Test
    void statAndLedgerPrintWhatAFetchExchanged() throws Exception {
        Node a = node("a");
        Node b = node("b");
        serve(b);
        assertEquals("bitswap status\n\tblocks received: 0\n\tblocks sent: 0\n\tdata received: 0\n\tdata sent: 0\n"
                + "\tdup blocks received: 0\n\tdup data received: 0\n\twantlist [0 keys]\n\tpartners [0]\n",
                ok("bitswap", "stat").out());
        byte[] data = new byte[700_000];
        new Random(5).nextBytes(data);
        Cid root = a.content().add("f", new ByteArrayInputStream(data), Content.AddOptions.defaults(),
                ImportListener.NONE).get(TIMEOUT_S, TimeUnit.SECONDS).root();
        DagStat dag = a.content().dagStat(List.of(root)).get(TIMEOUT_S, TimeUnit.SECONDS);
        connect(b, a);
        b.content().cat(root, 0, -1, new ByteArrayOutputStream()).get(TIMEOUT_S, TimeUnit.SECONDS);

        String counts = "bitswap status\n\tblocks received: " + dag.uniqueBlocks() + "\n\tblocks sent: 0\n"
                + "\tdata received: %s\n\tdata sent: %s\n\tdup blocks received: 0\n\tdup data received: %s\n"
                + "\twantlist [0 keys]\n\tpartners [1]\n";
        assertEquals(String.format(Locale.ROOT, counts, dag.totalSize(), 0, 0), ok("bitswap", "stat").out());
        assertEquals(String.format(Locale.ROOT, counts, dag.totalSize(), 0, 0) + "\t\t" + a.peerId() + "\n",
                ok("bitswap", "stat", "-v").out());
        assertEquals(String.format(Locale.ROOT, counts, HumanBytes.format(dag.totalSize()), "0 B", "0 B"),
                ok("bitswap", "stat", "--human").out());
        assertTrue(HumanBytes.format(dag.totalSize()).endsWith(" kB"), "700 kB is printed as such");

        assertEquals("Ledger for " + a.peerId() + "\nDebt ratio:\t0.000000\nExchanges:\t"
                + b.bitswap().orElseThrow().ledger(a.peerId()).exchanged() + "\nBytes sent:\t0\nBytes received:\t"
                + dag.totalSize() + "\n\n", ok("bitswap", "ledger", a.peerId().toString()).out());
        // a peer never met: an empty ledger, as in Kubo
        String stranger = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
        assertEquals("Ledger for " + stranger + "\nDebt ratio:\t0.000000\nExchanges:\t0\nBytes sent:\t0\n"
                + "Bytes received:\t0\n\n", ok("bitswap", "ledger", stranger).out());
    }

    /** As BitswapEndpointsTest: a silent client-only peer keeps B's want open while the commands look at it. */
    @Test
    void wantlistPrintsOpenWantsOursAndAPeers() throws Exception {
        Node a = node("a");
        Node b = node("b");
        Node silent = node("c", BitswapConfig.defaults().withWantTimeout(WANT_TIMEOUT).withServer(false));
        serve(a);
        assertEquals("", ok("bitswap", "wantlist").out());
        connect(b, a);
        connect(b, silent);
        Block first = Block.raw("wanted one".getBytes(StandardCharsets.UTF_8));
        Block second = Block.raw("wanted two".getBytes(StandardCharsets.UTF_8));
        // one session for both, as a DAG walk asks
        var session = b.bitswap().orElseThrow().session();
        open.add(session::close);
        CompletableFuture<?> f1 = session.fetch(first.cid());
        CompletableFuture<?> f2 = session.fetch(second.cid());
        eventually("A never heard B's wants", () -> a.bitswap().orElseThrow().wantlist(b.peerId()).size() == 2);
        // Kubo prints the keys sorted by their bytes
        List<Cid> sorted = new ArrayList<>(List.of(first.cid(), second.cid()));
        sorted.sort((x, y) -> java.util.Arrays.compareUnsigned(x.bytes(), y.bytes()));
        assertEquals(sorted.get(0) + "\n" + sorted.get(1) + "\n",
                ok("bitswap", "wantlist", "--peer", b.peerId().toString()).out());
        assertEquals(sorted.get(0) + "\n" + sorted.get(1) + "\n",
                ok("bitswap", "wantlist", "-p", b.peerId().toString()).out());
        assertEquals("", ok("bitswap", "wantlist").out(), "A itself wants nothing");
        assertEquals("", ok("bitswap", "wantlist", "--peer", silent.peerId().toString()).out());
        assertFalse(f1.isDone() || f2.isDone(), "the wants are still open");
        a.content().blockPut(first, false).get(TIMEOUT_S, TimeUnit.SECONDS);
        a.content().blockPut(second, false).get(TIMEOUT_S, TimeUnit.SECONDS);
        CompletableFuture.allOf(f1, f2).get(TIMEOUT_S, TimeUnit.SECONDS);
        eventually("A kept B's wants", () -> a.bitswap().orElseThrow().wantlist(b.peerId()).isEmpty());
        assertEquals("", ok("bitswap", "wantlist", "--peer", b.peerId().toString()).out());
    }

    @Test
    void reprovideAnnouncesThroughTheDht() throws Exception {
        DhtTestNodes dht = new DhtTestNodes(tmp.resolve("dht"), 2);
        open.add(dht);
        serve(dht.node(1));
        CliRun r = ok("bitswap", "reprovide");
        assertEquals("", r.out());
    }

    @Test
    void badInputFailsInOneLine() throws Exception {
        Node a = node("a");
        serve(a);
        usageError(run("bitswap", "nope"), "bitswap", "'nope'");
        usageError(run("bitswap"), "bitswap", "missing subcommand: stat, wantlist, ledger or reprovide");
        usageError(run("bitswap", "ledger"), "bitswap ledger", "PEER");
        usageError(run("bitswap", "ledger", "not-a-peer"), "bitswap ledger", "invalid peer id 'not-a-peer'");
        usageError(run("bitswap", "wantlist", "--peer", "not-a-peer"), "bitswap wantlist",
                "invalid peer id 'not-a-peer'");
        usageError(run("bitswap", "wantlist", "--peer"), "bitswap wantlist", "--peer");
        usageError(run("bitswap", "stat", "--bogus"), "bitswap stat", "--bogus");
        usageError(run("bitswap", "ledger", a.peerId().toString(), "extra"), "bitswap ledger", "'extra'");
        failsWithOneLine(run("bitswap", "reprovide"), "not a DHT");
        // no daemon: each says it needs one
        Path repo = tmp.resolve("idle");
        assertEquals(0, CliRun.run("--repo-dir", repo.toString(), "init", "--profile", "test").exit());
        for (String[] command : new String[][] {{"stat"}, {"wantlist"}, {"ledger", a.peerId().toString()},
            {"reprovide"}}) {
            String[] args = new String[command.length + 3];
            args[0] = "--repo-dir";
            args[1] = repo.toString();
            args[2] = "bitswap";
            System.arraycopy(command, 0, args, 3, command.length);
            failsWithOneLine(CliRun.run(args), "'hypha bitswap " + command[0] + "' needs a running daemon");
        }
        failsWithOneLine(CliRun.run("--api", "/ip4/127.0.0.1/tcp/1", "bitswap", "stat"),
                "cannot reach the daemon's API at /ip4/127.0.0.1/tcp/1");
    }

    @Test
    void helpNamesTheOptions() {
        CliRun top = CliRun.run("bitswap", "--help");
        assertEquals(0, top.exit(), top.err());
        for (String sub : List.of("stat", "wantlist", "ledger", "reprovide")) {
            assertTrue(top.out().contains(sub), top.out());
        }
        String[][] expected = {{"stat", "--verbose", "-v", "--human"}, {"wantlist", "--peer", "-p"},
            {"ledger", "PEER"}, {"reprovide", "routing reprovide"}};
        for (String[] e : expected) {
            CliRun r = CliRun.run("bitswap", e[0], "--help");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().startsWith("Usage: hypha bitswap " + e[0]), r.out());
            for (int i = 1; i < e.length; i++) {
                assertTrue(r.out().contains(e[i]), e[i] + " in " + r.out());
            }
        }
        CliRun daemon = CliRun.run("daemon", "--help");
        assertEquals(0, daemon.exit(), daemon.err());
        assertTrue(daemon.out().contains("--offline"), daemon.out());
    }

    /** {@code hypha daemon --offline} in a child JVM: it says Bitswap is off, and the bitswap commands refuse. */
    @Test
    void anOfflineDaemonRunsWithoutBitswap() throws Exception {
        Path repo = tmp.resolve("offline");
        assertEquals(0, CliRun.run("--repo-dir", repo.toString(), "init", "--profile", "test").exit());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process daemon = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                HyphaCli.class.getName(), "--repo-dir", repo.toString(), "daemon", "--offline")
                .redirectErrorStream(true).start();
        StringBuffer text = new StringBuffer();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(daemon.getInputStream(),
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
        });
        try {
            ready.get(TIMEOUT_S, TimeUnit.SECONDS);
            assertTrue(text.toString().contains("Bitswap: off (offline mode)\n"), text.toString());
            CliRun stat = CliRun.run("--repo-dir", repo.toString(), "bitswap", "stat");
            failsWithOneLine(stat, "this command must be run in online mode");
            failsWithOneLine(CliRun.run("--repo-dir", repo.toString(), "bitswap", "wantlist"),
                    "this command must be run in online mode");
            failsWithOneLine(CliRun.run("--repo-dir", repo.toString(), "bitswap", "ledger",
                    "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA"), "this command must be run in online mode");
            // the node still serves its own blocks
            Path file = Files.writeString(tmp.resolve("f.txt"), "offline but local");
            CliRun added = CliRun.run("--repo-dir", repo.toString(), "add", "-Q", file.toString());
            assertEquals(0, added.exit(), added.err());
            CliRun cat = CliRun.run("--repo-dir", repo.toString(), "cat", added.out().strip());
            assertEquals("offline but local", new String(cat.bytes(), StandardCharsets.UTF_8));
            assertEquals(0, CliRun.run("--repo-dir", repo.toString(), "shutdown").exit());
            assertTrue(daemon.waitFor(TIMEOUT_S, TimeUnit.SECONDS), "the daemon exits after shutdown");
            assertEquals(0, daemon.exitValue(), text.toString());
        } finally {
            if (daemon.isAlive()) {
                daemon.destroyForcibly();
            }
        }
    }
}
