package io.hypha.node.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import io.hypha.node.unixfs.ImportListener;
import io.hypha.transport.tcp.TcpTransport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway over real HTTP on loopback: every answer, its headers, bad input and each limit attacked. */
class GatewayServerTest {
    @TempDir
    static Path tmp;

    static GatewayTestNode gw;
    static final byte[] DATA = new byte[1_500_000];
    static Cid file;
    static Cid dir;
    static Cid site;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayTestNode.start(tmp);
        new Random(7).nextBytes(DATA);
        file = add("data.bin", DATA);
        Path d = Files.createDirectories(tmp.resolve("dir"));
        Files.writeString(d.resolve("hello.txt"), "hello world\n");
        Files.writeString(d.resolve("<script>&\"x\".txt"), "tricky");
        Files.write(d.resolve("picture"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0});
        Files.writeString(d.resolve("page"), "<!DOCTYPE html><html><body>hi</body></html>");
        Files.writeString(d.resolve("data"), "{\"a\": [1, 2]}");
        Files.createDirectories(d.resolve("sub"));
        Files.writeString(d.resolve("sub").resolve("deep.txt"), "deep");
        dir = gw.node.content().add(d, Content.AddOptions.defaults(), ImportListener.NONE)
                .get(GatewayTestNode.TIMEOUT_S, TimeUnit.SECONDS).root();
        Path s = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(s.resolve("index.html"), "<h1>welcome</h1>");
        site = gw.node.content().add(s, Content.AddOptions.defaults(), ImportListener.NONE)
                .get(GatewayTestNode.TIMEOUT_S, TimeUnit.SECONDS).root();
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    static Cid add(String name, byte[] data) throws Exception {
        return gw.node.content().add(name, new ByteArrayInputStream(data), Content.AddOptions.defaults(),
                ImportListener.NONE).get(GatewayTestNode.TIMEOUT_S, TimeUnit.SECONDS).root();
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    @Test
    void emptyIdentityCid() throws Exception {
        HttpResponse<byte[]> r = gw.get("/ipfs/bafkqaaa");
        assertEquals(200, r.statusCode());
        assertEquals(0, r.body().length);
        assertEquals(200, gw.get("/ipfs/bafkqaaa?format=raw").statusCode());
    }

    @Test
    void answersAreCountedByKindAndStatus() throws Exception {
        gw.get("/ipfs/bafkqaaa?format=raw");
        gw.get("/ipfs/" + file + "?format=car");
        gw.get("/ipfs/not-a-cid");
        String text = gw.node.metrics().scrape();
        assertTrue(text.contains("hypha_gateway_requests_total{kind=\"raw\",status=\"200\"}"), text);
        assertTrue(text.contains("hypha_gateway_requests_total{kind=\"car\",status=\"200\"}"), text);
        assertTrue(text.contains("hypha_gateway_requests_total{kind=\"ipfs\",status=\"400\"}"), text);
    }

    @Test
    void fileWithHeaders() throws Exception {
        HttpResponse<byte[]> r = gw.get("/ipfs/" + file);
        assertEquals(200, r.statusCode());
        assertArrayEquals(sha256(DATA), sha256(r.body()));
        assertEquals("\"" + file + "\"", header(r, "Etag"));
        assertEquals(Gateway.IMMUTABLE, header(r, "Cache-Control"));
        assertEquals("/ipfs/" + file, header(r, "X-Ipfs-Path"));
        assertEquals(file.toString(), header(r, "X-Ipfs-Roots"));
        assertEquals(ContentTypes.OCTET_STREAM, header(r, "Content-Type"));
        assertEquals(String.valueOf(DATA.length), header(r, "Content-Length"));
        assertEquals("inline; filename=\"a.txt\"", header(gw.get("/ipfs/" + file + "?filename=a.txt"),
                "Content-Disposition"));
        assertEquals("attachment; filename=\"a.txt\"", header(gw.get("/ipfs/" + file + "?filename=a.txt&download=true"),
                "Content-Disposition"));
        assertEquals("inline; filename=\"_.txt\"; filename*=UTF-8''%C3%A9.txt",
                header(gw.get("/ipfs/" + file + "?filename=%C3%A9.txt"), "Content-Disposition"));
    }

    @Test
    void rangesAndHead() throws Exception {
        HttpResponse<byte[]> part = gw.get("/ipfs/" + file, "Range", "bytes=1000000-1299999");
        assertEquals(206, part.statusCode());
        assertEquals("bytes 1000000-1299999/" + DATA.length, header(part, "Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(DATA, 1_000_000, 1_300_000), part.body());
        HttpResponse<byte[]> open = gw.get("/ipfs/" + file, "Range", "bytes=1499990-");
        assertArrayEquals(Arrays.copyOfRange(DATA, 1_499_990, DATA.length), open.body());
        for (String bad : List.of("bytes=2000000-", "bytes=9-3", "bytes=abc", "bytes=-0", "bytes=1-x")) {
            HttpResponse<byte[]> r = gw.get("/ipfs/" + file, "Range", bad);
            assertEquals(416, r.statusCode(), bad);
            assertEquals("bytes */" + DATA.length, header(r, "Content-Range"), bad);
        }
        assertEquals(200, gw.get("/ipfs/" + file, "Range", "items=0-5").statusCode(), "another unit is ignored");
        HttpResponse<byte[]> head = gw.head("/ipfs/" + file);
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(DATA.length), header(head, "Content-Length"));
        assertEquals(0, head.body().length);
        HttpResponse<byte[]> headCar = gw.head("/ipfs/" + file + "?format=car");
        assertEquals(200, headCar.statusCode());
        assertEquals(0, headCar.body().length);
        assertTrue(header(headCar, "Content-Type").startsWith("application/vnd.ipld.car"));
    }

    @Test
    void rawBlockAndItsRefusals() throws Exception {
        HttpResponse<byte[]> r = gw.get("/ipfs/" + file + "?format=raw");
        assertEquals(200, r.statusCode());
        assertEquals("\"" + file + ".raw\"", header(r, "Etag"));
        assertEquals("attachment; filename=\"" + file + ".bin\"", header(r, "Content-Disposition"));
        assertTrue(file.multihash().verify(r.body()), "the answer is the block its CID names");
        assertEquals(400, gw.get("/ipfs/" + dir + "/hello.txt?format=raw").statusCode(), "no path for a raw block");
    }

    @Test
    void carHeadersAndImportRoundTrip() throws Exception {
        HttpResponse<byte[]> car = gw.get("/ipfs/" + file, "Accept", "application/vnd.ipld.car");
        assertEquals(200, car.statusCode());
        assertEquals("application/vnd.ipld.car; version=1; order=dfs; dups=n", header(car, "Content-Type"));
        assertTrue(header(car, "Etag").startsWith("\"" + file + ".car."), header(car, "Etag"));
        assertEquals("attachment; filename=\"" + file + ".car\"", header(car, "Content-Disposition"));
        assertEquals("nosniff", header(car, "X-Content-Type-Options"));
        assertEquals(List.of(file), GatewayTestNode.carRoots(car.body()));
        String scoped = header(gw.get("/ipfs/" + file + "?format=car&dag-scope=entity&entity-bytes=0:10"), "Etag");
        assertFalse(scoped.equals(header(car, "Etag")), "the Etag names the CAR's parameters");
        assertEquals(304, gw.get("/ipfs/" + file + "?format=car", "If-None-Match", header(car, "Etag")).statusCode());
        assertEquals(304, gw.get("/ipfs/" + file + "?format=raw", "If-None-Match", "\"" + file + ".raw\"").statusCode());
        try (Repo fresh = Repo.init(tmp.resolve("fresh"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
                Content content = Content.offline(fresh)) {
            content.dagImport(new ByteArrayInputStream(car.body()), false).get(GatewayTestNode.TIMEOUT_S, TimeUnit.SECONDS);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            content.cat(file, 0, -1, out).get(GatewayTestNode.TIMEOUT_S, TimeUnit.SECONDS);
            assertArrayEquals(sha256(DATA), sha256(out.toByteArray()));
        }
    }

    @Test
    void directories() throws Exception {
        HttpResponse<byte[]> redirect = gw.get("/ipfs/" + dir + "/sub?x=1");
        assertEquals(301, redirect.statusCode());
        assertEquals("/ipfs/" + dir + "/sub/?x=1", header(redirect, "Location"));
        HttpResponse<byte[]> listing = gw.get("/ipfs/" + dir + "/");
        assertEquals(200, listing.statusCode());
        assertEquals(ContentTypes.HTML, header(listing, "Content-Type"));
        String html = new String(listing.body(), StandardCharsets.UTF_8);
        assertTrue(html.contains("&lt;script&gt;&amp;&#34;x&#34;.txt</a>"), html);
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("href=\"/ipfs/" + dir + "/%3Cscript%3E%26%22x%22.txt\""), html);
        assertTrue(html.contains("href=\"/ipfs/" + dir + "/sub/\""), html);
        assertTrue(html.contains("12 B"), "sizes are listed: " + html);
        HttpResponse<byte[]> index = gw.get("/ipfs/" + site + "/");
        assertEquals("<h1>welcome</h1>", new String(index.body(), StandardCharsets.UTF_8));
        assertEquals(ContentTypes.HTML, header(index, "Content-Type"));
        assertEquals(301, gw.get("/ipfs/" + site).statusCode());
        assertEquals("deep", new String(gw.get("/ipfs/" + dir + "/sub/deep.txt").body(), StandardCharsets.UTF_8));
    }

    @Test
    void aListingIsBounded() throws Exception {
        Path big = Files.createDirectories(tmp.resolve("big"));
        for (int i = 0; i <= Gateway.MAX_LISTED_ENTRIES; i++) {
            Files.createFile(big.resolve("f" + i));
        }
        Cid root = gw.node.content().add(big, Content.AddOptions.defaults(), ImportListener.NONE)
                .get(GatewayTestNode.TIMEOUT_S, TimeUnit.SECONDS).root();
        HttpResponse<byte[]> r = gw.get("/ipfs/" + root + "/");
        assertEquals(501, r.statusCode(), "a sharded directory of " + (Gateway.MAX_LISTED_ENTRIES + 1) + " entries");
        assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("format=car"));
        assertEquals(200, gw.get("/ipfs/" + root + "/f7").statusCode(), "its entries are still served");
        assertEquals(200, gw.get("/ipfs/" + root + "?format=car&dag-scope=entity").statusCode());
    }

    @Test
    void sniffedContentTypes() throws Exception {
        assertEquals(ContentTypes.TEXT, header(gw.get("/ipfs/" + dir + "/hello.txt"), "Content-Type"));
        assertEquals("image/png", header(gw.get("/ipfs/" + dir + "/picture"), "Content-Type"));
        assertEquals(ContentTypes.HTML, header(gw.get("/ipfs/" + dir + "/page"), "Content-Type"));
        assertEquals("application/json", header(gw.get("/ipfs/" + dir + "/data"), "Content-Type"));
        assertEquals("image/png", header(gw.get("/ipfs/" + dir + "/hello.txt?filename=x.png"), "Content-Type"),
                "the filename's extension wins");
    }

    @Test
    void badRequestsAreRefusedAndTheServerKeepsServing() throws Exception {
        assertEquals(400, gw.get("/ipfs/not-a-cid").statusCode());
        assertEquals(400, gw.get("/ipfs/bafy").statusCode());
        assertEquals(400, gw.get("/ipfs/" + dir + "/%2E%2E/x").statusCode());
        assertEquals(400, gw.get("/ipfs/" + dir + "//hello.txt").statusCode());
        assertEquals(400, gw.get("/ipfs/" + dir + "?format=tar").statusCode());
        assertEquals(400, gw.get("/ipfs/" + file + "?format=car&entity-bytes=a:b").statusCode());
        assertEquals(400, gw.get("/ipfs/" + file + "?format=car&entity-bytes=10:5").statusCode());
        assertEquals(400, gw.get("/ipfs/" + file + "?format=car&entity-bytes=5").statusCode());
        assertEquals(400, gw.get("/ipfs/" + file + "?format=car&dag-scope=everything").statusCode());
        assertEquals(400, gw.get("/ipfs/" + file + "?format=car&car-version=2").statusCode());
        assertEquals(400, gw.get("/ipfs/" + file, "Accept", "application/vnd.ipld.car; version=2").statusCode());
        assertEquals(400, gw.get("/ipfs/" + file + "?format=car&car-dups=maybe").statusCode());
        assertEquals(400, gw.get("/ipfs/" + file + "?format=car&car-order=bfs").statusCode());
        assertEquals(404, gw.get("/ipfs/" + dir + "/missing.txt").statusCode());
        assertEquals(404, gw.get("/ipfs/" + dir + "/hello.txt/below").statusCode());
        assertEquals(404, gw.get("/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy").statusCode());
        assertEquals(404, gw.get("/ipns/example.com").statusCode());
        assertEquals(404, gw.get("/").statusCode());
        assertEquals(412, gw.get("/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy?format=raw",
                "Cache-Control", "only-if-cached").statusCode());
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            HttpResponse<byte[]> r = gw.send(method, "/ipfs/" + file);
            assertEquals(405, r.statusCode(), method);
            assertEquals("GET, HEAD, OPTIONS", header(r, "Allow"));
        }
        HttpResponse<byte[]> preflight = gw.send("OPTIONS", "/ipfs/" + file);
        assertEquals(200, preflight.statusCode());
        assertEquals("*", header(preflight, "Access-Control-Allow-Origin"));
        assertTrue(header(preflight, "Access-Control-Allow-Methods").contains("GET"));
        assertEquals(400, rawStatus("GET /ipfs/" + dir + "/../x HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals(400, rawStatus("GARBAGE\r\n\r\n"));
        assertEquals(200, gw.get("/ipfs/" + dir + "/hello.txt").statusCode());
    }

    // ---- limits, each attacked

    @Test
    void hugeHeadersAre431() throws Exception {
        String big = "X-Big: " + "a".repeat(GatewayServer.MAX_HEADER_BYTES + 100) + "\r\n";
        assertEquals(431, rawStatus("GET /ipfs/" + file + " HTTP/1.1\r\nHost: x\r\n" + big + "\r\n"));
        String many = "X-A: 0123456789012345678901234567890123456789\r\n".repeat(GatewayServer.MAX_HEADER_BYTES / 40);
        assertEquals(431, rawStatus("GET /ipfs/" + file + " HTTP/1.1\r\nHost: x\r\n" + many + "\r\n"));
        assertEquals(200, gw.get("/ipfs/" + dir + "/hello.txt").statusCode());
    }

    @Test
    void longUrlsAre414() throws Exception {
        assertEquals(414, gw.get("/ipfs/" + file + "?filename=" + "a".repeat(GatewayServer.MAX_URL_BYTES)).statusCode());
        assertEquals(200, gw.get("/ipfs/" + dir + "/hello.txt").statusCode());
    }

    @Test
    void connectionsBeyondTheLimitAre503() throws Exception {
        try (GatewayServer small = GatewayServer.start(gw.node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"),
                GatewayServer.IDLE_TIMEOUT_SECONDS, 2).get(GatewayTestNode.TIMEOUT_S, TimeUnit.SECONDS)) {
            int port = TcpTransport.toSocketAddress(small.address()).getPort();
            try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port)) {
                // both held: each answers a request, so the server has accepted them
                assertTrue(statusLine(a, "GET /ipfs/bafkqaaa HTTP/1.1\r\nHost: x\r\n\r\n").contains(" 200 "));
                assertTrue(statusLine(b, "GET /ipfs/bafkqaaa HTTP/1.1\r\nHost: x\r\n\r\n").contains(" 200 "));
                try (Socket c = new Socket("127.0.0.1", port)) {
                    c.setSoTimeout(10_000);
                    assertTrue(readLine(c.getInputStream()).contains(" 503 "));
                }
            }
        }
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        try (GatewayServer quick = GatewayServer.start(gw.node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), 1,
                GatewayServer.MAX_CONNECTIONS).get(GatewayTestNode.TIMEOUT_S, TimeUnit.SECONDS);
                Socket s = new Socket("127.0.0.1", TcpTransport.toSocketAddress(quick.address()).getPort())) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write("GET /ipfs/bafkqaaa HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, s.getInputStream().read(), "a half-sent request does not hold the connection");
        }
    }

