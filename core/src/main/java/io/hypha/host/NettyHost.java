package io.hypha.host;

import io.hypha.crypto.PrivateKey;
import io.hypha.internal.netty.EventLoops;
import io.hypha.internal.netty.FatalErrors;
import io.hypha.multiaddr.Component;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiaddr.Protocol;
import io.hypha.multistream.MultistreamHandler;
import io.hypha.multistream.MultistreamListener;
import io.hypha.muxer.MuxedStreamChannel;
import io.hypha.muxer.yamux.YamuxConfig;
import io.hypha.muxer.yamux.YamuxMuxer;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerInfo;
import io.hypha.peer.PeerStore;
import io.hypha.resource.ConnectionManager;
import io.hypha.resource.ConnectionManagerConfig;
import io.hypha.resource.ConnectionScope;
import io.hypha.resource.Limit;
import io.hypha.resource.ResourceLimitException;
import io.hypha.resource.ResourceManager;
import io.hypha.resource.StreamScope;
import io.hypha.transport.Listener;
import io.hypha.transport.Transport;
import io.hypha.transport.TransportException;
import io.hypha.transport.tcp.TcpConfig;
import io.hypha.transport.tcp.TcpTransport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The {@link Host}: its transports (TCP unless others are given), Noise and yamux on Netty. Built by
 * {@link HostBuilder}.
 */
final class NettyHost implements Host {
    private static final System.Logger LOG = System.getLogger(NettyHost.class.getName());

    private final PrivateKey identity;
    private final PeerId peerId;
    private final HostConfig config;
    private final Clock clock;
    private final PeerStore peerStore;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    /** In order of preference: an address goes to the first transport that takes it. */
    private final List<Transport> transports;
    private final ConnectionUpgrader upgrader;
    private final EventBus events = new EventBus();
    private final HostCounters counters = new HostCounters();
    private final DialBackoff backoff;
    private final Map<String, ProtocolHandler> handlers = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<PeerId, List<HostConnection>> connections = new ConcurrentHashMap<>();
    private final Map<PeerId, CompletableFuture<Connection>> dials = new ConcurrentHashMap<>();
    private final Set<Channel> rawChannels = ConcurrentHashMap.newKeySet();
    private final HandshakingPool handshaking = new HandshakingPool();
    private final ResourceManager resources;
    private final ConnectionManager connectionManager;
    private final FatalErrorHandler fatalErrorHandler;
    private final AtomicBoolean fatalReported = new AtomicBoolean();
    private final Consumer<Throwable> fatalPolicy = this::onFatalError;
    private final AtomicBoolean trimScheduled = new AtomicBoolean();
    private final ScheduledFuture<?> trimTimer;
    private final Bandwidth bandwidth;
    private volatile boolean closing;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();


    NettyHost(PrivateKey identity, HostConfig config, YamuxConfig yamux, TcpConfig tcpConfig,
            List<Function<EventLoopGroup, Transport>> transportFactories, Clock clock, PeerStore peerStore,
            EventLoopGroup group, Map<ProtocolId, ProtocolHandler> initialHandlers,
            ResourceManager resources, ConnectionManagerConfig connMgr, FatalErrorHandler fatalErrorHandler) {
        this.identity = identity;
        this.peerId = PeerId.fromPublicKey(identity.publicKey());
        this.config = config;
        this.clock = clock;
        this.peerStore = peerStore;
        this.resources = resources;
        this.connectionManager = new ConnectionManager(connMgr, clock);
        this.bandwidth = new Bandwidth(clock, counters::bytesRead, counters::bytesWritten);
        this.fatalErrorHandler = fatalErrorHandler;
        this.ownsGroup = group == null;
        this.group = group != null ? group
                : EventLoops.newGroup(config.eventLoopThreads(), "hypha-io", fatalPolicy);
        List<Transport> made = new ArrayList<>();
        for (Function<EventLoopGroup, Transport> factory : transportFactories) {
            made.add(Objects.requireNonNull(factory.apply(this.group), "a transport factory returned null"));
        }
        if (made.isEmpty()) {
            made.add(new TcpTransport(this.group, tcpConfig));
        }
        this.transports = List.copyOf(made);
        this.upgrader = new ConnectionUpgrader(identity, new YamuxMuxer(yamux), config.upgradeTimeout(),
                config.inboundUpgradeTimeout(), config.streamNegotiationTimeout(), new SecureRandom(), clock, counters);
        this.backoff = new DialBackoff(clock, config.dialBackoffBase(), config.dialBackoffMax());
        initialHandlers.forEach((id, h) -> handlers.put(id.value(), h));
        long every = connectionManager.trimInterval().toMillis();
        this.trimTimer = this.group.next().scheduleAtFixedRate(this::trimConnections, every, every, TimeUnit.MILLISECONDS);
    }

