package io.hypha.node;

import io.hypha.block.BlockExchange;
import io.hypha.block.Blockstore;
import io.hypha.block.MemoryBlockstore;
import io.hypha.crypto.PrivateKey;
import io.hypha.host.FatalErrorHandler;
import io.hypha.host.Host;
import io.hypha.host.HostBuilder;
import io.hypha.host.HostConfig;
import io.hypha.multiaddr.DnsResolver;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.node.dag.Refs;
import io.hypha.node.internal.Lazy;
import io.hypha.node.metrics.NodeMetrics;
import io.hypha.node.repo.ProvideConfig;
import io.hypha.node.repo.Repo;
import io.hypha.node.repo.RoutingConfig;
import io.hypha.node.repo.SwarmConfig;
import io.hypha.node.routing.BootstrapPeers;
import io.hypha.node.routing.Dht;
import io.hypha.node.store.BlockService;
import io.hypha.node.store.NotifyingBlockstore;
import io.hypha.peer.PeerInfo;
import io.hypha.protocol.bitswap.Bitswap;
import io.hypha.protocol.bitswap.BitswapConfig;
import io.hypha.protocol.bitswap.ProviderRouting;
import io.hypha.protocol.identify.Identify;
import io.hypha.protocol.identify.IdentifyConfig;
import io.hypha.protocol.kad.KadConfig;
import io.hypha.protocol.perf.Perf;
import io.hypha.protocol.ping.Ping;
import io.hypha.resource.ConnectionManagerConfig;
import io.hypha.resource.ResourceLimits;
import io.hypha.transport.Transport;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds a {@link Node}. With a {@link Repo}: its identity, blockstore and swarm addresses (unless
 * {@link #listen} overrides them) and its {@code Swarm} section's limits. Without: a fresh Ed25519 identity
 * (or {@link #identity}), an in-memory blockstore, no listener unless given and the default limits. Identify
 * and ping always run; perf only when enabled.
 */
public final class NodeBuilder {
    private Repo repo;
    private PrivateKey identity;
    private Blockstore blocks;
    private BlockExchange exchange;
    private boolean offline;
    private BitswapConfig bitswapConfig = BitswapConfig.defaults();
    private List<Multiaddr> listen;
    private HostConfig hostConfig;
    private ResourceLimits resourceLimits;
    private ConnectionManagerConfig connectionManager;
    private FatalErrorHandler fatalErrorHandler;
    private boolean perf;
    private RoutingConfig.Type routing;
    private KadConfig kadConfig;
    private final List<Function<EventLoopGroup, Transport>> transports =
            new ArrayList<>();
    private EventLoopGroup eventLoopGroup;
    private Supplier<CompletableFuture<List<PeerInfo>>> bootstrapPeers;
    private Function<EventLoopGroup, DnsResolver> dns;

    NodeBuilder() {}

    public NodeBuilder repo(Repo repo) {
        this.repo = Objects.requireNonNull(repo);
        return this;
    }

    public NodeBuilder identity(PrivateKey identity) {
        this.identity = Objects.requireNonNull(identity);
        return this;
    }

    public NodeBuilder blockstore(Blockstore blocks) {
        this.blocks = Objects.requireNonNull(blocks);
        return this;
    }

    /**
     * Where the node's block service fetches the blocks its store lacks, instead of the Bitswap the node installs by
     * default (no Bitswap runs then).
     */
    public NodeBuilder exchange(BlockExchange exchange) {
        this.exchange = Objects.requireNonNull(exchange);
        return this;
    }

    /**
     * Offline, as Kubo's {@code daemon --offline}: no Bitswap and no DHT, whatever {@code Routing.Type} says; the node
     * reads and serves its own blocks only (default: online).
     */
    public NodeBuilder offline(boolean offline) {
        this.offline = offline;
        return this;
    }

    /** Bitswap's settings (default {@link BitswapConfig#defaults()}); unused offline or with an {@link #exchange}. */
    public NodeBuilder bitswapConfig(BitswapConfig config) {
        this.bitswapConfig = Objects.requireNonNull(config);
        return this;
    }

    /** Listen addresses, replacing the repo's {@code Addresses.Swarm}. */
    public NodeBuilder listen(List<Multiaddr> addresses) {
        this.listen = List.copyOf(addresses);
        return this;
    }

    public NodeBuilder hostConfig(HostConfig config) {
        this.hostConfig = Objects.requireNonNull(config);
        return this;
    }

    /** Resource limits, replacing the repo's {@code Swarm.ResourceMgr} (default: scaled to the JVM's heap). */
    public NodeBuilder resourceLimits(ResourceLimits limits) {
        this.resourceLimits = Objects.requireNonNull(limits);
        return this;
    }

    /** Connection trimming, replacing the repo's {@code Swarm.ConnMgr} (default: Kubo's 32/96/20 s). */
    public NodeBuilder connectionManager(ConnectionManagerConfig config) {
        this.connectionManager = Objects.requireNonNull(config);
        return this;
    }

    /** What to do after a fatal error on an event loop (default: close the node's host). */
    public NodeBuilder fatalErrorHandler(FatalErrorHandler handler) {
        this.fatalErrorHandler = Objects.requireNonNull(handler);
        return this;
    }

    /** Serves {@code /perf/1.0.0} (off by default, as the perf spec requires). */
    public NodeBuilder enablePerf(boolean enable) {
        this.perf = enable;
        return this;
    }

    /**
     * The DHT mode, replacing the repo's {@code Routing.Type} (default {@code auto}: a client until the node knows
     * it is publicly reachable); {@code none} runs no DHT.
     */
    public NodeBuilder routing(RoutingConfig.Type type) {
        this.routing = Objects.requireNonNull(type);
        return this;
    }

    /** DHT settings (lookup parameters, refresh interval); the mode still comes from {@link #routing}. */
    public NodeBuilder kadConfig(KadConfig config) {
        this.kadConfig = Objects.requireNonNull(config);
        return this;
    }

    /** Adds a transport to the host (see {@link HostBuilder#transport}); without one the node speaks TCP. */
    public NodeBuilder transport(Function<EventLoopGroup, Transport> t) {
        this.transports.add(Objects.requireNonNull(t));
        return this;
    }

    /** Runs the host on {@code group} (shared by many nodes in one process; the caller closes it). */
    public NodeBuilder eventLoopGroup(EventLoopGroup group) {
        this.eventLoopGroup = Objects.requireNonNull(group);
        return this;
    }

    /**
     * Where the DHT finds its first peers, replacing the repo's {@code Bootstrap} list (asked again whenever the
     * routing table runs low).
     */
    public NodeBuilder bootstrapPeers(Supplier<CompletableFuture<List<PeerInfo>>> peers) {
        this.bootstrapPeers = Objects.requireNonNull(peers);
        return this;
    }

    /**
     * How the node resolves {@code /dnsaddr}, {@code /dns4}, {@code /dns6} and {@code /dns} bootstrap addresses
     * (default: the system's name servers); tests point it at a local DNS server.
     */
    public NodeBuilder dnsResolver(Function<EventLoopGroup, DnsResolver> dns) {
        this.dns = Objects.requireNonNull(dns);
        return this;
    }

    /** The connection manager's tag protecting the config's {@code Bootstrap} peers from trimming. */
    public static final String BOOTSTRAP_TAG = "bootstrap";

    /** Bootstrap peers are how the node finds the swarm again: trimming never disconnects them (as Kubo). */
    private static void protectBootstrapPeers(Host host, List<String> bootstrap) {
        for (String a : bootstrap) {
            try {
                Multiaddr.parse(a).peerId().ifPresent(p -> host.connectionManager().protect(p, BOOTSTRAP_TAG));
            } catch (IllegalArgumentException e) {
                System.getLogger(NodeBuilder.class.getName()).log(System.Logger.Level.WARNING,
                        "ignoring bootstrap address " + a + ": " + e.getMessage());
            }
        }
    }

    /**
     * Bitswap's provider search over the node's DHT (installed after Bitswap, hence the reference): up to
     * {@code count} providers of the CID's multihash, done when the lookup ends, found or not.
     */
    private static ProviderRouting providersOver(AtomicReference<Dht> dht) {
        return (cid, count, found) -> {
            Dht d = dht.get();
            if (d == null) {
                return CompletableFuture.completedFuture(null);
            }
            return d.kad().findProviders(cid.multihash().bytes(), count, found::accept)
                    .handle((n, err) -> null); // nothing found is an ordinary end of a search
        };
    }

    public CompletableFuture<Node> start() {
        PrivateKey key = identity != null ? identity : repo != null ? repo.privateKey() : null;
        Blockstore store = blocks != null ? blocks : repo != null ? repo.blocks() : new MemoryBlockstore();
        List<Multiaddr> addrs = listen;
        if (addrs == null) {
            addrs = new ArrayList<>();
            if (repo != null) {
                for (String a : repo.config().addresses().swarm()) {
                    addrs.add(Multiaddr.parse(a));
                }
            }
        }
        HostBuilder hb = Host.builder().listen(addrs.toArray(Multiaddr[]::new));
        if (key != null) {
            hb.identity(key);
        }
        if (hostConfig != null) {
            hb.config(hostConfig);
        }
        try {
            SwarmConfig swarm = repo != null ? repo.config().swarm() : SwarmConfig.DEFAULTS;
            hb.resourceLimits(resourceLimits != null ? resourceLimits : swarm.resourceLimits());
            hb.connectionManager(connectionManager != null ? connectionManager : swarm.connMgr().toConfig());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (fatalErrorHandler != null) {
            hb.fatalErrorHandler(fatalErrorHandler);
        }
        transports.forEach(hb::transport);
        if (eventLoopGroup != null) {
            hb.eventLoopGroup(eventLoopGroup);
        }
        RoutingConfig.Type routingType = offline ? RoutingConfig.Type.NONE : routing != null ? routing
                : repo != null ? repo.config().routing().routingType() : RoutingConfig.Type.AUTO;
        ProvideConfig provide = repo != null ? repo.config().provide()
                : ProvideConfig.DEFAULTS;
        List<String> bootstrap = repo != null ? repo.config().bootstrap() : List.of();
        return hb.start().thenApply(host -> {
            protectBootstrapPeers(host, bootstrap);
            Identify identify = Identify.install(host, IdentifyConfig.defaults());
            Ping ping = Ping.install(host);
            if (perf) {
                Perf.enableServer(host);
            }
            NodeMetrics metrics = NodeMetrics.of(host);
            AtomicReference<Dht> dhtRef =
                    new AtomicReference<>();
            Blockstore metered = metrics.meter(store);
            boolean announceAll = routingType != RoutingConfig.Type.NONE && provide.isEnabled()
                    && provide.providerStrategy() == ProvideConfig.Strategy.ALL;
            Bitswap bitswap = offline || exchange != null ? null
                    : Bitswap.install(host, bitswapConfig, metered, routingType == RoutingConfig.Type.NONE
                            ? ProviderRouting.NONE : providersOver(dhtRef));
            if (bitswap != null) {
                metrics.meterBitswap(bitswap);
            }
            Blockstore stored = metered;
            if (announceAll || bitswap != null) {
                // one decorator tells everyone who cares about a new local block, whoever wrote it
                stored = NotifyingBlockstore.of(metered, written -> {
                    if (bitswap != null) {
                        bitswap.blocksAdded(written);
                    }
                    Dht d = dhtRef.get();
                    if (announceAll && d != null) {
                        written.forEach(b -> d.provider().enqueue(b.cid()));
                    }
                });
            }
            BlockExchange fetcher = bitswap != null ? bitswap : offline ? null : exchange;
            BlockService blockService = fetcher == null
                    ? BlockService.offline(stored)
                    : BlockService.online(stored, fetcher);
            Node node = new Node(host, blockService, repo, identify, ping, metrics);
            if (bitswap != null) {
                node.attachBitswap(bitswap);
            }
            if (offline) {
                node.markOffline();
            }
            if (routingType != RoutingConfig.Type.NONE) {
                Supplier<CompletableFuture<List<PeerInfo>>> peers = bootstrapPeers;
                if (peers == null) {
                    Function<EventLoopGroup, DnsResolver> make =
                            dns != null ? dns : DnsResolver::system;
                    Lazy<DnsResolver> resolver =
                            new Lazy<>(() -> make.apply(host.eventLoopGroup()));
                    node.closeWith(resolver);
                    peers = new BootstrapPeers(bootstrap, resolver);
                }
                Dht dht = Dht.install(host, repo,
                        repo != null ? node.content() : null, new Dht.Settings(routingType,
                                kadConfig != null ? kadConfig : KadConfig.defaults(), provide, peers));
                dhtRef.set(dht);
                node.attachDht(dht);
                metrics.meterDht(dht.kad());
                if (repo != null && provide.isEnabled()
                        && provide.providerStrategy() != ProvideConfig.Strategy.ALL) {
                    boolean wholeDag = provide.providerStrategy() == ProvideConfig.Strategy.PINNED;
                    node.content().onPinned((cid, recursive) -> {
                        dht.provider().enqueue(cid);
                        if (wholeDag && recursive) {
                            node.content().refs(List.of(cid), Refs.Options.of(true, true, -1, false,
                                    null), ref -> {
                                        if (ref.error() == null) {
                                            dht.provider().enqueue(Cid.decode(ref.ref()));
                                        }
                                    });
                        }
                    });
                }
            }
            return node;
        });
    }
}
