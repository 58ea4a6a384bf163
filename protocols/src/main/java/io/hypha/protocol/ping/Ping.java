package io.hypha.protocol.ping;

import io.hypha.host.Host;
import io.hypha.host.Stream;
import io.hypha.peer.PeerId;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ping on a {@link Host} (libp2p/specs ping/ping.md): {@link #install} answers {@code /ipfs/ping/1.0.0} (at most
 * {@link PingConfig#maxInboundStreamsPerPeer()} concurrent streams per peer; more are reset) and sends pings,
 * each verified against its echo, each bounded by {@link PingConfig#timeout()}.
 */
public final class Ping implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Ping.class.getName());

    private final Host host;
    private final PingConfig config;
    private final SecureRandom random = new SecureRandom();
    private final Map<PeerId, Integer> inbound = new ConcurrentHashMap<>();

    private Ping(Host host, PingConfig config) {
        this.host = host;
        this.config = config;
    }

    /** Installs ping with {@link PingConfig#defaults()}. */
    public static Ping install(Host host) {
        return install(host, PingConfig.defaults());
    }

    /** Serves {@code /ipfs/ping/1.0.0} on {@code host}. */
    public static Ping install(Host host, PingConfig config) {
        Ping ping = new Ping(Objects.requireNonNull(host, "host"), Objects.requireNonNull(config, "config"));
        host.setStreamHandler(PingProtocol.ID, ping::respond);
        return ping;
    }

    /** One round trip of {@value PingProtocol#PAYLOAD_SIZE} random bytes on a fresh stream: its duration. */
    public CompletableFuture<Duration> ping(PeerId peer) {
        return openSession(peer).thenCompose(s -> s.ping().whenComplete((rtt, err) -> s.close()));
    }

    /** {@code count} round trips on one stream, {@code interval} apart: their durations, in order. */
    public CompletableFuture<List<Duration>> ping(PeerId peer, int count, Duration interval) {
        if (count < 1 || interval.isNegative()) {
            throw new IllegalArgumentException("count must be positive and interval not negative");
        }
        return openSession(peer).thenCompose(s -> s.ping(count, interval).whenComplete((rtts, err) -> s.close()));
    }

    /** Opens a ping stream to {@code peer} (connecting when needed) for repeated pings. */
    public CompletableFuture<PingSession> openSession(PeerId peer) {
        return host.newStream(peer, stream -> new PingSession(stream, host.clock(), config.timeout(), random),
                PingProtocol.ID);
    }

    /** Stops answering pings. */
    @Override
    public void close() {
        host.removeStreamHandler(PingProtocol.ID);
    }

    private void respond(Stream stream) {
        PeerId peer = stream.remotePeer();
        int open = inbound.merge(peer, 1, Integer::sum);
        if (open > config.maxInboundStreamsPerPeer()) {
            release(peer);
            LOG.log(System.Logger.Level.DEBUG, () -> "resetting ping stream from " + peer + ": more than "
                    + config.maxInboundStreamsPerPeer() + " concurrent inbound ping streams");
            stream.reset();
            return;
        }
        stream.channel().closeFuture().addListener(f -> release(peer));
        stream.channel().pipeline().addLast(new PingCodec(), new PingHandler(config.idleTimeout()));
    }

    private void release(PeerId peer) {
        inbound.computeIfPresent(peer, (p, n) -> n <= 1 ? null : n - 1);
    }
}