    private void onFatalError(Throwable error) {
        if (fatalReported.compareAndSet(false, true)) {
            try {
                fatalErrorHandler.onFatalError(this, error);
            } catch (Throwable t) {
                error.addSuppressed(t);
                LOG.log(System.Logger.Level.ERROR, "the fatal-error handler failed", error);
            }
        }
    }

    CompletableFuture<Void> listen(List<Multiaddr> addresses) {
        CompletableFuture<?>[] binds = new CompletableFuture<?>[addresses.size()];
        for (int i = 0; i < binds.length; i++) {
            Multiaddr address = addresses.get(i);
            Transport transport = transports.stream().filter(t -> t.canListen(address)).findFirst().orElse(null);
            binds[i] = transport == null
                    ? CompletableFuture.failedFuture(new TransportException("no transport can listen on " + address))
                    : transport.listen(address, inboundInitializer(transport)).thenAccept(listeners::add);
        }
        return CompletableFuture.allOf(binds).whenComplete((v, err) -> {
            if (err != null) {
                closeAsync();
            }
        });
    }

    // ---- connections -------------------------------------------------------------------------------

    /** The transport that dials {@code address}, or null when none can. */
    private Transport dialerOf(Multiaddr address) {
        for (Transport t : transports) {
            if (t.canDial(address)) {
                return t;
            }
        }
        return null;
    }

