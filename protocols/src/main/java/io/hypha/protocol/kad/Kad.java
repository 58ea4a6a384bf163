package io.hypha.protocol.kad;

import io.hypha.host.Host;
import io.hypha.host.HostClosedException;
import io.hypha.host.HostEvent;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerInfo;
import io.hypha.peer.PeerStore;
import io.hypha.protocol.kad.query.ClosestPeersQuery;
import io.hypha.protocol.kad.routing.KadKey;
import io.hypha.protocol.kad.routing.RoutingTable;
import io.hypha.protocol.kad.store.InvalidRecordException;
import io.hypha.protocol.kad.store.MemoryProviderStore;
import io.hypha.protocol.kad.store.MemoryRecordStore;
import io.hypha.protocol.kad.store.ProviderRecord;
import io.hypha.protocol.kad.store.ProviderStore;
import io.hypha.protocol.kad.store.RecordStore;
import io.hypha.protocol.kad.store.RecordValidators;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Kademlia DHT on a {@link Host} (libp2p/specs kad-dht/README.md): peer routing, content routing and the
 * value store. {@link #install} wires it: the routing table learns DHT servers from identify (only peers that
 * list {@link KadProtocol#ID} enter it), a {@link KadMode#SERVER} answers requests through {@link KadServer},
 * and lookups run as {@link ClosestPeersQuery} state machines driven on the host's event loops.
 *
 * <p>Every public operation returns a future that completes in every case: with its result, with
 * {@link NotFoundException} when a lookup found nothing, with {@link KadException} for other failures, or with
 * {@link HostClosedException} once the DHT is closed.
 */
public final class Kad implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Kad.class.getName());
    /** Providers {@link #findProviders} returns unless asked for another number (Kubo's default: 20). */
    public static final int DEFAULT_PROVIDER_COUNT = 20;
    /** How often expired provider and value records are swept (go-libp2p-kad-dht: provider GC every hour). */
    public static final Duration SWEEP_INTERVAL = Duration.ofHours(1);
    /** Deepest bucket a refresh targets: a key for bucket i takes about 2^i hashes (go: maxCplForRefresh 15). */
    public static final int MAX_REFRESH_CPL = 15;

    private final Host host;
    private final KadConfig config;
    private final RoutingTable table;
    private final KadClient client;
    private final KadHandler handler;
    private final ProviderStore providers;
    private final RecordStore records;
    private final RecordValidators validators;
    private final Executor storage;
    private final boolean ownsStores;
    private final Set<QueryDriver> running = ConcurrentHashMap.newKeySet();
    private final Set<PeerId> pinging = ConcurrentHashMap.newKeySet();
    private final List<Consumer<? super KadEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Host.Subscription> subscriptions = new ArrayList<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final SecureRandom random = new SecureRandom();
    private volatile KadMode mode;
    private volatile Supplier<CompletableFuture<List<PeerInfo>>> bootstrapPeers =
            () -> CompletableFuture.completedFuture(List.of());
    private volatile ScheduledFuture<?> refreshTimer;
    private volatile ScheduledFuture<?> sweepTimer;
    private volatile boolean closed;

    private Kad(Host host, KadConfig config, ProviderStore providers, RecordStore records,
            RecordValidators validators, Executor storage, boolean ownsStores) {
        this.host = host;
        this.config = config;
        this.providers = providers;
        this.records = records;
        this.validators = validators;
        this.storage = storage;
        this.ownsStores = ownsStores;
        this.table = new RoutingTable(host.peerId(), config.query().k(), host.clock());
        this.client = new KadClient(host, config.query().rpcTimeout());
        KadServer server = new KadServer(host.peerId(), this::closestKnown, providers, records, validators,
                host.clock(), storage);
        server.onRequest(type -> emit(new KadEvent.RequestReceived(type)));
        this.handler = new KadHandler(server);
    }

    /** The DHT with in-memory stores and the {@code /pk/} validator only. */
    public static Kad install(Host host, KadConfig config) {
        Kad kad = new Kad(host, config, new MemoryProviderStore(), new MemoryRecordStore(),
                RecordValidators.defaults(), Runnable::run, true);
        kad.start();
        return kad;
    }

    /**
     * The DHT over the given stores (which stay the caller's to close) and validators; store calls run on
     * {@code storage}.
     */
    public static Kad install(Host host, KadConfig config, ProviderStore providers, RecordStore records,
            RecordValidators validators, Executor storage) {
        Kad kad = new Kad(Objects.requireNonNull(host, "host"), Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(providers, "providers"), Objects.requireNonNull(records, "records"),
                Objects.requireNonNull(validators, "validators"), Objects.requireNonNull(storage, "storage"), false);
        kad.start();
        return kad;
    }

    private void start() {
        subscriptions.add(host.subscribe(HostEvent.PeerIdentified.class, e -> peerProtocols(e.peer(), e.protocols())));
        subscriptions.add(host.subscribe(HostEvent.PeerProtocolsChanged.class,
                e -> peerProtocols(e.peer(), e.protocols())));
        setMode(config.mode());
        for (var c : host.connections()) {
            peerProtocols(c.remotePeer(), host.peerStore().protocols(c.remotePeer()));
        }
        long refresh = config.refreshInterval().toMillis();
        refreshTimer = host.eventLoopGroup().scheduleWithFixedDelay(() -> refresh(), refresh, refresh, TimeUnit.MILLISECONDS);
        long sweep = SWEEP_INTERVAL.toMillis();
        sweepTimer = host.eventLoopGroup().scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    // ---- mode -----------------------------------------------------------------------------------------

    public KadMode mode() {
        return mode;
    }

    /** Serves the protocol (and so enters others' tables) or stops serving it; identify tells connected peers. */
    public synchronized void setMode(KadMode newMode) {
        Objects.requireNonNull(newMode, "mode");
        if (newMode == mode || closed) {
            return;
        }
        mode = newMode;
        if (newMode == KadMode.SERVER) {
            host.setStreamHandler(KadProtocol.ID, handler);
        } else {
            host.removeStreamHandler(KadProtocol.ID);
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "DHT mode: " + newMode);
    }

    // ---- routing table --------------------------------------------------------------------------------

    private void peerProtocols(PeerId peer, Set<String> protocols) {
        if (closed) {
            return;
        }
        if (protocols.contains(KadProtocol.ID.value())) {
            offer(peer);
        } else {
            removePeer(peer);
        }
    }

    private void offer(PeerId peer) {
        RoutingTable.Offer result;
        synchronized (table) {
            result = table.offer(peer);
        }
        switch (result) {
            case RoutingTable.Offer.Added added -> emit(new KadEvent.PeerAdded(added.peer()));
            case RoutingTable.Offer.PingFirst ping -> checkLiveness(ping.leastRecentlySeen(), ping.candidate());
            case RoutingTable.Offer.Refreshed refreshed -> { }
            case RoutingTable.Offer.Rejected rejected -> { }
        }
    }

    /** A full bucket keeps its least recently seen peer if it still answers (spec, "Kademlia routing table"). */
    private void checkLiveness(PeerId oldest, PeerId candidate) {
        if (!pinging.add(oldest)) {
            return;
        }
        client.request(oldest, KadMessage.request(MessageType.FIND_NODE, host.peerId().bytes()))
                .whenComplete((answer, err) -> {
                    pinging.remove(oldest);
                    boolean added;
                    synchronized (table) {
                        table.pingResult(oldest, err == null);
                        added = err != null && table.contains(candidate);
                    }
                    if (err != null) {
                        emit(new KadEvent.PeerRemoved(oldest));
                        if (added) {
                            emit(new KadEvent.PeerAdded(candidate));
                        }
                    }
                });
    }

    private void removePeer(PeerId peer) {
        boolean removed;
        synchronized (table) {
            removed = table.remove(peer);
        }
        if (removed) {
            emit(new KadEvent.PeerRemoved(peer));
        }
    }

    /** The routing table's peers, bucket by bucket. */
    public List<PeerId> routingTablePeers() {
        synchronized (table) {
            return table.peers();
        }
    }

    /** The routing table's buckets (for {@code stats dht}). */
    public List<RoutingTable.BucketView> routingTableBuckets() {
        synchronized (table) {
            return table.buckets();
        }
    }

    public int routingTableSize() {
        synchronized (table) {
            return table.size();
        }
    }

    /** What we answer FIND_NODE with: known servers close to {@code target} that we have addresses for. */
    private List<KadPeer> closestKnown(KadKey target, int count, PeerId exclude) {
        List<PeerId> ids;
        synchronized (table) {
            ids = table.closest(target, count + 1);
        }
        List<KadPeer> out = new ArrayList<>(count);
        for (PeerId id : ids) {
            if (out.size() == count) {
                break;
            }
            if (id.equals(exclude) || id.equals(host.peerId())) {
                continue;
            }
            List<Multiaddr> addrs = host.peerStore().addresses(id);
            if (addrs.isEmpty()) {
                continue;
            }
            if (addrs.size() > KadProtocol.MAX_ADDRESSES_PER_PEER) {
                addrs = addrs.subList(0, KadProtocol.MAX_ADDRESSES_PER_PEER);
            }
            out.add(new KadPeer(id, addrs, host.connections(id).isEmpty() ? ConnectionType.NOT_CONNECTED
                    : ConnectionType.CONNECTED));
        }
        return out;
    }

    // ---- used by QueryDriver --------------------------------------------------------------------------

    Host host() {
        return host;
    }

    KadClient client() {
        return client;
    }

    void emit(KadEvent event) {
        for (Consumer<? super KadEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a DHT event listener failed", e);
            }
        }
    }

    void requestAnswered(PeerId peer, MessageType type) {
        emit(new KadEvent.RequestSent(type, true));
        synchronized (table) {
            table.seen(peer);
        }
    }

    void requestFailed(PeerId peer, MessageType type, Throwable err) {
        emit(new KadEvent.RequestSent(type, false));
        LOG.log(System.Logger.Level.DEBUG, () -> type + " to " + peer + " failed: " + err);
        // a peer we cannot reach, or that does not answer, leaves the table; one still connected that refused a
        // request (a reset stream, a limit) stays, since identify would not offer it again until it reconnects
        Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                ? err.getCause() : err;
        if (cause instanceof KadTimeoutException || host.connections(peer).isEmpty()) {
            removePeer(peer);
        }
    }

    /**
     * Remembers the addresses of peers a response named (for {@link PeerStore#LEARNED_ADDRESS_TTL}) and returns
     * those we can try to reach: with addresses, not ourselves.
     */
    List<KadPeer> learn(List<KadPeer> peers) {
        List<KadPeer> out = new ArrayList<>(peers.size());
        for (KadPeer p : peers) {
            if (p.id().equals(host.peerId())) {
                continue;
            }
            if (!p.addresses().isEmpty()) {
                host.peerStore().addAddresses(p.id(), p.addresses(), PeerStore.LEARNED_ADDRESS_TTL);
                out.add(p);
            } else if (!host.peerStore().addresses(p.id()).isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    // ---- lookups --------------------------------------------------------------------------------------

    private CompletableFuture<List<PeerId>> lookup(QueryKind kind, byte[] key, Collection<PeerId> extraSeeds,
            Function<PeerId, KadMessage> request, QueryDriver.AnswerHandler answers, QueryObserver observer) {
        if (closed) {
            return CompletableFuture.failedFuture(new HostClosedException("the DHT is closed"));
        }
        KadKey target = KadKey.of(key);
        Set<PeerId> seeds;
        synchronized (table) {
            seeds = new LinkedHashSet<>(table.closest(target, config.query().k()));
        }
        seeds.addAll(extraSeeds);
        seeds.remove(host.peerId());
        ClosestPeersQuery query = new ClosestPeersQuery(target, seeds, config.query(), host.clock().instant());
        QueryDriver driver = new QueryDriver(this, kind, query, request, answers, observer);
        running.add(driver);
        CompletableFuture<List<PeerId>> done = driver.run();
        done.whenComplete((r, e) -> running.remove(driver));
        return done;
    }

    /** The k DHT servers closest to {@code key} that answered, closest first (FIND_NODE lookup). */
    public CompletableFuture<List<PeerId>> getClosestPeers(byte[] key) {
        return getClosestPeers(key, QueryObserver.NONE);
    }

    public CompletableFuture<List<PeerId>> getClosestPeers(byte[] key, QueryObserver observer) {
        byte[] k = key.clone();
        return lookup(QueryKind.CLOSEST_PEERS, k, List.of(), p -> KadMessage.request(MessageType.FIND_NODE, k),
                (p, m) -> false, observer);
    }

    /** The addresses of {@code peer}: ours when connected, else from a lookup for it. */
    public CompletableFuture<PeerInfo> findPeer(PeerId peer) {
        return findPeer(peer, QueryObserver.NONE);
    }

    public CompletableFuture<PeerInfo> findPeer(PeerId peer, QueryObserver observer) {
        if (!host.connections(peer).isEmpty()) {
            List<Multiaddr> known = host.peerStore().addresses(peer);
            if (!known.isEmpty()) {
                return CompletableFuture.completedFuture(new PeerInfo(peer, known));
            }
        }
        byte[] key = peer.bytes();
        Set<Multiaddr> found = ConcurrentHashMap.newKeySet();
        return lookup(QueryKind.FIND_PEER, key, List.of(), p -> KadMessage.request(MessageType.FIND_NODE, key),
                (from, answer) -> {
                    for (KadPeer p : answer.closerPeers()) {
                        if (p.id().equals(peer) && !p.addresses().isEmpty()) {
                            found.addAll(p.addresses());
                            return true;
                        }
                    }
                    return false;
                }, observer).thenApply(result -> {
                    if (found.isEmpty() && result.contains(peer)) {
                        found.addAll(host.peerStore().addresses(peer));
                    }
                    if (found.isEmpty()) {
                        throw new NotFoundException("routing: not found: " + peer);
                    }
                    return new PeerInfo(peer, List.copyOf(found));
                });
    }

    /**
     * Finds up to {@code max} providers of {@code multihash} (the bytes of a multihash: CIDv0 and v1 of the
     * same content share it), delivering each to {@code onProvider} as it is found (on an event loop: do not
     * block). Our own records count. Completes with the number delivered.
     */
    public CompletableFuture<Integer> findProviders(byte[] multihash, int max, Consumer<PeerInfo> onProvider) {
        return findProviders(multihash, max, onProvider, QueryObserver.NONE);
    }

    public CompletableFuture<Integer> findProviders(byte[] multihash, int max, Consumer<PeerInfo> onProvider,
            QueryObserver observer) {
        if (max < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("max must be positive"));
        }
        byte[] key = multihash.clone();
        Set<PeerId> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger delivered = new AtomicInteger();
        Function<PeerInfo, Boolean> deliver = info -> {
            if (delivered.get() < max && seen.add(info.peerId())) {
                delivered.incrementAndGet();
                try {
                    onProvider.accept(info);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "a provider listener failed", e);
                }
            }
            return delivered.get() >= max;
        };
        return CompletableFuture.supplyAsync(() -> providers.get(key, host.clock().instant(), max), storage)
                .thenCompose(local -> {
                    for (ProviderRecord r : local) {
                        if (deliver.apply(new PeerInfo(r.provider(), r.addresses()))) {
                            return CompletableFuture.completedFuture(delivered.get());
                        }
                    }
                    return lookup(QueryKind.FIND_PROVIDERS, key, List.of(),
                            p -> KadMessage.request(MessageType.GET_PROVIDERS, key), (from, answer) -> {
                                boolean enough = false;
                                for (KadPeer p : answer.providerPeers()) {
                                    if (!p.addresses().isEmpty() && !p.id().equals(host.peerId())) {
                                        host.peerStore().addAddresses(p.id(), p.addresses(),
                                                PeerStore.LEARNED_ADDRESS_TTL);
                                    }
                                    List<Multiaddr> addrs = p.addresses().isEmpty()
                                            ? host.peerStore().addresses(p.id()) : p.addresses();
                                    enough = deliver.apply(new PeerInfo(p.id(), addrs));
                                }
                                return enough;
                            }, observer).thenApply(r -> delivered.get());
                });
    }

    /**
     * Announces that we provide {@code multihash}: keeps our own record, then sends ADD_PROVIDER (with our
     * dialable addresses) to the k closest servers. Completes with how many accepted the message; fails when no
     * server could be found.
     */
    public CompletableFuture<Integer> provide(byte[] multihash) {
        return provide(multihash, QueryObserver.NONE);
    }

    public CompletableFuture<Integer> provide(byte[] multihash, QueryObserver observer) {
        byte[] key = multihash.clone();
        List<Multiaddr> addrs = ownAddresses();
        Instant now = host.clock().instant();
        return CompletableFuture.runAsync(() -> providers.put(key, new ProviderRecord(host.peerId(), addrs, now)), storage)
                .thenCompose(v -> lookup(QueryKind.PROVIDE, key, List.of(),
                        p -> KadMessage.request(MessageType.FIND_NODE, key), (p, m) -> false, observer))
                .thenCompose(closest -> addProviderTo(closest, key, addrs));
    }

    /**
     * Sends ADD_PROVIDER for {@code multihash} to {@code peers} without a lookup (the reprovider found them in
     * one sweep for many keys); completes with how many accepted it.
     */
    public CompletableFuture<Integer> addProviderTo(Collection<PeerId> peers, byte[] multihash) {
        return addProviderTo(peers, multihash.clone(), ownAddresses());
    }

    /**
     * Sends ADD_PROVIDER for each of {@code multihashes} to one peer, on one stream (the sweep provider's way);
     * completes with how many were written.
     */
    public CompletableFuture<Integer> addProvidersTo(PeerId peer, List<byte[]> multihashes) {
        List<KadPeer> self = List.of(new KadPeer(host.peerId(), ownAddresses()));
        List<KadMessage> messages = multihashes.stream()
                .map(k -> new KadMessage(MessageType.ADD_PROVIDER, k, null, List.of(), self)).toList();
        return client.sendAll(peer, messages).whenComplete((n, err) -> emit(
                new KadEvent.RequestSent(MessageType.ADD_PROVIDER, err == null)));
    }

    private CompletableFuture<Integer> addProviderTo(Collection<PeerId> peers, byte[] key, List<Multiaddr> addrs) {
        if (peers.isEmpty()) {
            return CompletableFuture.failedFuture(new KadException("failed to find any peer in table"));
        }
        KadMessage message = new KadMessage(MessageType.ADD_PROVIDER, key, null, List.of(),
                List.of(new KadPeer(host.peerId(), addrs)));
        AtomicInteger ok = new AtomicInteger();
        CompletableFuture<?>[] sends = peers.stream().map(p -> client.send(p, message).handle((v, err) -> {
            emit(new KadEvent.RequestSent(MessageType.ADD_PROVIDER, err == null));
            if (err == null) {
                ok.incrementAndGet();
            }
            return null;
        })).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(sends).thenApply(v -> ok.get());
    }

    private List<Multiaddr> ownAddresses() {
        List<Multiaddr> addrs = host.dialableAddresses();
        return addrs.size() > KadProtocol.MAX_ADDRESSES_PER_PEER ? addrs.subList(0, KadProtocol.MAX_ADDRESSES_PER_PEER)
                : addrs;
    }

    /**
     * The best valid value under {@code key}: ours if we hold one, and what the closest servers return (GET_VALUE
     * lookup, ending once {@link KadConfig#maxRecordsPerLookup()} valid records came back). Servers among the
     * closest that returned an older value or none are sent the best one (spec, "Value retrieval": correction).
     */
    public CompletableFuture<byte[]> getValue(byte[] key) {
        return getValue(key, QueryObserver.NONE);
    }

    public CompletableFuture<byte[]> getValue(byte[] key, QueryObserver observer) {
        byte[] k = key.clone();
        record Answer(PeerId from, byte[] value) {}
        List<Answer> answers = new CopyOnWriteArrayList<>();
        Set<PeerId> answered = ConcurrentHashMap.newKeySet();
        return CompletableFuture.supplyAsync(() -> records.get(k, host.clock().instant()), storage)
                .thenCompose(local -> {
                    local.ifPresent(r -> {
                        if (valid(k, r.value())) {
                            answers.add(new Answer(host.peerId(), r.value()));
                        }
                    });
                    return lookup(QueryKind.GET_VALUE, k, List.of(), p -> KadMessage.request(MessageType.GET_VALUE, k),
                            (from, answer) -> {
                                answered.add(from);
                                KadRecord r = answer.record();
                                if (r != null && Arrays.equals(r.key(), k) && valid(k, r.value())) {
                                    answers.add(new Answer(from, r.value()));
                                }
                                return answers.size() >= config.maxRecordsPerLookup();
                            }, observer);
                })
                .thenApply(closest -> {
                    if (answers.isEmpty()) {
                        throw new NotFoundException("routing: not found: no valid record for the key");
                    }
                    List<byte[]> values = answers.stream().map(Answer::value).toList();
                    byte[] best = values.get(validators.select(k, values));
                    Set<PeerId> current = new HashSet<>();
                    for (Answer a : answers) {
                        if (Arrays.equals(a.value(), best)) {
                            current.add(a.from());
                        }
                    }
                    KadMessage correction = new KadMessage(MessageType.PUT_VALUE, k, new KadRecord(k, best), List.of(),
                            List.of());
                    for (PeerId p : closest) {
                        if (answered.contains(p) && !current.contains(p)) {
                            client.request(p, correction).whenComplete((m, e) -> emit(
                                    new KadEvent.RequestSent(MessageType.PUT_VALUE, e == null)));
                        }
                    }
                    return best;
                });
    }

    private boolean valid(byte[] key, byte[] value) {
        try {
            validators.validate(key, value);
            return true;
        } catch (InvalidRecordException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "ignoring an invalid record: " + e.getMessage());
            return false;
        }
    }

    /**
     * Stores a value under {@code key}: validated, kept here, then sent with PUT_VALUE to the k closest servers.
     * Completes with how many stored it; fails with {@link KadException} (cause {@link InvalidRecordException})
     * for an invalid record.
     */
    public CompletableFuture<Integer> putValue(byte[] key, byte[] value) {
        return putValue(key, value, QueryObserver.NONE);
    }

    public CompletableFuture<Integer> putValue(byte[] key, byte[] value, QueryObserver observer) {
        byte[] k = key.clone();
        byte[] v = value.clone();
        try {
            validators.validate(k, v);
        } catch (InvalidRecordException e) {
            return CompletableFuture.failedFuture(new KadException("invalid record: " + e.getMessage(), e));
        }
        KadRecord record = new KadRecord(k, v);
        return CompletableFuture.runAsync(() -> storeLocally(record), storage)
                .thenCompose(x -> lookup(QueryKind.PUT_VALUE, k, List.of(),
                        p -> KadMessage.request(MessageType.FIND_NODE, k), (p, m) -> false, observer))
                .thenCompose(closest -> {
                    if (closest.isEmpty()) {
                        return CompletableFuture.failedFuture(new KadException("failed to find any peer in table"));
                    }
                    KadMessage put = new KadMessage(MessageType.PUT_VALUE, k, record, List.of(), List.of());
                    AtomicInteger ok = new AtomicInteger();
                    CompletableFuture<?>[] puts = closest.stream().map(p -> client.request(p, put).handle((m, e) -> {
                        emit(new KadEvent.RequestSent(MessageType.PUT_VALUE, e == null));
                        if (e == null) {
                            ok.incrementAndGet();
                        }
                        return null;
                    })).toArray(CompletableFuture[]::new);
                    return CompletableFuture.allOf(puts).thenApply(x -> ok.get());
                });
    }

    private void storeLocally(KadRecord record) {
        Instant now = host.clock().instant();
        Optional<KadRecord> held = records.get(record.key(), now);
        if (held.isPresent() && valid(record.key(), held.get().value())
                && validators.select(record.key(), List.of(held.get().value(), record.value())) == 0) {
            return;
        }
        records.put(record, now);
    }

    // ---- bootstrap and refresh ------------------------------------------------------------------------

    /**
     * Joins the DHT: connects to the peers {@code peers} supplies (resolved again whenever the table runs low),
     * looks ourselves up and refreshes the buckets. Completes with the routing table's size.
     */
    public CompletableFuture<Integer> bootstrap(Supplier<CompletableFuture<List<PeerInfo>>> peers) {
        bootstrapPeers = Objects.requireNonNull(peers, "peers");
        return connectBootstrapPeers().thenCompose(connected -> selfLookup(connected))
                .thenCompose(v -> refreshBuckets()).thenApply(v -> routingTableSize());
    }

    private CompletableFuture<List<PeerId>> connectBootstrapPeers() {
        return bootstrapPeers.get().exceptionally(err -> {
            LOG.log(System.Logger.Level.INFO, "could not resolve the bootstrap peers: " + err.getMessage());
            return List.of();
        }).thenCompose(infos -> {
            List<PeerId> connected = new CopyOnWriteArrayList<>();
            CompletableFuture<?>[] dials = infos.stream().filter(i -> !i.peerId().equals(host.peerId()))
                    .map(i -> host.connect(i.peerId(), i.addresses()).handle((c, err) -> {
                        if (err == null) {
                            connected.add(i.peerId());
                        } else {
                            LOG.log(System.Logger.Level.DEBUG, () -> "bootstrap peer " + i.peerId() + ": " + err.getMessage());
                        }
                        return null;
                    })).toArray(CompletableFuture[]::new);
            return CompletableFuture.allOf(dials).thenApply(v -> List.copyOf(connected));
        });
    }

    private CompletableFuture<Void> selfLookup(Collection<PeerId> seeds) {
        byte[] self = host.peerId().bytes();
        return lookup(QueryKind.REFRESH, self, seeds, p -> KadMessage.request(MessageType.FIND_NODE, self),
                (p, m) -> false, QueryObserver.NONE).handle((r, e) -> null);
    }

    private CompletableFuture<Void> refreshBuckets() {
        List<Integer> due;
        synchronized (table) {
            due = table.dueForRefresh(config.refreshInterval(), MAX_REFRESH_CPL);
        }
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int cpl : due) {
            chain = chain.thenCompose(v -> {
                byte[] target;
                synchronized (table) {
                    target = table.randomTargetForBucket(cpl, random);
                }
                return lookup(QueryKind.REFRESH, target, List.of(), p -> KadMessage.request(MessageType.FIND_NODE, target),
                        (p, m) -> false, QueryObserver.NONE).handle((r, e) -> {
                            synchronized (table) {
                                table.refreshed(cpl);
                            }
                            return null;
                        });
            });
        }
        return chain;
    }

    /**
     * The periodic refresh (every {@link KadConfig#refreshInterval()}): bootstrap again when the table is below
     * {@link KadConfig#lowWater()}, look ourselves up, refresh the buckets that are due. One at a time.
     */
    public CompletableFuture<Void> refresh() {
        if (closed || !refreshing.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<List<PeerId>> seeds = routingTableSize() < config.lowWater() ? connectBootstrapPeers()
                : CompletableFuture.completedFuture(List.of());
        return seeds.thenCompose(this::selfLookup).thenCompose(v -> refreshBuckets())
                .whenComplete((v, e) -> refreshing.set(false));
    }

    private void sweep() {
        storage.execute(() -> {
            Instant now = host.clock().instant();
            try {
                int p = providers.sweep(now);
                int r = records.sweep(now);
                LOG.log(System.Logger.Level.DEBUG, () -> "swept " + p + " provider records and " + r + " values");
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "sweeping DHT records failed", e);
            }
        });
    }

    // ---- events and life ------------------------------------------------------------------------------

    /** Delivers every {@link KadEvent} to {@code listener} (on the thread that caused it: do not block). */
    public Host.Subscription subscribe(Consumer<? super KadEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    /** The providers of {@code multihash} this node holds records of (no lookup). */
    public CompletableFuture<List<PeerInfo>> localProviders(byte[] multihash) {
        byte[] key = multihash.clone();
        return CompletableFuture.supplyAsync(() -> providers.get(key, host.clock().instant(), Integer.MAX_VALUE)
                .stream().map(r -> new PeerInfo(r.provider(), r.addresses())).toList(), storage);
    }

    /** Provider records held for others and ourselves. */
    public long providerRecords() {
        return providers.size();
    }

    /** Lookups running now. */
    public int runningQueries() {
        return running.size();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        subscriptions.forEach(Host.Subscription::cancel);
        if (refreshTimer != null) {
            refreshTimer.cancel(false);
        }
        if (sweepTimer != null) {
            sweepTimer.cancel(false);
        }
        if (mode == KadMode.SERVER) {
            host.removeStreamHandler(KadProtocol.ID);
        }
        for (QueryDriver d : List.copyOf(running)) {
            d.cancel();
        }
        if (ownsStores) {
            providers.close();
            records.close();
        }
    }
}
