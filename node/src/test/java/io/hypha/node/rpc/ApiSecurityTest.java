package io.hypha.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.node.Node;
import io.hypha.node.repo.ApiConfig;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code API.Authorizations} and {@code API.HTTPHeaders} from the config, enforced over real HTTP. */
class ApiSecurityTest {
    @TempDir
    static Path tmp;

    private static Repo repo;
    private static Node node;
    private static RpcServer api;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        repo = Repo.init(tmp.resolve("repo"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
        node = Node.builder().repo(repo).start().get(30, TimeUnit.SECONDS);
        ApiConfig config = new ApiConfig(
                Map.of("Access-Control-Allow-Origin", List.of("https://app.example")),
                Map.of("reader", new ApiConfig.Authorization("bearer:s3cret", List.of("/api/v0/id", "/api/v0/pin/ls")),
                        "admin", new ApiConfig.Authorization("basic:alice:pw", List.of("/api/v0"))));
        api = RpcServer.start(node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), config, () -> { }).get(30, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + io.hypha.transport.tcp.TcpTransport.toSocketAddress(api.address()).getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        node.close();
        repo.close();
    }

    private static int post(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void authorizationsGateEveryPath() throws Exception {
        assertEquals(403, post("/api/v0/id"), "no secret");
        assertEquals(403, post("/api/v0/id", "Authorization", "Bearer wrong"), "a wrong secret");
        assertEquals(200, post("/api/v0/id", "Authorization", "Bearer s3cret"));
        assertEquals(200, post("/api/v0/pin/ls", "Authorization", "Bearer s3cret"));
        assertEquals(200, post("/api/v0/version", "Authorization", "Bearer s3cret"), "version is open to every secret");
        assertEquals(403, post("/api/v0/repo/stat", "Authorization", "Bearer s3cret"), "outside its AllowedPaths");
        String basic = "Basic " + Base64.getEncoder().encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, post("/api/v0/repo/stat", "Authorization", basic));
        String wrongBasic = "Basic " + Base64.getEncoder().encodeToString("alice:no".getBytes(StandardCharsets.UTF_8));
        assertEquals(403, post("/api/v0/repo/stat", "Authorization", wrongBasic));
    }

    @Test
    void configuredOriginsMayCallOthersMayNot() throws Exception {
        String admin = "Basic " + Base64.getEncoder().encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, post("/api/v0/version", "Authorization", admin, "Origin", "https://app.example"));
        assertEquals(403, post("/api/v0/version", "Authorization", admin, "Origin", "https://evil.example"));
        assertEquals(403, post("/api/v0/version", "Authorization", admin, "Referer", "https://evil.example/page"));
        assertEquals(200, post("/api/v0/version", "Authorization", admin, "Referer", "https://app.example/page"));
    }

    @Test
    void aBadSecretInTheConfigStopsTheServerFromStarting() {
        ApiConfig bad = new ApiConfig(Map.of(), Map.of("x", new ApiConfig.Authorization("basic:nopassword", List.of())));
        var failed = RpcServer.start(node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), bad, () -> { });
        assertTrue(failed.isCompletedExceptionally());
    }
}