    private ChannelHandler inboundInitializer(Transport transport) {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (closing) {
                    ch.close();
                    return;
                }
                // per-IP limits apply to IP transports; an in-memory peer has no IP address
                InetAddress ip = ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
                ConnectionScope scope = admitInbound(ip);
                if (scope == null) {
                    ch.close();
                    return;
                }
                ch.attr(FatalErrors.POLICY).set(fatalPolicy);
                ch.closeFuture().addListener(f -> scope.close());
                track(ch);
                Runnable handshakeDone = handshaking.add(ch, scope);
                upgrader.install(ch, Direction.INBOUND, null, inboundStreams(), scope, transport::addressOf)
                        .whenComplete((conn, err) -> handshakeDone.run())
                        .thenAccept(conn -> register(conn, null, transport.name()));
            }
        };
    }

    /** A transient scope for a connection from {@code ip}, or null when refused (see {@link HandshakingPool}). */
    private ConnectionScope admitInbound(InetAddress ip) {
        return handshaking.admit(() -> resources.openConnection(true, ip));
    }

    /** Tracks a raw connection (closed with the host) and counts its bytes. */
    private void track(Channel ch) {
        rawChannels.add(ch);
        ch.closeFuture().addListener(f -> rawChannels.remove(ch));
    }

    /** Initialises each stream the peer opens: multistream over our handlers, then the protocol's handler. */
    private Function<HostConnection, ChannelHandler> inboundStreams() {
        return conn -> {
            List<String> listed = new ArrayList<>(new TreeSet<>(handlers.keySet()));
            return new MultistreamHandler(new MultistreamListener(listed, handlers::containsKey),
                    config.streamNegotiationTimeout(), selected -> new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ProtocolHandler handler = handlers.get(selected);
                            HostStream stream = new HostStream((MuxedStreamChannel) ch, ProtocolId.of(selected), conn,
                                    Direction.INBOUND);
                            if (handler == null) {
                                stream.reset();
                                return;
                            }
                            StreamScope scope = stream.resources();
                            try {
                                if (scope == null) {
                                    stream.reset();
                                    return;
                                }
                                scope.setProtocol(selected);
                            } catch (ResourceLimitException e) {
                                stream.reset();
                                return;
                            }
                            stream.counted(counters);
                            try {
                                handler.handle(stream);
                            } catch (RuntimeException e) {
                                LOG.log(System.Logger.Level.WARNING, "handler for " + selected + " failed", e);
                                stream.reset();
                            }
                        }
                    });
        };
    }

    /**
     * Makes a finished connection known; {@code dialed} is the address dialed (null for an inbound connection),
     * {@code transport} the name of the transport it runs on.
     */
    private boolean register(HostConnection conn, Multiaddr dialed, String transport) {
        PeerId peer = conn.remotePeer();
        if (peer.equals(peerId)) {
            LOG.log(System.Logger.Level.DEBUG, "closing a connection to ourselves");
            conn.close();
            return false;
        }
        List<HostConnection> list = connections.computeIfAbsent(peer, k -> new CopyOnWriteArrayList<>());
        synchronized (list) {
            if (closing) {
                LOG.log(System.Logger.Level.DEBUG, () -> "closing " + conn + ": host closing");
                conn.close();
                return false;
            }
            list.add(conn);
        }
        connectionManager.add(conn);
        counters.connectionOpened(transport, conn.direction());
        peerStore.putPublicKey(peer, conn.remotePublicKey());
        if (dialed != null) {
            peerStore.addAddresses(peer, List.of(dialed), PeerStore.CONNECTED_ADDRESS_TTL);
        }
        conn.closeFuture().thenRun(() -> {
            counters.connectionClosed(transport, conn.direction());
            connectionManager.remove(conn);
            int remaining;
            synchronized (list) {
                list.remove(conn);
                remaining = list.size();
            }
            connections.computeIfPresent(peer, (k, v) -> v.isEmpty() ? null : v);
            events.publish(new HostEvent.PeerDisconnected(peer, conn, remaining));
        });
        events.publish(new HostEvent.PeerConnected(peer, conn));
        if (connectionManager.aboveHighWater() && trimScheduled.compareAndSet(false, true)) {
            group.next().execute(this::trimConnections);
        }
        return true;
    }

    /** Closes what the connection manager selects (above the high-water mark). */
    private void trimConnections() {
        trimScheduled.set(false);
        if (closing) {
            return;
        }
        List<ConnectionManager.Managed> victims = connectionManager.selectForTrim();
        if (!victims.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "connection manager: trimming " + victims.size() + " of "
                    + connectionManager.connectionCount() + " connections");
            victims.forEach(ConnectionManager.Managed::trim);
        }
    }

    @Override
    public CompletableFuture<Connection> connect(Multiaddr addressWithPeerId) {
        PeerInfo info;
        try {
            info = PeerInfo.fromP2pAddress(addressWithPeerId);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new DialException(e.getMessage()));
        }
        return connect(info.peerId(), info.addresses());
    }

    @Override
    public CompletableFuture<Connection> connect(PeerId peer, Collection<Multiaddr> addresses) {
        if (closing) {
            return CompletableFuture.failedFuture(new HostClosedException("host is closed"));
        }
        if (peer.equals(peerId)) {
            return CompletableFuture.failedFuture(new DialException("cannot dial ourselves (" + peer + ")"));
        }
        for (HostConnection c : connections.getOrDefault(peer, List.of())) {
            if (c.isOpen()) {
                return CompletableFuture.completedFuture(c);
            }
        }
        if (!addresses.isEmpty()) {
            peerStore.addAddresses(peer, addresses, PeerStore.CONNECTED_ADDRESS_TTL);
        }
        CompletableFuture<Connection> mine = new CompletableFuture<>();
        CompletableFuture<Connection> existing = dials.putIfAbsent(peer, mine);
        if (existing != null) {
            return existing;
        }
        mine.whenComplete((c, err) -> dials.remove(peer, mine));
        var until = backoff.backedOffUntil(peer);
        if (until.isPresent()) {
            mine.completeExceptionally(new DialException("peer " + peer + " is in dial back-off until " + until.get()
                    + " after failed dials"));
            return mine;
        }
        List<Multiaddr> candidates = new ArrayList<>(new LinkedHashSet<>(
                addresses.isEmpty() ? peerStore.addresses(peer) : addresses.stream().map(Multiaddr::withoutPeerId).toList()));
        candidates.removeIf(a -> dialerOf(a) == null);
        if (candidates.isEmpty()) {
            mine.completeExceptionally(new DialException("no dialable address for " + peer
                    + (addresses.isEmpty() ? " in the peer store" : " among " + addresses)));
            return mine;
        }
        new StaggeredDial(peer, StaggeredDial.rank(candidates), config.dialStagger(),
                config.maxConcurrentDialsPerPeer(), backoff, new Dials(peer), mine).start();
        return mine;
    }

    /** How a {@link StaggeredDial} to {@code peer} dials, registers and waits on this host. */
    private final class Dials implements StaggeredDial.Dialer {
        private final PeerId peer;

        Dials(PeerId peer) {
            this.peer = peer;
        }

        @Override
        public StaggeredDial.Attempt start(Multiaddr address) throws ResourceLimitException {
            if (closing) {
                throw new IllegalStateException("host is closed");
            }
            Transport transport = dialerOf(address);
            ConnectionScope scope = resources.openConnection(false, null);
            DialAttempt attempt = new DialAttempt();
            transport.dial(address, new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.attr(FatalErrors.POLICY).set(fatalPolicy);
                    ch.closeFuture().addListener(f -> scope.close());
                    track(ch);
                    if (!attempt.attach(ch)) {
                        return;
                    }
                    upgrader.install(ch, Direction.OUTBOUND, peer, inboundStreams(), scope, transport::addressOf)
                            .whenComplete((c, err) -> {
                                if (err != null) {
                                    attempt.upgraded.completeExceptionally(err);
                                } else if (!attempt.upgraded.complete(c)) {
                                    c.close();
                                }
                            });
                }
            }).whenComplete((ch, err) -> {
                if (err != null) {
                    scope.close();
                    attempt.upgraded.completeExceptionally(err);
                }
            });
            return attempt;
        }

        @Override
        public Connection accept(HostConnection conn, Multiaddr address) {
            if (register(conn, address, dialerOf(address).name())) {
                return conn;
            }
            // lost a race with another connection to the same peer: use that one
            List<HostConnection> open = connections.getOrDefault(peer, List.of());
            return open.isEmpty() ? null : open.get(0);
        }

        @Override
        public java.util.concurrent.Future<?> schedule(Runnable task, java.time.Duration delay) {
            return group.next().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** One raw dial: its channel once the transport made one, and its upgrade. */
    private static final class DialAttempt implements StaggeredDial.Attempt {
        final CompletableFuture<HostConnection> upgraded = new CompletableFuture<>();
        private Channel channel;
        private boolean cancelled;

        /** Takes the dial's channel; false (and the channel closed) when the dial was abandoned already. */
        boolean attach(Channel ch) {
            synchronized (this) {
                if (!cancelled) {
                    channel = ch;
                    return true;
                }
            }
            ch.close();
            return false;
        }

        @Override
        public CompletableFuture<HostConnection> upgraded() {
            return upgraded;
        }

        @Override
        public void cancel() {
            Channel ch;
            synchronized (this) {
                cancelled = true;
                ch = channel;
            }
            upgraded.completeExceptionally(new DialException("abandoned: the connect ended"));
            if (ch != null) {
                ch.close();
            }
        }
    }

    // ---- streams and protocols --------------------------------------------------------------------

    @Override
    public <T> CompletableFuture<T> newStream(PeerId peer, StreamOpener<T> opener, ProtocolId... protocols) {
        return connect(peer, List.of()).thenCompose(c -> c.newStream(opener, protocols).exceptionallyCompose(err ->
                // the connection closed just as we picked it and no stream exists: one more try, on a connection that
                // is open (another one, or a new dial)
                unwrap(err) instanceof StreamNotOpenedException && !closing
                        ? connect(peer, List.of()).thenCompose(again -> again.newStream(opener, protocols))
                        : CompletableFuture.failedFuture(err)));
    }

    private static Throwable unwrap(Throwable err) {
        return err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
    }

    @Override
    public void setStreamHandler(ProtocolId protocol, ProtocolHandler handler) {
        handlers.put(protocol.value(), handler);
        announceLocalChange();
    }

    @Override
    public void removeStreamHandler(ProtocolId protocol) {
        if (handlers.remove(protocol.value()) != null) {
            announceLocalChange();
        }
    }

    private void announceLocalChange() {
        Set<String> ids = Set.copyOf(handlers.keySet());
        events.publish(new HostEvent.LocalChanged(ids, dialableAddresses()));
    }

    @Override
    public Set<ProtocolId> protocols() {
        Set<ProtocolId> out = new TreeSet<>();
        handlers.keySet().forEach(id -> out.add(ProtocolId.of(id)));
        return Collections.unmodifiableSet(out);
    }

    // ---- accessors -----------------------------------------------------------------------------

    @Override
    public PeerId peerId() {
        return peerId;
    }

    @Override
    public PrivateKey identity() {
        return identity;
    }

    @Override
    public List<Multiaddr> listenAddresses() {
        return listeners.stream().map(Listener::address).toList();
    }

    @Override
    public List<Multiaddr> dialableAddresses() {
        List<Multiaddr> out = new ArrayList<>();
        for (Multiaddr bound : listenAddresses()) {
            Component host = bound.components().get(0);
            if (host.protocol() != Protocol.IP4 && host.protocol() != Protocol.IP6) {
                out.add(bound); // an address of another kind (such as /memory/<n>) is dialable as bound
                continue;
            }
            boolean unspecified = host.protocol() == Protocol.IP4
                    ? java.util.Arrays.equals(host.value(), new byte[4])
                    : java.util.Arrays.equals(host.value(), new byte[16]);
            if (!unspecified) {
                out.add(bound);
                continue;
            }
            Component port = bound.components().get(1);
            for (InetAddress a : interfaceAddresses(host.protocol() == Protocol.IP6)) {
                out.add(Multiaddr.of(new Component(host.protocol(), a.getAddress()), port));
            }
        }
        return out;
    }

    private static List<InetAddress> interfaceAddresses(boolean ipv6) {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (ipv6 ? a instanceof Inet6Address && !a.isLinkLocalAddress() : a instanceof Inet4Address) {
                        out.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot list network interfaces", e);
        }
        out.sort((x, y) -> Boolean.compare(x.isLoopbackAddress(), y.isLoopbackAddress()));
        return out;
    }

    @Override
    public List<Connection> connections() {
        List<Connection> out = new ArrayList<>();
        connections.values().forEach(list -> list.stream().filter(HostConnection::isOpen).forEach(out::add));
        return out;
    }

    @Override
    public List<Connection> connections(PeerId peer) {
        return connections.getOrDefault(peer, List.of()).stream().filter(HostConnection::isOpen)
                .map(Connection.class::cast).toList();
    }

    @Override
    public PeerStore peerStore() {
        return peerStore;
    }

    @Override
    public HostConfig config() {
        return config;
    }

    @Override
    public ResourceManager resources() {
        return resources;
    }

    @Override
    public ConnectionManager connectionManager() {
        return connectionManager;
    }

    @Override
    public HostCounters counters() {
        return counters;
    }

    @Override
    public EventLoopGroup eventLoopGroup() {
        return group;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Bandwidth bandwidth() {
        return bandwidth;
    }

    @Override
    public <E extends HostEvent> Subscription subscribe(Class<E> type, Consumer<? super E> subscriber) {
        return events.subscribe(type, subscriber);
    }

    @Override
    public void publish(HostEvent event) {
        events.publish(event);
    }

    // ---- shutdown ------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Void> closeAsync() {
        if (closing) {
            return closed;
        }
        closing = true;
        trimTimer.cancel(false);
        List<CompletableFuture<?>> steps = new ArrayList<>();
        for (Listener l : listeners) {
            steps.add(l.close());
        }
        for (Connection c : connections()) {
            steps.add(c.close().exceptionally(e -> null));
        }
        for (Channel ch : rawChannels) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            ch.close().addListener(x -> f.complete(null));
            steps.add(f);
        }
        HostClosedException gone = new HostClosedException("host closed");
        dials.values().forEach(d -> d.completeExceptionally(gone));
        CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)).whenComplete((v, err) -> {
            transports.forEach(Transport::close);
            if (ownsGroup) {
                group.shutdownGracefully(0, 5, TimeUnit.SECONDS).addListener(f -> closed.complete(null));
            } else {
                closed.complete(null);
            }
        });
        return closed;
    }

    @Override
    public String toString() {
        return "Host[" + peerId + " " + listenAddresses() + "]";
    }
}
