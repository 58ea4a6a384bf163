package io.hypha.node.routing;

import io.hypha.block.Blockstore;
import io.hypha.host.Host;
import io.hypha.internal.netty.BlockingGuard;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multihash;
import io.hypha.node.Content;
import io.hypha.node.dag.Refs;
import io.hypha.node.ipns.Ipns;
import io.hypha.node.ipns.IpnsValidator;
import io.hypha.node.repo.ProvideConfig;
import io.hypha.node.repo.Repo;
import io.hypha.node.repo.RoutingConfig;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerInfo;
import io.hypha.protocol.kad.Kad;
import io.hypha.protocol.kad.KadConfig;
import io.hypha.protocol.kad.KadEvent;
import io.hypha.protocol.kad.KadMode;
import io.hypha.protocol.kad.NotFoundException;
import io.hypha.protocol.kad.ProvideSweep;
import io.hypha.protocol.kad.QueryObserver;
import io.hypha.protocol.kad.store.MemoryProviderStore;
import io.hypha.protocol.kad.store.MemoryRecordStore;
import io.hypha.protocol.kad.store.ProviderStore;
import io.hypha.protocol.kad.store.RecordStore;
import io.hypha.protocol.kad.store.RecordValidators;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The node's DHT service ({@code node.dht()}): peer and content routing and the value store over the Kademlia
 * protocol ({@link Kad}), with CIDs where the protocol speaks multihashes, the provider that announces the
 * node's content, and IPNS names. Every future completes; lookups that find nothing fail with
 * {@link NotFoundException}.
 */
