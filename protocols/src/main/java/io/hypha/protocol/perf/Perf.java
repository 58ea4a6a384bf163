package io.hypha.protocol.perf;

import io.hypha.host.Host;
import io.hypha.peer.PeerId;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Perf on a {@link Host} (libp2p/specs perf/perf.md). The server is off unless {@link #enableServer} is called;
 * {@link #run} measures one upload and download against a peer that enabled its server.
 */
public final class Perf {
    private Perf() {}

    /** Serves {@code /perf/1.0.0} with {@link PerfConfig#defaults()}. Never on by default: call it explicitly. */
    public static void enableServer(Host host) {
        enableServer(host, PerfConfig.defaults());
    }

    /** Serves {@code /perf/1.0.0} with {@code config}. */
    public static void enableServer(Host host, PerfConfig config) {
        Objects.requireNonNull(config, "config");
        host.setStreamHandler(PerfProtocol.ID,
                stream -> stream.channel().pipeline().addLast(new PerfHandler.Server(config, drained -> { })));
    }

    /** Stops serving {@code /perf/1.0.0}. */
    public static void disableServer(Host host) {
        host.removeStreamHandler(PerfProtocol.ID);
    }

    /** {@link #run(Host, PeerId, long, long, PerfConfig)} with {@link PerfConfig#defaults()}. */
    public static CompletableFuture<PerfResult> run(Host host, PeerId peer, long uploadBytes, long downloadBytes) {
        return run(host, peer, uploadBytes, downloadBytes, PerfConfig.defaults());
    }

    /**
     * Uploads {@code uploadBytes} to {@code peer} and downloads {@code downloadBytes} from it on one
     * {@code /perf/1.0.0} stream. Fails with {@link io.hypha.host.StreamNegotiationException} when the peer does
     * not serve perf, and with {@link PerfException} when the stream ends early or the byte count is wrong.
     */
    public static CompletableFuture<PerfResult> run(Host host, PeerId peer, long uploadBytes, long downloadBytes,
            PerfConfig config) {
        if (uploadBytes < 0 || downloadBytes < 0) {
            throw new IllegalArgumentException("byte counts must not be negative");
        }
        Instant started = host.clock().instant();
        return host.newStream(peer, stream -> {
            PerfHandler.Client client = new PerfHandler.Client(host.clock(), started, uploadBytes, downloadBytes,
                    config.writeChunk());
            stream.channel().pipeline().addLast(client);
            return client.result();
        }, PerfProtocol.ID).thenCompose(f -> f);
    }
}
