package io.hypha.node.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiformats.Cid;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IPFS gateway conformance suite's expectations (ipfs/gateway-conformance {@code tests/}), ported to JUnit
 * against this gateway with the suite's own fixture CARs: {@code trustless_gateway_raw_test.go},
 * {@code trustless_gateway_car_test.go} and the UnixFS parts of {@code path_gateway_unixfs_test.go}.
 *
 * <p>Not ported, and why: IPNS, DNSLink, subdomain and {@code _redirects} tests (this gateway serves
 * {@code /ipfs/} paths only); {@code trustless_gateway_ipns_test.go} (no IPNS); CAR pathing through DAG-CBOR
 * ({@code /files/single} inside a DAG-CBOR document: paths are resolved through UnixFS directories only, the
 * answer is 404); the Kubo-specific parts of the directory listing (its breadcrumb markup and
 * {@code class="ipfs-hash"} links); multipart answers to multi-range requests (the suite accepts the first range
 * alone, which is what this gateway sends); tar, dag-json and dag-cbor response formats.
 */
class GatewayConformanceTest {
    @TempDir
    static Path tmp;

    static GatewayTestNode gw;
    static ConformanceFixture rawBlock;
    static ConformanceFixture twoFiles;
    static ConformanceFixture mixed;
    static ConformanceFixture hamt;
    static ConformanceFixture dups;
    static ConformanceFixture missing;
    static ConformanceFixture cbor;
    static ConformanceFixture files;
    static ConformanceFixture cache;
    static ConformanceFixture listing;
    static ConformanceFixture percent;
    static ConformanceFixture symlink;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayTestNode.start(tmp);
        rawBlock = fixture("gateway-raw-block.car");
        twoFiles = fixture("subdir-with-two-single-block-files.car");
        mixed = fixture("subdir-with-mixed-block-files.car");
        hamt = fixture("single-layer-hamt-with-multi-block-files.car");
        dups = fixture("dir-with-duplicate-files.car");
        missing = fixture("file-3k-and-3-blocks-missing-block.car");
        cbor = fixture("dir-with-dag-cbor-with-links.car");
        files = fixture("dir-with-files.car");
        cache = fixture("gateway-cache.car");
        listing = fixture("dir_listing.car");
        percent = fixture("dir-with-percent-encoded-filename.car");
        symlink = fixture("symlink.car");
    }

    private static ConformanceFixture fixture(String name) throws Exception {
        gw.importFixture(name);
        return ConformanceFixture.load(name);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    private static List<Cid> cids(Object... parts) {
        List<Cid> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof Cid c) {
                out.add(c);
            } else {
                for (Object c : (List<?>) p) {
                    out.add((Cid) c);
                }
            }
        }
        return out;
    }

    private static void assertCar(HttpResponse<byte[]> r, List<Cid> expected) {
        assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/vnd.ipld.car"));
        List<Cid> actual = GatewayTestNode.carBlocks(r.body());
        assertTrue(expected.equals(actual), () -> "expected " + expected.size() + " blocks " + shorten(expected)
                + " but got " + actual.size() + " " + shorten(actual));
    }

    private static String shorten(List<Cid> cids) {
        String s = cids.toString();
        return s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }

    // ---- trustless_gateway_raw_test.go

    @Test
    void rawBlockByFormatAndByAccept() throws Exception {
        Cid dir = rawBlock.cid("dir");
        assertArrayEquals(rawBlock.raw("dir"), gw.get("/ipfs/" + dir + "?format=raw").body());
        assertArrayEquals(rawBlock.raw("dir"), gw.get("/ipfs/" + dir, "Accept", "application/vnd.ipld.raw").body());
    }

    @Test
    void rawBlockHeaders() throws Exception {
        Cid ascii = rawBlock.cid("dir", "ascii.txt");
        HttpResponse<byte[]> r = gw.get("/ipfs/" + ascii, "Accept", "application/vnd.ipld.raw");
        assertEquals(200, r.statusCode());
        assertEquals("application/vnd.ipld.raw", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(String.valueOf(rawBlock.raw("dir", "ascii.txt").length),
                r.headers().firstValue("Content-Length").orElseThrow());
        assertTrue(r.headers().firstValue("Content-Disposition").orElseThrow().contains("attachment;"));
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertArrayEquals(rawBlock.raw("dir", "ascii.txt"), r.body());
        assertTrue(r.headers().firstValue("Etag").isPresent());
        assertEquals("/ipfs/" + ascii, r.headers().firstValue("X-Ipfs-Path").orElseThrow());
        assertTrue(r.headers().firstValue("X-Ipfs-Roots").orElseThrow().contains(ascii.toString()));
        String cc = r.headers().firstValue("Cache-Control").orElseThrow().replace(" ", "");
        List<String> directives = Arrays.asList(cc.split(","));
        assertTrue(directives.contains("public") && directives.contains("immutable"), cc);
        long maxAge = directives.stream().filter(d -> d.startsWith("max-age=")).mapToLong(d -> Long.parseLong(
                d.substring(8))).findFirst().orElseThrow();
        assertTrue(maxAge >= 29030400, cc);
    }

    @Test
    void rawBlockWithFilename() throws Exception {
        HttpResponse<byte[]> r = gw.get("/ipfs/" + rawBlock.cid("dir", "ascii.txt") + "?filename=foobar.bin",
                "Accept", "application/vnd.ipld.raw");
        String cd = r.headers().firstValue("Content-Disposition").orElseThrow();
        assertTrue(cd.contains("attachment;") && cd.contains("filename=\"foobar.bin"), cd);
    }

    @Test
    void rawBlockRanges() throws Exception {
        byte[] data = rawBlock.raw("dir", "ascii.txt");
        HttpResponse<byte[]> r = gw.get("/ipfs/" + rawBlock.cid("dir", "ascii.txt"), "Accept", "application/vnd.ipld.raw",
                "Range", "bytes=3-9");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 3-9/" + data.length, r.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(data, 3, 10), r.body());
    }

    // ---- trustless_gateway_car_test.go: pathing

    @Test
    void carPathingThroughDirectories() throws Exception {
        assertCar(gw.get("/ipfs/" + twoFiles.cid() + "/subdir/ascii.txt?format=car"),
                cids(twoFiles.cid(), twoFiles.cid("subdir"), twoFiles.cid("subdir", "ascii.txt")));
    }

    @Test
    void carPathingThroughAHamt() throws Exception {
        // the path's blocks include the shard nodes the name's hash leads through
        assertCar(gw.get("/ipfs/" + hamt.cid() + "/685.txt?format=car"),
                cids(hamt.cid(), hamt.shardsTo("685.txt"), hamt.dag("685.txt")));
    }

    @Test
    void carPathToAMissingNameIs404() throws Exception {
        // the suite accepts 404 or a partial CAR; this gateway resolves the path before answering
        assertEquals(404, gw.get("/ipfs/" + twoFiles.cid() + "/subdir/i-do-not-exist?format=car").statusCode());
    }

    // ---- dag-scope=block

    @Test
    void carScopeBlock() throws Exception {
        assertCar(gw.get("/ipfs/" + twoFiles.cid() + "/subdir?format=car&dag-scope=block"),
                cids(twoFiles.cid(), twoFiles.cid("subdir")));
        assertCar(gw.get("/ipfs/" + twoFiles.cid() + "/subdir/ascii.txt?format=car&dag-scope=block"),
                cids(twoFiles.cid(), twoFiles.cid("subdir"), twoFiles.cid("subdir", "ascii.txt")));
        assertCar(gw.get("/ipfs/" + hamt.cid() + "/1.txt?format=car&dag-scope=block"),
                cids(hamt.cid(), hamt.shardsTo("1.txt"), hamt.cid("1.txt")));
    }

    // ---- dag-scope=entity

    @Test
    void carScopeEntity() throws Exception {
        assertCar(gw.get("/ipfs/" + twoFiles.cid() + "?format=car&dag-scope=entity"), cids(twoFiles.cid()));
        // a sharded directory's entity is its shard nodes, not its entries
        assertCar(gw.get("/ipfs/" + hamt.cid() + "?format=car&dag-scope=entity"), cids(hamt.cid(), hamt.shards()));
        assertCar(gw.get("/ipfs/" + mixed.cid() + "/subdir/ascii.txt?format=car&dag-scope=entity"),
                cids(mixed.cid(), mixed.cid("subdir"), mixed.cid("subdir", "ascii.txt")));
        assertCar(gw.get("/ipfs/" + mixed.cid() + "/subdir/multiblock.txt?format=car&dag-scope=entity"),
                cids(mixed.cid(), mixed.cid("subdir"), mixed.dag("subdir", "multiblock.txt")));
        // DAG-CBOR reached through a UnixFS directory: its entity is the block alone
        assertCar(gw.get("/ipfs/" + cbor.cid() + "/document?format=car&dag-scope=entity"),
                cids(cbor.cid(), cbor.cid("document")));
    }

    // ---- dag-scope=all

    @Test
    void carScopeAll() throws Exception {
        assertCar(gw.get("/ipfs/" + mixed.cid() + "/subdir?format=car&dag-scope=all"),
                cids(mixed.cid(), mixed.dag("subdir")));
        assertCar(gw.get("/ipfs/" + mixed.cid() + "/subdir/multiblock.txt?format=car&dag-scope=all"),
                cids(mixed.cid(), mixed.cid("subdir"), mixed.dag("subdir", "multiblock.txt")));
    }

    // ---- entity-bytes

    @Test
    void carEntityBytesSkipsMissingBlocksOutsideTheRange() throws Exception {
        List<Cid> chunks = missing.children();
        assertCar(gw.get("/ipfs/" + missing.cid() + "?format=car&dag-scope=entity&entity-bytes=0:1000"),
                cids(missing.cid(), chunks.get(0)));
        assertCar(gw.get("/ipfs/" + missing.cid() + "?format=car&dag-scope=entity&entity-bytes=2200:*"),
                cids(missing.cid(), chunks.get(2)));
    }

    @Test
    void carEntityBytesRanges() throws Exception {
        Cid file = mixed.cid("subdir", "multiblock.txt");
        List<Cid> chunks = mixed.children("subdir", "multiblock.txt"); // 4 x 256 + 2 bytes
        String base = "/ipfs/" + file + "?format=car&dag-scope=entity&entity-bytes=";
        assertCar(gw.get("/ipfs/" + mixed.cid() + "/subdir/multiblock.txt?format=car&dag-scope=entity&entity-bytes=0:*"),
                cids(mixed.cid(), mixed.cid("subdir"), mixed.dag("subdir", "multiblock.txt")));
        assertCar(gw.get("/ipfs/" + hamt.cid() + "?format=car&dag-scope=entity&entity-bytes=0:*"),
                cids(hamt.cid(), hamt.shards()));
        assertCar(gw.get(base + "512:*"), cids(file, chunks.subList(2, 5)));
        assertCar(gw.get(base + "512:1023"), cids(file, chunks.subList(2, 4)));
        assertCar(gw.get(base + "512:-256"), cids(file, chunks.subList(2, 4)));
        assertCar(gw.get(base + "-5:*"), cids(file, chunks.subList(3, 5)));
        assertCar(gw.get(base + "-9999:*"), cids(file, chunks));
        assertCar(gw.get(base + "-9999:-3"), cids(file, chunks.subList(0, 4)));
        assertCar(gw.get(base + "0:0"), cids(file, chunks.get(0)));
    }

    // ---- order and duplicates

    @Test
    void carDuplicatesWhenAsked() throws Exception {
        Cid ascii = dups.cid("ascii.txt");
        assertEquals(ascii, dups.cid("ascii-copy.txt"), "the fixture's two files are the same block");
        List<Cid> withDups = cids(dups.cid(), ascii, ascii, dups.cid("hello.txt"), dups.dag("multiblock.txt"));
        HttpResponse<byte[]> r = gw.get("/ipfs/" + dups.cid(),
                "Accept", "application/vnd.ipld.car; version=1; order=dfs; dups=y");
        assertCar(r, withDups);
        String type = r.headers().firstValue("Content-Type").orElseThrow();
        assertTrue(type.contains("order=dfs") && type.contains("dups=y"), type);

        HttpResponse<byte[]> unk = gw.get("/ipfs/" + dups.cid(), "Accept", "application/vnd.ipld.car; version=1; order=unk");
        assertTrue(unk.headers().firstValue("Content-Type").orElseThrow().contains("order="));
        assertEquals(cids(dups.cid(), ascii, dups.cid("hello.txt"), dups.dag("multiblock.txt")),
                GatewayTestNode.carBlocks(unk.body()), "dups=n by default: each block once");

        assertCar(gw.get("/ipfs/" + dups.cid() + "?format=car",
                "Accept", "application/vnd.ipld.car; version=1; order=dfs; dups=y"), withDups);
        assertTrue(gw.get("/ipfs/" + dups.cid() + "?format=car&car-order=dfs", "Accept", "application/vnd.ipld.car; order=unk")
                .headers().firstValue("Content-Type").orElseThrow().contains("order=dfs"));
        assertTrue(gw.get("/ipfs/" + dups.cid() + "?format=car&car-dups=y", "Accept", "application/vnd.ipld.car; dups=n")
                .headers().firstValue("Content-Type").orElseThrow().contains("dups=y"));
    }

    @Test
    void carOfAnIdentityCidHasNoBlocks() throws Exception {
        HttpResponse<byte[]> r = gw.get("/ipfs/bafkqaf3imvwgy3zaneqgc3janfxgy2lomvscay3jmqfa",
                "Accept", "application/vnd.ipld.car; dups=y");
        assertCar(r, List.of());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().contains("dups=y"));
    }

    @Test
    void formatWinsOverAccept() throws Exception {
        assertTrue(gw.get("/ipfs/" + rawBlock.cid("dir") + "?format=car", "Accept", "application/vnd.ipld.raw")
                .headers().firstValue("Content-Type").orElseThrow().contains("application/vnd.ipld.car"));
        assertEquals("application/vnd.ipld.raw", gw.get("/ipfs/" + rawBlock.cid("dir") + "?format=raw",
                "Accept", "application/vnd.ipld.car").headers().firstValue("Content-Type").orElseThrow());
    }

    // ---- path_gateway_unixfs_test.go

    @Test
    void directoryListing() throws Exception {
        Cid root = listing.cid();
        String rootPage = new String(gw.get("/ipfs/" + root + "/").body(), StandardCharsets.UTF_8);
        assertTrue(rootPage.contains("Index of"));
        assertFalse(rootPage.contains(">..</a>"), "no backlink on the root CID");
        HttpResponse<byte[]> redirect = gw.get("/ipfs/" + root + "/%C4%85/%C4%99");
        assertEquals(301, redirect.statusCode());
        assertEquals("/ipfs/" + root + "/%C4%85/%C4%99/", redirect.headers().firstValue("Location").orElseThrow());
        HttpResponse<byte[]> page = gw.get("/ipfs/" + root + "/%C4%85/%C4%99/");
        assertTrue(page.headers().firstValue("Etag").orElseThrow().startsWith("\"DirIndex-"));
        String html = new String(page.body(), StandardCharsets.UTF_8);
        assertTrue(html.contains("Index of"), html);
        assertTrue(html.contains(">..</a>"), html);
        assertTrue(html.contains("<a href=\"/ipfs/" + root + "/%C4%85/%C4%99/file-%C5%BA%C5%82.txt\">file-źł.txt</a>"),
                html);
        assertEquals(404, gw.get("/ipfs/" + root + "/i-do-not-exist").statusCode());
    }

    @Test
    void cacheHeadersAlongAPath() throws Exception {
        Cid c1 = cache.cid();
        Cid c2 = cache.cid("root2");
        Cid c3 = cache.cid("root2", "root3");
        Cid c4 = cache.cid("root2", "root3", "root4");
        Cid index = cache.cid("root2", "root3", "root4", "index.html");
        HttpResponse<byte[]> dir = gw.get("/ipfs/" + c1 + "/root2/root3/");
        assertEquals(200, dir.statusCode());
        assertEquals("/ipfs/" + c1 + "/root2/root3/", dir.headers().firstValue("X-Ipfs-Path").orElseThrow());
        assertEquals(c1 + "," + c2 + "," + c3, dir.headers().firstValue("X-Ipfs-Roots").orElseThrow());
        String dirEtag = dir.headers().firstValue("Etag").orElseThrow();

        HttpResponse<byte[]> withIndex = gw.get("/ipfs/" + c1 + "/root2/root3/root4/");
        assertEquals(200, withIndex.statusCode());
        assertEquals(Gateway.IMMUTABLE, withIndex.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(c1 + "," + c2 + "," + c3 + "," + c4, withIndex.headers().firstValue("X-Ipfs-Roots").orElseThrow());
        assertEquals("\"" + c4 + "\"", withIndex.headers().firstValue("Etag").orElseThrow());

        HttpResponse<byte[]> file = gw.get("/ipfs/" + c1 + "/root2/root3/root4/index.html");
        assertEquals(200, file.statusCode());
        assertEquals(c1 + "," + c2 + "," + c3 + "," + c4 + "," + index,
                file.headers().firstValue("X-Ipfs-Roots").orElseThrow());
        assertEquals("\"" + index + "\"", file.headers().firstValue("Etag").orElseThrow());

        HttpResponse<byte[]> raw = gw.get("/ipfs/" + c4 + "?format=raw");
        assertArrayEquals(cache.raw("root2", "root3", "root4"), raw.body());

        assertEquals(200, gw.head("/ipfs/" + c4 + "?format=raw", "Cache-Control", "only-if-cached").statusCode());
        assertEquals(412, gw.head("/ipfs/QmYzfKSE55XCjD1MW128RfciAf2DViABhEiXfgVFMabSjN",
                "Cache-Control", "only-if-cached").statusCode());
        assertEquals(200, gw.get("/ipfs/" + c4 + "?format=raw", "Cache-Control", "only-if-cached").statusCode());
        assertEquals(412, gw.get("/ipfs/QmYzfKSE55XCjD1MW128RfciAf2DViABhEiXfgVFMabSjN",
                "Cache-Control", "only-if-cached").statusCode());

        String indexPath = "/ipfs/" + c1 + "/root2/root3/root4/index.html";
        assertEquals(304, gw.get(indexPath, "If-None-Match", "\"" + index + "\"").statusCode());
        assertEquals(304, gw.get("/ipfs/" + c1 + "/root2/root3/root4/", "If-None-Match", "\"" + c4 + "\"").statusCode());
        assertEquals(304, gw.get(indexPath, "If-None-Match", "\"fakeEtag1\", \"fakeEtag2\", \"" + index + "\"")
                .statusCode());
        assertEquals(304, gw.get(indexPath, "If-None-Match", "W/\"" + index + "\"").statusCode());
        assertEquals(304, gw.get(indexPath, "If-None-Match", "*").statusCode());
        assertEquals(304, gw.get("/ipfs/" + c1 + "/root2/root3/", "If-None-Match", dirEtag).statusCode());
        assertEquals(304, gw.get("/ipfs/" + c1 + "/root2/root3/", "If-None-Match", "W/" + dirEtag).statusCode());
    }

    @Test
    void symlinks() throws Exception {
        String page = new String(gw.get("/ipfs/" + symlink.cid() + "/").body(), StandardCharsets.UTF_8);
        assertTrue(page.contains(">foo<") && page.contains(">bar<"), page);
        assertArrayEquals(symlink.raw(), gw.get("/ipfs/" + symlink.cid() + "?format=raw").body());
        HttpResponse<byte[]> link = gw.get("/ipfs/" + symlink.cid() + "/bar");
        assertEquals(200, link.statusCode());
        assertEquals("foo", new String(link.body(), StandardCharsets.UTF_8));
    }

    @Test
    void fileRanges() throws Exception {
        byte[] ascii = files.raw("ascii.txt");
        String path = "/ipfs/" + files.cid() + "/ascii.txt";
        HttpResponse<byte[]> whole = gw.get(path);
        assertEquals(200, whole.statusCode());
        assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElseThrow());
        assertArrayEquals(ascii, whole.body());
        HttpResponse<byte[]> part = gw.get(path, "Range", "bytes=6-16");
        assertEquals(206, part.statusCode());
        assertEquals("bytes 6-16/31", part.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(ascii, 6, 17), part.body());
        HttpResponse<byte[]> suffix = gw.get(path, "Range", "bytes=-3");
        assertEquals("bytes 28-30/31", suffix.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(ascii, 28, 31), suffix.body());
        HttpResponse<byte[]> multi = gw.get(path, "Range", "bytes=6-16,0-4");
        assertEquals(206, multi.statusCode());
        assertEquals("bytes 6-16/31", multi.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(ascii, 6, 17), multi.body());
    }

    @Test
    void rangesAroundAMissingBlock() throws Exception {
        HttpResponse<byte[]> after = gw.get("/ipfs/" + missing.cid(), "Range", "bytes=997-1000");
        assertEquals(206, after.statusCode());
        assertEquals("bytes 997-1000/3072", after.headers().firstValue("Content-Range").orElseThrow());
        HttpResponse<byte[]> before = gw.get("/ipfs/" + missing.cid(), "Range", "bytes=2200-2201");
        assertEquals(206, before.statusCode());
        assertEquals("bytes 2200-2201/3072", before.headers().firstValue("Content-Range").orElseThrow());
    }

    @Test
    void aBlockMissingMidAnswerAbortsIt() throws Exception {
        // the status line went out before the walk met the hole: the connection is cut, never a short "complete" body
        assertThrows(java.io.IOException.class, () -> gw.get("/ipfs/" + missing.cid() + "?format=car"));
        assertThrows(java.io.IOException.class, () -> gw.get("/ipfs/" + missing.cid()));
        assertEquals(200, gw.get("/ipfs/" + files.cid() + "/ascii.txt").statusCode());
    }

    @Test
    void percentEncodedFilename() throws Exception {
        HttpResponse<byte[]> r = gw.get("/ipfs/" + percent.cid() + "/Portugal%252C+Espa%C3%B1a=Peninsula%20Ib%C3%A9rica.txt");
        assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        assertArrayEquals(percent.raw("Portugal%2C+España=Peninsula Ibérica.txt"), r.body());
    }
}
