package io.hypha.host;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.muxer.yamux.YamuxConfig;
import io.hypha.peer.MemoryPeerStore;
import io.hypha.peer.PeerStore;
import io.hypha.resource.ConnectionManagerConfig;
import io.hypha.resource.ResourceLimits;
import io.hypha.resource.ResourceManager;
import io.hypha.transport.Transport;
import io.hypha.transport.tcp.TcpConfig;
import io.hypha.transport.tcp.TcpTransport;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Builds a {@link Host}. Defaults: a fresh Ed25519 identity, no listen addresses (dial only),
 * {@link HostConfig#defaults} with agent {@code hypha/<version>}, yamux defaults, one transport ({@link TcpTransport}
 * with {@link #tcp} settings, TCP defaults unless set), the system
 * UTC clock, a {@link MemoryPeerStore}, an event loop group owned (and closed) by the host,
 * {@link ResourceLimits#defaults()}, Kubo's connection-manager water marks, and a fatal error closing the host.
 */
public final class HostBuilder {
    private PrivateKey identity;
    private final List<Multiaddr> listen = new ArrayList<>();
    private final Map<ProtocolId, ProtocolHandler> handlers = new LinkedHashMap<>();
    private HostConfig config;
    private YamuxConfig yamux = YamuxConfig.DEFAULT;
    private TcpConfig tcp = TcpConfig.defaults();
    private final List<Function<EventLoopGroup, Transport>> transports = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private PeerStore peerStore;
    private EventLoopGroup group;
    private ResourceManager resources;
    private ConnectionManagerConfig connectionManager = ConnectionManagerConfig.DEFAULT;
    private FatalErrorHandler fatalErrorHandler = FatalErrorHandler.CLOSE_HOST;

    HostBuilder() {}

    /** The version of this build, for the default agent {@code hypha/<version>}. */
    public static String version() {
        try (InputStream in = HostBuilder.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HostBuilder identity(PrivateKey key) {
        this.identity = Objects.requireNonNull(key);
        return this;
    }

    public HostBuilder listen(Multiaddr... addresses) {
        listen.addAll(List.of(addresses));
        return this;
    }

    public HostBuilder listen(String... addresses) {
        for (String a : addresses) {
            listen.add(Multiaddr.parse(a));
        }
        return this;
    }

    public HostBuilder protocol(ProtocolId id, ProtocolHandler handler) {
        handlers.put(Objects.requireNonNull(id), Objects.requireNonNull(handler));
        return this;
    }

    public HostBuilder config(HostConfig config) {
        this.config = Objects.requireNonNull(config);
        return this;
    }

    public HostBuilder yamux(YamuxConfig yamux) {
        this.yamux = Objects.requireNonNull(yamux);
        return this;
    }

    /**
     * Adds a transport, made once the host's event loop group exists (transports run their channels on it):
     * for example {@code transport(group -> new MemoryTransport(group, network))}. The host dials an address
     * with the first transport added that can dial it, listens with the first that can listen on it, and
     * closes its transports when it closes. With no transport added the host runs one {@link TcpTransport}
     * (with the {@link #tcp} settings); once one is added, add TCP too if the host should also speak it:
     * {@code transport(group -> new TcpTransport(group, TcpConfig.defaults()))}.
     */
    public HostBuilder transport(Function<EventLoopGroup, Transport> factory) {
        transports.add(Objects.requireNonNull(factory));
        return this;
    }

    /** Settings of the default TCP transport (used when no {@link #transport} is added). */
    public HostBuilder tcp(TcpConfig tcp) {
        this.tcp = Objects.requireNonNull(tcp);
        return this;
    }

    public HostBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        return this;
    }

    public HostBuilder peerStore(PeerStore peerStore) {
        this.peerStore = Objects.requireNonNull(peerStore);
        return this;
    }

    /** Limits of what peers can make the host hold (default {@link ResourceLimits#defaults()}). */
    public HostBuilder resourceLimits(ResourceLimits limits) {
        this.resources = new ResourceManager(Objects.requireNonNull(limits));
        return this;
    }

    /** Accounts in {@code manager} (shared with other hosts, or inspected by the caller). */
    public HostBuilder resourceManager(ResourceManager manager) {
        this.resources = Objects.requireNonNull(manager);
        return this;
    }

    /** Water marks and grace period of connection trimming (default Kubo's 32/96/20 s). */
    public HostBuilder connectionManager(ConnectionManagerConfig config) {
        this.connectionManager = Objects.requireNonNull(config);
        return this;
    }

    /** What to do after an out-of-memory or other fatal error on an event loop (default: close the host). */
    public HostBuilder fatalErrorHandler(FatalErrorHandler handler) {
        this.fatalErrorHandler = Objects.requireNonNull(handler);
        return this;
    }

    /** Runs on the caller's event loop group, which the host will not shut down. */
    public HostBuilder eventLoopGroup(EventLoopGroup group) {
        this.group = Objects.requireNonNull(group);
        return this;
    }

    /** Starts the host: completes once every listen address is bound (or with the first failure). */
    public CompletableFuture<Host> start() {
        HostConfig cfg = config != null ? config : HostConfig.defaults("hypha/" + version());
        PrivateKey key = identity != null ? identity : PrivateKey.generate(KeyType.ED25519);
        PeerStore store = peerStore != null ? peerStore : new MemoryPeerStore(clock);
        ResourceManager rm = resources != null ? resources : new ResourceManager(ResourceLimits.defaults());
        NettyHost host = new NettyHost(key, cfg, yamux, tcp, List.copyOf(transports), clock, store, group, handlers,
                rm, connectionManager, fatalErrorHandler);
        return host.listen(listen).thenApply(v -> (Host) host);
    }
}
