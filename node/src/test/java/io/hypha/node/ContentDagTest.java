package io.hypha.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.block.Block;
import io.hypha.multiformats.Cid;
import io.hypha.node.car.CarExport;
import io.hypha.node.dag.DagStat;
import io.hypha.node.dag.Refs;
import io.hypha.node.ipld.IpldCodecException;
import io.hypha.node.ipld.IpldPathException;
import io.hypha.node.repo.Pins;
import io.hypha.node.repo.Repo;
import io.hypha.node.unixfs.ImportListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The content API's DAG operations over a real repo: dag get, put and stat, refs, and get as a tar archive. */
class ContentDagTest {
    /** The codec fixture {@code map-1_pair}: its DAG-JSON and the CID of its DAG-CBOR form. */
    private static final String PAIR_JSON = "{\"a\":1}";

    @TempDir
    Path tmp;

    private Repo repo;
    private Content content;

    @BeforeEach
    void open() throws Exception {
        repo = Repo.init(tmp.resolve("repo"), Repo.RepoInitOptions.DEFAULTS);
        content = Content.offline(repo);
    }

    @AfterEach
    void close() throws Exception {
        content.close();
        repo.close();
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        return assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS)).getCause();
    }

    private Cid put(String json, boolean pin) throws Exception {
        return await(content.dagPut(json.getBytes(StandardCharsets.UTF_8), "dag-json", "dag-cbor", "sha2-256", pin));
    }

    private String get(Cid cid, String path) throws Exception {
        return new String(await(content.dagGet(cid, path, null)), StandardCharsets.UTF_8);
    }

    @Test
    void dagPutStoresCanonicalDagCborAndPins() throws Exception {
        String fixture = Files.list(Path.of(getClass().getResource("/ipld/codec-fixtures/README.md").toURI())
                .getParent().resolve("fixtures/map-1_pair")).map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".dag-cbor")).findFirst().orElseThrow();
        Cid cid = put(" { \"a\" :  1 } ", true);
        assertEquals(fixture.substring(0, fixture.indexOf('.')), cid.toString());
        assertEquals(Optional.of(Pins.Mode.RECURSIVE), await(content.pinned(cid)));
        Cid json = await(content.dagPut(PAIR_JSON.getBytes(StandardCharsets.UTF_8), "dag-json", "dag-json",
                "sha2-256", false));
        assertEquals(0x0129, json.codec());
        assertEquals(PAIR_JSON, new String(await(content.blockGet(json)).data(), StandardCharsets.UTF_8));
        assertInstanceOf(IpldCodecException.class, failure(content.dagPut("{\"a\":1,\"a\":2}".getBytes(
                StandardCharsets.UTF_8), "dag-json", "dag-cbor", "sha2-256", false)));
        assertThrows(IpldCodecException.class, () -> content.dagPut(new byte[0], "dag-json", "dag-jose", "sha2-256",
                false));
    }

    @Test
    void dagGetWalksPathsThroughMapsListsAndLinksAcrossBlocks() throws Exception {
        Block raw = Block.raw("leaf".getBytes(StandardCharsets.UTF_8));
        await(content.blockPut(raw, false));
        Cid child = put("{\"n\":[10,{\"/\":\"" + raw.cid() + "\"}]}", false);
        Cid root = put("{\"child\":{\"/\":\"" + child + "\"},\"f\":1.5,\"s\":\"x\"}", false);
        assertEquals("{\"child\":{\"/\":\"" + child + "\"},\"f\":1.5,\"s\":\"x\"}", get(root, ""));
        assertEquals("10", get(root, "child/n/0"));
        assertEquals("{\"n\":[10,{\"/\":\"" + raw.cid() + "\"}]}", get(root, "/child/"), "a path ending on a link");
        assertEquals("{\"/\":{\"bytes\":\"bGVhZg\"}}", get(root, "child/n/1"));
        assertArrayEquals("leaf".getBytes(StandardCharsets.UTF_8), await(content.dagGet(root, "child/n/1", "raw")));
        assertArrayEquals(await(content.blockGet(child)).data(), await(content.dagGet(child, "", "dag-cbor")));
        assertTrue(failure(content.dagGet(root, "child/nope", null)).getMessage().contains("under " + child));
        assertInstanceOf(IpldPathException.class, failure(content.dagGet(root, "s/x", null)));
        assertInstanceOf(IpldPathException.class, failure(content.dagGet(root, "child/n/2", null)));
    }

    @Test
    void dagGetFollowsDagPbLinkNames() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d/sub"));
        Files.writeString(dir.resolve("hello.txt"), "hello");
        Cid root = await(content.add(tmp.resolve("d"), Content.AddOptions.defaults(), ImportListener.NONE)).root();
        String node = get(root, "sub/hello.txt");
        assertTrue(node.startsWith("{\"Data\":{\"/\":{\"bytes\":\"") && node.endsWith("\"Links\":[]}"), node);
        assertTrue(get(root, "").contains("\"Name\":\"sub\""));
        assertTrue(get(root, "Links/0/Name").equals("\"sub\""), "the data model form too");
        assertEquals(await(content.ls(root)).get(0).cid(), await(content.resolve(root, "sub")));
    }

    @Test
    void pathsResolveThroughAHamtShardedDirectory() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("many"));
        for (int i = 0; i < 40; i++) {
            Files.writeString(dir.resolve("file-" + i), "content " + i);
        }
        Content.AddOptions sharded = new Content.AddOptions(content.importDefaults().withHamt(1,
                io.hypha.node.unixfs.HamtSizeEstimation.LINKS, 8), false); // 40 entries in 8 buckets: sub-shards
        Cid root = await(content.add(dir, sharded, ImportListener.NONE)).root();
        assertTrue(get(root, "").contains("\"Name\":\""), "a shard's links");
        Cid entry = await(content.resolve(root, "file-27"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        await(content.cat(entry, 0, -1, out));
        assertEquals("content 27", out.toString(StandardCharsets.UTF_8));
        assertInstanceOf(IpldPathException.class, failure(content.resolve(root, "file-99")));
    }

    /** Every block under {@code root} once, as the walk the test trusts: its own recursion. */
    private void collect(Cid cid, Set<Cid> into) throws Exception {
        if (into.add(cid)) {
            for (Cid c : CarExport.links(await(content.blockGet(cid)))) {
                collect(c, into);
            }
        }
    }

    private long size(Set<Cid> cids) throws Exception {
        long n = 0;
        for (Cid c : cids) {
            n += await(content.blockGet(c)).size();
        }
        return n;
    }

    @Test
    void dagStatCountsDistinctBlocksPerRootAndShared() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("s"));
        byte[] big = new byte[600_000];
        new Random(5).nextBytes(big);
        Files.write(dir.resolve("big"), big);
        Files.write(dir.resolve("same"), big); // the same blocks twice
        Cid root = await(content.add(dir, Content.AddOptions.defaults(), ImportListener.NONE)).root();
        Cid file = await(content.ls(root)).get(0).cid();
        Set<Cid> all = new HashSet<>();
        collect(root, all);
        Set<Cid> fileBlocks = new HashSet<>();
        collect(file, fileBlocks);
        DagStat one = await(content.dagStat(List.of(root)));
        assertEquals(new DagStat.Root(root, size(all), all.size()), one.roots().get(0));
        assertEquals(all.size(), one.uniqueBlocks());
        assertEquals(size(all), one.totalSize());
        assertEquals(0, one.sharedSize());
        assertEquals(1f, one.ratio());
        DagStat two = await(content.dagStat(List.of(root, file)));
        assertEquals(new DagStat.Root(file, size(fileBlocks), fileBlocks.size()), two.roots().get(1));
        assertEquals(all.size(), two.uniqueBlocks());
        assertEquals(size(all), two.totalSize());
        assertEquals(size(fileBlocks), two.sharedSize());
        assertEquals((float) (size(all) + size(fileBlocks)) / size(all), two.ratio());
    }

    private List<String> refs(List<Cid> roots, Refs.Options o) throws Exception {
        List<String> lines = new ArrayList<>();
        await(content.refs(roots, o, r -> lines.add(r.error() == null ? r.ref() : "error: " + r.error())));
        return lines;
    }

    @Test
    void refsListLinksAsKuboDoes() throws Exception {
        Block a = Block.raw("a".getBytes(StandardCharsets.UTF_8));
        Block b = Block.raw("b".getBytes(StandardCharsets.UTF_8));
        await(content.blockPut(a, false));
        await(content.blockPut(b, false));
        Cid mid = put("{\"x\":{\"/\":\"" + a.cid() + "\"},\"y\":{\"/\":\"" + b.cid() + "\"}}", false);
        Cid top = put("{\"l\":[{\"/\":\"" + mid + "\"},{\"/\":\"" + a.cid() + "\"},{\"/\":\"" + mid + "\"}]}", false);
        String m = mid.toString();
        String x = a.cid().toString();
        String y = b.cid().toString();
        assertEquals(List.of(m, x, m), refs(List.of(top), Refs.Options.of(false, false, -1, false, null)));
        assertEquals(List.of(m, x, y, x, m, x, y), refs(List.of(top), Refs.Options.of(true, false, -1, false, null)));
        assertEquals(List.of(m, x, y), refs(List.of(top), Refs.Options.of(true, true, -1, false, null)));
        // unique: a CID is listed once, whichever edge reaches it first
        assertEquals(List.of(top + " -> " + m, m + " -> " + x, m + " -> " + y),
                refs(List.of(top), Refs.Options.of(true, true, -1, true, null)));
        assertEquals(List.of("l/0:" + m, "x:" + x, "y:" + y, "l/1:" + x, "l/2:" + m),
                refs(List.of(top), Refs.Options.of(true, false, 2, false, "<linkname>:<dst>")).subList(0, 5));
        assertEquals(List.of(m, x, m), refs(List.of(top), Refs.Options.of(true, false, 1, false, null)));
        Cid missing = Block.raw("nowhere".getBytes(StandardCharsets.UTF_8)).cid();
        List<String> lines = refs(List.of(missing, mid), Refs.Options.of(false, false, -1, false, null));
        assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).contains(missing.toString()), lines.toString());
        assertEquals(List.of(x, y), lines.subList(1, 3), "the next root is still walked");
        assertThrows(IllegalArgumentException.class, () -> Refs.Options.of(true, false, -1, true, "<src>"));
        List<Cid> local = new ArrayList<>();
        assertEquals(4L, await(content.refsLocal(local::add)));
        assertTrue(local.contains(a.cid()) && local.stream().allMatch(c -> c.codec() == 0x55), local.toString());
    }

    @Test
    void getWritesATarThatGnuTarReadsBack() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in/sub"));
        byte[] big = new byte[700_001];
        new Random(9).nextBytes(big);
        Files.write(dir.resolve("big.bin"), big);
        Files.writeString(tmp.resolve("in/hello.txt"), "hello\n");
        String longName = "l".repeat(120) + "-ž.txt";
        Files.writeString(dir.resolve(longName), "long");
        Files.createSymbolicLink(tmp.resolve("in/link"), Path.of("sub/big.bin"));
        Cid root = await(content.add(tmp.resolve("in"), Content.AddOptions.defaults(), ImportListener.NONE)).root();
        Path tar = tmp.resolve("out.tar");
        try (var out = Files.newOutputStream(tar)) {
            await(content.get(root, root.toString(), out));
        }
        assertEquals(0, Files.size(tar) % 512);
        String listing = run("tar", "-tvf", tar.toString());
        assertTrue(listing.contains(root + "/sub/" + longName), listing);
        assertTrue(listing.contains(root + "/link -> sub/big.bin"), listing);
        Path x = Files.createDirectories(tmp.resolve("x"));
        run("tar", "-xf", tar.toString(), "-C", x.toString());
        assertArrayEquals(big, Files.readAllBytes(x.resolve(root + "/sub/big.bin")));
        assertEquals("hello\n", Files.readString(x.resolve(root + "/hello.txt")));
        assertEquals("long", Files.readString(x.resolve(root + "/sub/" + longName)));
        assertEquals(Path.of("sub/big.bin"), Files.readSymbolicLink(x.resolve(root + "/link")));

        Cid file = await(content.ls(root)).stream().filter(e -> e.name().equals("hello.txt")).findFirst()
                .orElseThrow().cid();
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        await(content.get(file, file.toString(), one));
        Path single = tmp.resolve("single.tar");
        Files.write(single, one.toByteArray());
        assertTrue(run("tar", "-tvf", single.toString()).trim().endsWith(" " + file), "one entry named by its CID");
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
