package io.hypha.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.hypha.multiaddr.Multiaddr;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The daemon's client against a plain HTTP server playing the daemon: Kubo's request shape, error JSON turned into
 * its one-line message, refusals named, the API secret sent, and an address nobody listens on told apart from a
 * daemon that refuses.
 */
class ApiClientTest {
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private static void answer(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws java.io.IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v0/", ex -> {
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + "?" + ex.getRequestURI().getRawQuery()
                    + " auth=" + ex.getRequestHeaders().getFirst("Authorization"));
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/api/v0/version" -> answer(ex, 200, "{\"Version\":\"x\"}\n");
                case "/api/v0/cat" -> answer(ex, 200, "a".repeat(100_000));
                case "/api/v0/pin/ls" -> answer(ex, 200, "{\"Cid\":\"c1\",\"Type\":\"recursive\"}\n{\"Cid\":\"c2\",\"Type\":\"direct\"}\n");
                case "/api/v0/bad" -> answer(ex, 500, "{\"Message\":\"path 'x' is not pinned\",\"Code\":0,\"Type\":\"error\"}\n");
                case "/api/v0/secret" -> answer(ex, 403, "403 - Forbidden\n");
                default -> answer(ex, 404, "404 page not found\n");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ApiClient client(String secret) {
        return new ApiClient(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + server.getAddress().getPort()), secret);
    }

    @Test
    void requestsAnswersAndErrorsAreKubos() throws Exception {
        try (ApiClient api = client(null)) {
            assertTrue(api.answers());
            assertEquals("x", api.json("version", List.of(), Map.of()).get("Version").asText());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = api.stream("cat", List.of("/ipfs/bafy x"), ApiClient.opts("offset", "1", "length", "-1"))) {
                in.transferTo(out);
            }
            assertEquals(100_000, out.size());
            assertEquals("POST /api/v0/cat?arg=%2Fipfs%2Fbafy+x&offset=1&length=-1 auth=null", seen.get(seen.size() - 1));
            List<String> lines = new ArrayList<>();
            api.lines("pin/ls", List.of(), Map.of("stream", "true"), l -> lines.add(l.get("Cid").asText()));
            assertEquals(List.of("c1", "c2"), lines);
            ApiClient.ApiException bad = assertThrows(ApiClient.ApiException.class, () -> api.json("bad", List.of(), Map.of()));
            assertEquals("path 'x' is not pinned", bad.getMessage());
            assertEquals(500, bad.status);
            assertEquals("the daemon does not serve 'no such'",
                    assertThrows(ApiClient.ApiException.class, () -> api.json("no/such", List.of(), Map.of())).getMessage());
            assertTrue(assertThrows(ApiClient.ApiException.class, () -> api.json("secret", List.of(), Map.of()))
                    .getMessage().contains("--api-auth"));
        }
    }

    @Test
    void theSecretIsSentAsTheDaemonExpectsIt() throws Exception {
        try (ApiClient api = client("basic:ann:pw")) {
            api.json("version", List.of(), Map.of());
        }
        try (ApiClient api = client("bearer:tok")) {
            api.json("version", List.of(), Map.of());
        }
        assertTrue(seen.get(0).endsWith("auth=Basic YW5uOnB3"), seen.get(0));
        assertTrue(seen.get(1).endsWith("auth=Bearer tok"), seen.get(1));
        assertEquals("Bearer raw", ApiClient.authorization("raw"));
    }

    @Test
    void nobodyListeningIsNotADaemon() throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0);
        try (ApiClient api = new ApiClient(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port))) {
            assertFalse(api.answers());
            ApiClient.ApiException e = assertThrows(ApiClient.ApiException.class, () -> api.json("version", List.of(), Map.of()));
            assertEquals("cannot reach the daemon's API at /ip4/127.0.0.1/tcp/" + port + ": connection refused", e.getMessage());
            assertEquals(0, e.status);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    }
}
