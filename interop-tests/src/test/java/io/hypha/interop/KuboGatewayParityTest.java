package io.hypha.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.gateway.GatewayServer;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import io.hypha.node.repo.RoutingConfig;
import io.hypha.node.unixfs.ImportListener;
import io.hypha.node.unixfs.ImportOptions;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hypha's gateway against Kubo 0.43.1's for the same content and the same requests: trustless raw blocks and CARs
 * (whole DAGs and the blocks of a path), the path gateway's files, a range, a directory's redirect, a missing name
 * and a bad CID. For each: the status, the body byte for byte, and the headers in {@link #COMPARED}.
 */
class KuboGatewayParityTest {
    /** The headers whose values must agree (absent on both sides agrees too). */
    static final List<String> COMPARED = List.of("content-type", "etag", "cache-control", "x-ipfs-path",
            "x-ipfs-roots", "content-disposition", "x-content-type-options", "content-range", "location",
            "content-length");
    /**
     * The differences found and not yet matched, each a pattern over the difference lines the test writes and the
     * reason. Every other header, status and body must agree; the README lists these.
     */
    record Known(String pattern, String reason) {}

    static final List<Known> KNOWN = List.of(
            new Known(": x-ipfs-path kubo null, hypha ", "Kubo 0.43 no longer sends X-Ipfs-Path; Hypha still does"),
            new Known(": content-disposition kubo attachment; filename=\"[^\"]*\"; filename\\*=",
                    "Kubo adds filename* to raw and CAR downloads even for ASCII names"),
            new Known("car.*: etag kubo W/\"|ipld\\.car\\): etag kubo W/\"", "Kubo's CAR Etag is weak, names the path's"
                    + " root and ends in its own digest of the parameters; Hypha's is strong and names the path's end"),
            new Known("/sub/blob\\.bin\\?format=car.*: bodies differ \\(kubo (\\d+) bytes, hypha \\1 bytes",
                    "a CAR for a path: the same blocks and size, other bytes: not yet examined"),
            new Known("dag-scope=(block|entity): content-length kubo \\d+, hypha null",
                    "Kubo buffers a small CAR and sends its length; Hypha streams every CAR"),
            new Known(": x-content-type-options kubo (null, hypha nosniff|nosniff, hypha null)",
                    "Kubo sends nosniff on error pages and not on files; Hypha the other way round"),
            new Known("page\\.html: content-type kubo text/html, hypha text/html; charset=utf-8",
                    "Kubo sends text/html without a charset for an .html file"),
            new Known("/sub: (content-type|x-ipfs-roots|content-length|bodies differ)",
                    "Kubo's 301 for a directory without its slash carries a small HTML page and X-Ipfs-Roots"),
            new Known("(/nope|/notacid): content-length", "error pages: each implementation's own wording"),
            new Known("If-None-Match.*: (content-type|x-ipfs-roots|x-content-type-options|content-length)",
                    "Kubo's 304 carries no Content-Type, X-Ipfs-Roots nor Content-Length"));

    /** A request and the header it sends, if any. */
    record Ask(String path, String header, String value) {
        static Ask get(String path) {
            return new Ask(path, null, null);
        }
    }

    @TempDir
    Path tmp;

    @Test
    void sameAnswersForTheSameRequests() throws Exception {
        Kubo.binary(); // skips, saying what to install, where Go is missing
        byte[] data = new byte[1_000_000];
        new Random(3).nextBytes(data);
        Files.write(tmp.resolve("data.bin"), data);
        Path tree = Files.createDirectories(tmp.resolve("site/sub"));
        tree = tmp.resolve("site");
        Files.writeString(tree.resolve("a.txt"), "hello gateway\n");
        Files.writeString(tree.resolve("sub/page.html"), "<!doctype html><title>x</title><p>hi</p>\n");
        Files.write(tree.resolve("sub/blob.bin"), Arrays.copyOf(data, 300_000));

        try (Kubo kubo = Kubo.start(tmp.resolve("kubo"));
             Repo repo = Repo.init(tmp.resolve("hypha"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
             Node node = Node.builder().repo(repo).routing(RoutingConfig.Type.NONE).start().get(30, TimeUnit.SECONDS);
             GatewayServer gateway = GatewayServer.start(node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                     .get(30, TimeUnit.SECONDS)) {
            Cid file = node.content().add("data.bin", new ByteArrayInputStream(data), Content.AddOptions.defaults(),
                    ImportListener.NONE).get(30, TimeUnit.SECONDS).root();
            Cid rawFile = node.content().add("data.bin", new ByteArrayInputStream(data),
                    new Content.AddOptions(ImportOptions.defaults().withCidVersion(1), true), ImportListener.NONE)
                    .get(30, TimeUnit.SECONDS).root();
            Cid site = node.content().add(tree, Content.AddOptions.defaults(), ImportListener.NONE)
                    .get(30, TimeUnit.SECONDS).root();
            assertEquals(file.toString(), kubo.run("add", "-Q", tmp.resolve("data.bin").toString()).strip());
            assertEquals(rawFile.toString(), kubo.run("add", "-Q", "--cid-version=1", tmp.resolve("data.bin").toString())
                    .strip());
            assertEquals(site.toString(), kubo.run("add", "-Q", "-r", tree.toString()).strip());

            List<Ask> asks = List.of(
                    Ask.get("/ipfs/" + file + "?format=raw"),
                    new Ask("/ipfs/" + file, "Accept", "application/vnd.ipld.raw"),
                    Ask.get("/ipfs/" + file + "?format=car"),
                    new Ask("/ipfs/" + rawFile, "Accept", "application/vnd.ipld.car"),
                    Ask.get("/ipfs/" + site + "/sub/blob.bin?format=car"),
                    Ask.get("/ipfs/" + site + "/sub/blob.bin?format=car&dag-scope=block"),
                    Ask.get("/ipfs/" + site + "?format=car&dag-scope=entity"),
                    Ask.get("/ipfs/" + file),
                    Ask.get("/ipfs/" + rawFile + "?filename=x.bin&download=true"),
                    new Ask("/ipfs/" + file, "Range", "bytes=1000-1999"),
                    Ask.get("/ipfs/" + site + "/a.txt"),
                    Ask.get("/ipfs/" + site + "/sub/page.html"),
                    Ask.get("/ipfs/" + site + "/sub"),
                    Ask.get("/ipfs/" + site + "/nope"),
                    Ask.get("/ipfs/notacid"),
                    new Ask("/ipfs/" + file, "If-None-Match", "\"" + file + "\""));

            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            List<String> differences = new ArrayList<>();
            for (Ask ask : asks) {
                HttpResponse<byte[]> k = send(http, kubo.gatewayAddress(), ask);
                HttpResponse<byte[]> h = send(http, gateway.address(), ask);
                String what = "GET " + ask.path() + (ask.header() == null ? "" : " (" + ask.header() + ": " + ask.value()
                        + ")");
                if (k.statusCode() != h.statusCode()) {
                    differences.add(what + ": status kubo " + k.statusCode() + ", hypha " + h.statusCode());
                }
                for (String name : COMPARED) {
                    String kv = k.headers().firstValue(name).orElse(null);
                    String hv = h.headers().firstValue(name).orElse(null);
                    if (!java.util.Objects.equals(kv, hv)) {
                        differences.add(what + ": " + name + " kubo " + kv + ", hypha " + hv);
                    }
                }
                if (k.statusCode() < 400 && !Arrays.equals(k.body(), h.body())) {
                    differences.add(what + ": bodies differ (kubo " + k.body().length + " bytes, hypha "
                            + h.body().length + " bytes; sha256 " + sha(k.body()) + " vs " + sha(h.body()) + ")");
                }
            }
            List<String> unexplained = differences.stream()
                    .filter(d -> KNOWN.stream().noneMatch(k -> java.util.regex.Pattern.compile(k.pattern()).matcher(d).find()))
                    .toList();
            assertEquals(List.of(), unexplained, String.join("\n", unexplained));
        }
    }

    private static HttpResponse<byte[]> send(HttpClient http, Multiaddr address, Ask ask) throws Exception {
        String hostPort = address.toString().replaceFirst("^/ip4/([^/]+)/tcp/(\\d+).*$", "$1:$2");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + hostPort + ask.path()))
                .timeout(Duration.ofSeconds(30)).GET();
        if (ask.header() != null) {
            b.header(ask.header(), ask.value());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b)).substring(0, 12);
    }

}