    @Test
    void aSlowReaderHoldsTwoChunks() throws Exception {
        byte[] big = new byte[24 * 1024 * 1024];
        new Random(11).nextBytes(big);
        Cid large = add("large.bin", big);
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(16 * 1024);
            s.connect(new java.net.InetSocketAddress("127.0.0.1", gw.port));
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET /ipfs/" + large + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            while (!readLine(in).isEmpty()) {
                // headers
            }
            byte[] first = in.readNBytes(256 * 1024);
            // stop reading: the server fills the socket buffers, then must wait with at most two chunks queued.
            // Netty tells the writer a chunk was sent just before it lowers its count of queued bytes, so while
            // the data still flows the count can briefly include a third chunk that is already released; the
            // bound is checked once the writer is stalled, when the count no longer moves.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long last = -1;
            int unchanged = 0;
            while (System.nanoTime() < deadline && unchanged < 25) {
                long pending = gw.server.pendingOutboundBytes();
                unchanged = pending > 0 && pending == last ? unchanged + 1 : 0;
                last = pending;
                Thread.sleep(20);
            }
            assertTrue(unchanged >= 25, "the server never waited for the reader");
            assertTrue(last <= (long) io.hypha.node.internal.HttpChunkStream.IN_FLIGHT
                    * io.hypha.node.internal.HttpChunkStream.CHUNK + 1024,
                    "queued " + last + " bytes for a stalled reader");
            byte[] rest = in.readNBytes(big.length - first.length);
            byte[] all = new byte[big.length];
            System.arraycopy(first, 0, all, 0, first.length);
            System.arraycopy(rest, 0, all, first.length, rest.length);
            assertArrayEquals(sha256(big), sha256(all));
        }
    }

    // ---- raw sockets

    private static int rawStatus(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", gw.port)) {
            s.setSoTimeout(10_000);
            String line = statusLine(s, request);
            return Integer.parseInt(line.split(" ")[1]);
        }
    }

    private static String statusLine(Socket s, String request) throws Exception {
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        String status = readLine(in);
        long length = 0;
        for (String h; !(h = readLine(in)).isEmpty(); ) {
            if (h.toLowerCase().startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).trim());
            }
        }
        in.readNBytes((int) length);
        return status;
    }

    private static String readLine(InputStream in) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != -1 && c != '\n'; ) {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