public final class Dht implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Dht.class.getName());

    private final Kad kad;
    private final Host host;
    private final Provider provider;
    private final Names names;
    private final ExecutorService storage;
    private final ProviderStore providerStore;
    private final RecordStore recordStore;
    private final CompletableFuture<Integer> bootstrapped = new CompletableFuture<>();

    private Dht(Kad kad, Host host, Provider provider, Names names, ExecutorService storage,
            ProviderStore providerStore, RecordStore recordStore) {
        this.kad = Objects.requireNonNull(kad);
        this.host = host;
        this.provider = provider;
        this.names = names;
        this.storage = storage;
        this.providerStore = providerStore;
        this.recordStore = recordStore;
    }

    /** What {@link #install} needs to know beyond the host. */
    public record Settings(RoutingConfig.Type type, KadConfig kad,
            ProvideConfig provide, Supplier<CompletableFuture<List<PeerInfo>>> bootstrap) {}

    /**
     * Starts the DHT on {@code host} for a node: the mode from {@code Routing.Type} ({@code dhtserver} serves; the
     * others are clients until the node knows it is publicly reachable), provider records kept in the repo's
     * datastore (in memory without a repo), the {@code /pk/} and {@code /ipns/} validators, the provider
     * announcing what {@code Provide.Strategy} selects, and a bootstrap in the background.
     *
     * @param repo    the node's repo, or null
     * @param content the node's content API (for the pinned strategy), or null
     */
    public static Dht install(Host host, Repo repo, Content content, Settings settings) {
        KadMode mode = settings.type() == RoutingConfig.Type.DHT_SERVER ? KadMode.SERVER : KadMode.CLIENT;
        ExecutorService storage = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("hypha-dht-store-", 0).factory());
        ProviderStore providers = repo != null
                ? new DatastoreProviderStore(repo.datastore()) : new MemoryProviderStore();
        RecordStore records = new MemoryRecordStore();
        IpnsValidator ipns = new IpnsValidator(host.clock());
        RecordValidators validators = RecordValidators.defaults()
                .with(Ipns.NAMESPACE, ipns);
        Kad kad = Kad.install(host, settings.kad().withMode(mode), providers, records, validators, storage);
        ProvideSweep sweep = new ProvideSweep(kad, host.clock());
        Provider provider = new Provider(sweep, () -> selected(repo, content, settings.provide()),
                settings.provide().interval(), host.eventLoopGroup());
        Names names = new Names(kad, repo != null ? repo.datastore() : null, ipns, host.clock(), storage);
        Dht dht = new Dht(kad, host, provider, names, storage, providers, records);
        kad.bootstrap(settings.bootstrap()).whenComplete((size, err) -> {
            if (err != null) {
                LOG.log(System.Logger.Level.INFO, "DHT bootstrap failed: " + err.getMessage());
                dht.bootstrapped.completeExceptionally(err);
            } else {
                LOG.log(System.Logger.Level.DEBUG, () -> "DHT bootstrapped: " + size + " peers in the routing table");
                dht.bootstrapped.complete(size);
            }
        });
        return dht;
    }

    /**
     * {@code store} telling {@code written} about every block put into it: how the {@code all} strategy announces
     * content as it arrives.
     */
    public static Blockstore announcing(Blockstore store, Consumer<Cid> written) {
        return io.hypha.node.store.NotifyingBlockstore.of(store, blocks -> blocks.forEach(b -> written.accept(b.cid())));
    }

    /** Every key {@code Provide.Strategy} selects, as multihash bytes (identity hashes are never announced). */
    private static Collection<byte[]> selected(Repo repo, Content content,
            ProvideConfig provide) {
        if (repo == null || !provide.isEnabled()) {
            return List.of();
        }
        Set<Multihash> keys = new LinkedHashSet<>();
        switch (provide.providerStrategy()) {
            case ALL -> {
                try (var all = repo.blocks().keys()) {
                    all.forEach(keys::add);
                }
            }
            case ROOTS -> {
                repo.pins().recursive().forEach(c -> keys.add(c.multihash()));
                repo.pins().direct().forEach(c -> keys.add(c.multihash()));
            }
            case PINNED -> {
                repo.pins().direct().forEach(c -> keys.add(c.multihash()));
                List<Cid> roots = repo.pins().recursive();
                roots.forEach(c -> keys.add(c.multihash()));
                if (content != null && !roots.isEmpty()) {
                    BlockingGuard.join(content.refs(roots, Refs.Options.of(true, true, -1, false, null), ref -> {
                        if (ref.error() == null) {
                            keys.add(Cid.decode(ref.ref()).multihash());
                        }
                    }), "listing the pinned blocks");
                }
            }
        }
        keys.removeIf(Provider::isIdentity);
        return keys.stream().map(Multihash::bytes).toList();
    }

    /**
     * Completes when the first bootstrap (connecting to the bootstrap peers, looking ourselves up, refreshing the
     * buckets) is over, with the routing table's size then.
     */
    public CompletableFuture<Integer> bootstrapped() {
        return bootstrapped.copy();
    }

    /** The protocol service underneath, for what this facade does not cover. */
    public Kad kad() {
        return kad;
    }

    public KadMode mode() {
        return kad.mode();
    }

    /** The addresses of {@code peer}: ours when connected, else through a lookup. */
    public CompletableFuture<PeerInfo> findPeer(PeerId peer, QueryObserver observer) {
        return kad.findPeer(peer, observer);
    }

    public CompletableFuture<PeerInfo> findPeer(PeerId peer) {
        return kad.findPeer(peer);
    }

    /**
     * Streams up to {@code max} providers of {@code cid} to {@code onProvider} as they are found (keyed by its
     * multihash, so every CID version and codec of the same bytes meets the same providers); completes with the
     * number found.
     */
    public CompletableFuture<Integer> findProviders(Cid cid, int max, Consumer<PeerInfo> onProvider,
            QueryObserver observer) {
        return kad.findProviders(cid.multihash().bytes(), max, onProvider, observer);
    }

    public CompletableFuture<Integer> findProviders(Cid cid, int max, Consumer<PeerInfo> onProvider) {
        return findProviders(cid, max, onProvider, QueryObserver.NONE);
    }

    /** Announces now that this node provides {@code cid}; completes with how many servers took the record. */
    public CompletableFuture<Integer> provide(Cid cid, QueryObserver observer) {
        return kad.provide(cid.multihash().bytes(), observer);
    }

    public CompletableFuture<Integer> provide(Cid cid) {
        return provide(cid, QueryObserver.NONE);
    }

    /** The k closest DHT servers to {@code key} (a peer id's bytes, a multihash, a record key). */
    public CompletableFuture<List<PeerId>> getClosestPeers(byte[] key, QueryObserver observer) {
        return kad.getClosestPeers(key, observer);
    }

    public CompletableFuture<byte[]> getValue(byte[] key, QueryObserver observer) {
        return kad.getValue(key, observer);
    }

    public CompletableFuture<Integer> putValue(byte[] key, byte[] value, QueryObserver observer) {
        return kad.putValue(key, value, observer);
    }

    /** The routing table's peers. */
    public List<PeerId> routingTable() {
        return kad.routingTablePeers();
    }

    /** Every DHT event (table changes, lookups, requests), on the thread that caused it: do not block. */
    public Host.Subscription subscribe(Consumer<? super KadEvent> listener) {
        return kad.subscribe(listener);
    }

    /** What announces the node's content: the queue of new keys and the periodic reprovide. */
    public Provider provider() {
        return provider;
    }

    /** IPNS names published and resolved through the DHT. */
    public Names names() {
        return names;
    }

    @Override
    public void close() {
        provider.close();
        kad.close();
        storage.shutdown();
        providerStore.close();
        recordStore.close();
    }
}
