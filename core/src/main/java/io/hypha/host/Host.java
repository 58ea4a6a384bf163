package io.hypha.host;

import io.hypha.crypto.PrivateKey;
import io.hypha.internal.netty.BlockingGuard;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerStore;
import io.hypha.resource.ConnectionManager;
import io.hypha.resource.ResourceManager;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A libp2p host: one identity, its listeners, its connections to other peers and the protocols it
 * serves. Every connection runs on one of its transports (TCP unless the builder adds others, such as the
 * in-memory transport), secured with Noise and multiplexed with yamux; every stream negotiates its protocol
 * with multistream-select. Built with {@link #builder()}.
 */
public interface Host extends AutoCloseable {
    static HostBuilder builder() {
        return new HostBuilder();
    }

    PeerId peerId();

    /** The identity key (protocols such as identify sign with it). */
    PrivateKey identity();

    /** The addresses we listen on, as bound (unspecified addresses stay unspecified). */
    List<Multiaddr> listenAddresses();

    /**
     * The addresses peers can dial: the bound addresses with {@code 0.0.0.0} / {@code ::} expanded to the
     * machine's interface addresses; addresses of other kinds (such as {@code /memory/<n>}) as bound.
     */
    List<Multiaddr> dialableAddresses();

    /**
     * Connects to a peer at any of {@code addresses} (or the peer store's addresses when empty), reusing a
     * live connection. The Noise handshake must prove the peer holds {@code peer}'s key. Addresses are dialed
     * concurrently, staggered by {@link HostConfig#dialStagger()}: the first connection to finish its upgrade
     * is kept, the other dials are abandoned; when all fail, the {@link DialException} names each address.
     */
    CompletableFuture<Connection> connect(PeerId peer, Collection<Multiaddr> addresses);

    /** Connects to the peer named by the address's {@code /p2p} suffix. */
    CompletableFuture<Connection> connect(Multiaddr addressWithPeerId);

    /**
     * Opens a stream to a peer (connecting first when needed), negotiating the first of {@code protocols}
     * it supports, and sets it up with {@code opener}; see {@link Connection#newStream}.
     */
    <T> CompletableFuture<T> newStream(PeerId peer, StreamOpener<T> opener, ProtocolId... protocols);

    /** Serves {@code protocol} on inbound streams; replaces any previous handler and announces the change. */
    void setStreamHandler(ProtocolId protocol, ProtocolHandler handler);

    void removeStreamHandler(ProtocolId protocol);

    /** The protocols we serve. */
    Set<ProtocolId> protocols();

    /** The open connections (one that is closing is no longer listed). */
    List<Connection> connections();

    /** The open connections to {@code peer}. */
    List<Connection> connections(PeerId peer);

    PeerStore peerStore();

    HostConfig config();

    /** The resource manager: limits, current usage, refusals (see {@link io.hypha.resource}). */
    ResourceManager resources();

    /** The connection manager: tag and protect peers so trimming spares them. */
    ConnectionManager connectionManager();

    /**
     * Running totals since the host started (connections and streams opened and closed, bytes in and out,
     * handshakes by outcome), for metrics; what is in use now is {@link #resources()}' {@code stats()}.
     */
    HostCounters counters();

    Clock clock();

    /**
     * The host's event loops, for protocol timers and short non-blocking tasks (never block on it: disk and
     * other slow work belongs on a worker executor).
     */
    io.netty.channel.EventLoopGroup eventLoopGroup();

    /** The bytes read from and written to every connection's socket so far, and the current rates. */
    Bandwidth bandwidth();

    /** Delivers events of {@code type} to {@code subscriber}, on the thread that publishes them. */
    <E extends HostEvent> Subscription subscribe(Class<E> type, Consumer<? super E> subscriber);

    /** Publishes an event to subscribers (protocols use this to tell each other what they learned). */
    void publish(HostEvent event);

    /**
     * Closes every listener and connection; every pending future completes (exceptionally where it
     * had not finished). Completes when all is closed.
     */
    CompletableFuture<Void> closeAsync();

    @Override
    default void close() {
        BlockingGuard.join(closeAsync(), "closing the host");
    }

    /** An event subscription; {@link #cancel()} stops delivery. */
    interface Subscription {
        void cancel();
    }
}
