package io.hypha.node.gateway;

import io.hypha.block.Block;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.node.Node;
import io.hypha.node.car.CarReader;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import io.hypha.transport.tcp.TcpTransport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A real node with a real repo in a temp dir and its gateway on a loopback port, with a JDK HTTP client. */
final class GatewayTestNode implements AutoCloseable {
    static final long TIMEOUT_S = 30;

    final Repo repo;
    final Node node;
    final GatewayServer server;
    final int port;
    final String base;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private GatewayTestNode(Repo repo, Node node, GatewayServer server) {
        this.repo = repo;
        this.node = node;
        this.server = server;
        this.port = TcpTransport.toSocketAddress(server.address()).getPort();
        this.base = "http://127.0.0.1:" + port;
    }

    static GatewayTestNode start(Path dir) throws Exception {
        return start(dir, GatewayServer.IDLE_TIMEOUT_SECONDS, GatewayServer.MAX_CONNECTIONS);
    }

    static GatewayTestNode start(Path dir, int idleTimeoutSeconds, int maxConnections) throws Exception {
        Repo repo = Repo.init(dir.resolve("repo"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
        Node node = Node.builder().repo(repo).start().get(TIMEOUT_S, TimeUnit.SECONDS);
        GatewayServer server = GatewayServer.start(node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), idleTimeoutSeconds,
                maxConnections).get(TIMEOUT_S, TimeUnit.SECONDS);
        return new GatewayTestNode(repo, node, server);
    }

    /** Imports a conformance fixture CAR into the repo. */
    void importFixture(String name) throws Exception {
        try (InputStream in = ConformanceFixture.open(name)) {
            node.content().dagImport(in, false).get(TIMEOUT_S, TimeUnit.SECONDS);
        }
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    HttpResponse<byte[]> head(String path, String... headers) throws Exception {
        return send("HEAD", path, headers);
    }

    HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The CIDs of a CAR's blocks, in order. */
    static List<Cid> carBlocks(byte[] car) {
        return carContents(car).stream().map(Block::cid).toList();
    }

    static List<Block> carContents(byte[] car) {
        try (CarReader r = CarReader.open(new ByteArrayInputStream(car))) {
            List<Block> out = new ArrayList<>();
            for (Optional<Block> b = r.next(); b.isPresent(); b = r.next()) {
                out.add(b.get());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Cid> carRoots(byte[] car) {
        try (CarReader r = CarReader.open(new ByteArrayInputStream(car))) {
            return r.roots();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        node.close();
        repo.close();
    }
}
