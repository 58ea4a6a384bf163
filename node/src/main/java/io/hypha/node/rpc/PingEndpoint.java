package io.hypha.node.rpc;

import io.hypha.host.Connection;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.node.Node;
import io.hypha.node.internal.Futures;
import io.hypha.peer.PeerId;
import io.hypha.protocol.ping.PingSession;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ping}: Kubo's {@code ipfs ping} through the node's ping protocol. The argument is a peer id (dialled at
 * the addresses the peer store knows) or a multiaddr ending in {@code /p2p/ID}; {@code count} pings (default 10),
 * one a second, streamed as ndjson {@code {"Success","Time","Text"}} lines as Kubo streams them: "PING ID.", one
 * line per pong (Time in nanoseconds) or failure, then "Average latency: N.NNms".
 */
final class PingEndpoint {
    /** Pings per request when {@code count} is not given (Kubo's default). */
    static final long DEFAULT_COUNT = 10;
    /** Most pings one request may ask for (a request holds a stream and a thread for count seconds). */
    static final long MAX_COUNT = 100_000;
    /** Time between pings, as Kubo's ticker. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final Node node;

    PingEndpoint(Node node) {
        this.node = node;
    }

    void register(Map<String, RpcCommand> to) {
        to.put("ping", this::ping);
    }

    private CompletableFuture<RpcReply> ping(RpcRequest r) {
        String arg = r.requiredArg("peer ID");
        Multiaddr addr = arg.startsWith("/") ? NetworkEndpoints.parse(arg) : null;
        PeerId peer = addr != null ? addr.peerId().orElseThrow() : RpcRequest.peerId(arg);
        if (peer.equals(node.peerId())) {
            throw new RpcException(RpcException.Kind.NORMAL, "error: can't ping self");
        }
        long count = r.longOption("count", DEFAULT_COUNT);
        if (count <= 0 || count > MAX_COUNT) {
            throw new RpcException(RpcException.Kind.CLIENT, "ping count must be 1 to " + MAX_COUNT + ", was " + count);
        }
        CompletableFuture<Connection> connected = addr != null ? node.host().connect(addr)
                : node.host().connect(peer, List.of());
        return connected.thenCompose(c -> node.ping().openSession(peer))
                .thenApply(session -> RpcReply.ndjson(out -> RpcReply.blocking(() -> {
                    try (session) {
                        pings(out, peer, session, count);
                    }
                    return null;
                })));
    }

    /** Sends the pings on a worker thread, writing and flushing each line as it happens. */
    private static void pings(OutputStream out, PeerId peer, PingSession session, long count) throws IOException {
        emit(out, true, 0, "PING " + peer + ".");
        long ok = 0;
        long totalNanos = 0;
        for (long i = 0; i < count; i++) {
            if (i > 0) {
                LockSupport.parkNanos(INTERVAL.toNanos());
            }
            try {
                Duration rtt = Futures.await(session.ping(), "ping");
                ok++;
                totalNanos += rtt.toNanos();
                emit(out, true, rtt.toNanos(), "");
            } catch (IOException | RuntimeException e) {
                emit(out, false, 0, "Ping error: " + e.getMessage());
            }
        }
        if (ok == 0) {
            throw new IOException("ping failed");
        }
        emit(out, true, 0, String.format(Locale.ROOT, "Average latency: %.2fms", totalNanos / 1e6 / ok));
    }

    private static void emit(OutputStream out, boolean success, long nanos, String text) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("Success", success);
        line.put("Time", nanos);
        line.put("Text", text);
        RpcReply.line(out, line);
        out.flush();
    }
}
