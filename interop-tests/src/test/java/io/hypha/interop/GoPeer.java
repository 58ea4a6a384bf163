package io.hypha.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Our small go-libp2p peer ({@code go/peer}: go-libp2p v0.50.0 with its default host: TCP, TLS and Noise, yamux,
 * identify, ping; plus perf), built by {@code go/install.sh}, in a child process driven by JSON lines.
 */
public final class GoPeer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private final JsLineProcess process;

    private GoPeer(JsLineProcess process) {
        this.process = process;
    }

    /** Starts a peer listening on loopback; skips the calling test, saying what to install, without Go. */
    public static GoPeer start() throws IOException {
        Kubo.binary(); // the same build makes both, and skips the same way
        Path path = Path.of(System.getProperty("hypha.kubo.dir", "target")).resolve("go-peer.path");
        if (!Files.exists(path)) {
            throw new IOException("no go peer binary: " + path + " is missing (interop-tests/go/install.sh runs in the"
                    + " interop-tests build before its tests)");
        }
        Path binary = Path.of(Files.readString(path).strip());
        return new GoPeer(JsLineProcess.start(List.of(binary.toString()), binary.getParent(), START_TIMEOUT));
    }

    public String peerId() {
        return process.ready().path("peerId").asText();
    }

    /** Its listen addresses, with {@code /p2p/ID}. */
    public List<String> addrs() {
        List<String> out = new ArrayList<>();
        process.ready().path("addrs").forEach(a -> out.add(a.asText() + "/p2p/" + peerId()));
        return out;
    }

    /** Dials {@code addr}; answers the connection's security and muxer protocols. */
    public JsonNode connect(String addr) throws IOException, TimeoutException {
        return process.call("connect", Map.of("addr", addr), Duration.ofSeconds(30));
    }

    /** Closes every connection to {@code peer}; returns once its side is closed. */
    public void disconnect(String peer) throws IOException, TimeoutException {
        process.call("disconnect", Map.of("peer", peer), Duration.ofSeconds(30));
    }

    /** {@code count} pings to a connected peer; their round trips in milliseconds. */
    public List<Double> ping(String peer, int count) throws IOException, TimeoutException {
        List<Double> rtts = new ArrayList<>();
        process.call("ping", Map.of("peer", peer, "count", count), Duration.ofSeconds(30)).path("rttsMs")
                .forEach(r -> rtts.add(r.asDouble()));
        return rtts;
    }

    /** What identify told it about a connected peer: agent, protocols, addresses. */
    public JsonNode identify(String peer) throws IOException, TimeoutException {
        return process.call("identify", Map.of("peer", peer), Duration.ofSeconds(30));
    }

    /** A perf run against a connected peer serving perf; the seconds it took. */
    public double perf(String peer, long upload, long download) throws IOException, TimeoutException {
        return process.call("perf", Map.of("peer", peer, "upload", upload, "download", download),
                Duration.ofMinutes(2)).path("seconds").asDouble();
    }

    @Override
    public void close() {
        process.close();
    }
}
