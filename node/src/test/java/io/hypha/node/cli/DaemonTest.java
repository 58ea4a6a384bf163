package io.hypha.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.host.Connection;
import io.hypha.host.Host;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.node.repo.Repo;
import io.hypha.peer.PeerStore;
import io.hypha.protocol.identify.Identify;
import io.hypha.protocol.ping.Ping;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hypha daemon} in a child JVM, as a user runs it: it initialises the repo, prints its full
 * multiaddrs, serves identify and ping to a peer that dials it, and on SIGTERM shuts down cleanly,
 * releasing the repo.
 */
class DaemonTest {
    static final long TIMEOUT_S = 60;

    @TempDir
    Path dir;

    @Test
    void runsServesPeersAndStopsOnSigterm() throws Exception {
        Path repoDir = dir.resolve("repo");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                HyphaCli.class.getName(), "--repo-dir", repoDir.toString(), "daemon", "--init", "--init-profile", "test",
                "--listen", "/ip4/127.0.0.1/tcp/0").redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> announced = new CompletableFuture<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> { // a platform thread: a blocking pipe read would hold a carrier
            String address = null;
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.startsWith("Swarm announcing ")) {
                        address = line.substring("Swarm announcing ".length());
                    }
                    if (line.equals("Daemon is ready")) {
                        announced.complete(address);
                    }
                }
            } catch (java.io.IOException e) {
                announced.completeExceptionally(e);
            }
            announced.completeExceptionally(new IllegalStateException("daemon exited: " + lines));
            ended.complete(null);
        });
        try (Host client = Host.builder().start().get(TIMEOUT_S, TimeUnit.SECONDS)) {
            Multiaddr daemon = Multiaddr.parse(announced.get(TIMEOUT_S, TimeUnit.SECONDS));
            Identify identify = Identify.install(client);
            Ping ping = Ping.install(client);
            Connection c = client.connect(daemon).get(TIMEOUT_S, TimeUnit.SECONDS);
            identify.identify(c).get(TIMEOUT_S, TimeUnit.SECONDS);
            assertTrue(client.peerStore().metadata(c.remotePeer(), PeerStore.AGENT_VERSION).orElseThrow().startsWith("hypha/"));
            assertTrue(client.peerStore().protocols(c.remotePeer()).contains("/ipfs/ping/1.0.0"));
            Duration rtt = ping.ping(c.remotePeer()).get(TIMEOUT_S, TimeUnit.SECONDS);
            assertTrue(rtt.toMillis() < TIMEOUT_S * 1000);
            // the RPC API: announced with its bound port, and written to $HYPHA_PATH/api as Kubo does
            String apiLine;
            synchronized (lines) {
                apiLine = lines.stream().filter(l -> l.startsWith("RPC API server listening on ")).findFirst().orElseThrow();
            }
            String api = apiLine.substring("RPC API server listening on ".length());
            assertTrue(api.matches("/ip4/127\\.0\\.0\\.1/tcp/[1-9][0-9]*"), api);
            assertEquals(api, Files.readString(repoDir.resolve("api")));
            // the gateway: announced with its bound port, and answering the empty identity CID
            String gatewayLine;
            synchronized (lines) {
                gatewayLine = lines.stream().filter(l -> l.startsWith("Gateway server listening on ")).findFirst()
                        .orElseThrow();
            }
            String gateway = gatewayLine.substring("Gateway server listening on ".length());
            assertTrue(gateway.matches("/ip4/127\\.0\\.0\\.1/tcp/[1-9][0-9]*"), gateway);
            HttpResponse<byte[]> empty = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + io.hypha.transport.tcp.TcpTransport.toSocketAddress(Multiaddr.parse(gateway))
                    .getPort() + "/ipfs/bafkqaaa"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, empty.statusCode());
            assertEquals(0, empty.body().length);
        }
        // SIGTERM; Process.destroy() would also close our end of its output pipe
        assertTrue(p.toHandle().destroy());
        assertTrue(p.waitFor(TIMEOUT_S, TimeUnit.SECONDS), "daemon did not stop on SIGTERM");
        ended.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertTrue(lines.contains("Received interrupt signal, shutting down..."), "exit " + p.exitValue() + ": " + lines);
        assertTrue(Files.notExists(repoDir.resolve("api")), "the api file is removed on a clean exit");
        assertTrue(String.join("\n", lines).contains("peer connected: "), lines.toString());
        try (Repo repo = Repo.open(repoDir)) {
            assertEquals(repo.peerId().toString(), Multiaddr.parse(announced.get()).peerId().orElseThrow().toString());
        }
    }

    @Test
    void aGatewayThatCannotListenStopsTheDaemonWithoutAnApiFile() throws Exception {
        Path repoDir = dir.resolve("busy");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Repo.init(repoDir, Repo.RepoInitOptions.withProfiles(List.of(io.hypha.node.repo.ConfigProfile.TEST))).close();
            // the config names the port that is taken as the gateway's
            Path config = repoDir.resolve(Repo.CONFIG_FILE);
            String text = Files.readString(config);
            String gatewayLine = "\"Gateway\" : \"/ip4/127.0.0.1/tcp/0\"";
            assertTrue(text.contains(gatewayLine), text);
            Files.writeString(config, text.replace(gatewayLine,
                    "\"Gateway\" : \"/ip4/127.0.0.1/tcp/" + taken.getLocalPort() + "\""));
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    HyphaCli.class.getName(), "--repo-dir", repoDir.toString(), "daemon")
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(TIMEOUT_S, TimeUnit.SECONDS), output);
            assertTrue(p.exitValue() != 0, output);
            assertTrue(output.contains("gateway"), output);
            assertTrue(Files.notExists(repoDir.resolve("api")), "no api file names a daemon that did not start");
        }
    }
}
