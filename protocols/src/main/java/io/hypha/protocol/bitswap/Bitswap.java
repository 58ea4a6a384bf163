package io.hypha.protocol.bitswap;

import io.hypha.block.Block;
import io.hypha.block.BlockExchange;
import io.hypha.block.Blockstore;
import io.hypha.host.Host;
import io.hypha.host.HostEvent;
import io.hypha.host.ProtocolId;
import io.hypha.host.Stream;
import io.hypha.multiformats.Cid;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerInfo;
import io.hypha.protocol.bitswap.client.BitswapClient;
import io.hypha.protocol.bitswap.message.BitswapCodec;
import io.hypha.protocol.bitswap.message.BitswapMessage;
import io.hypha.protocol.bitswap.message.BitswapVersion;
import io.hypha.protocol.bitswap.message.BlockPresence;
import io.hypha.protocol.bitswap.message.WantType;
import io.hypha.protocol.bitswap.message.WantlistEntry;
import io.hypha.protocol.bitswap.server.DecisionEngine;
import io.hypha.protocol.bitswap.server.Envelope;
import io.hypha.protocol.bitswap.server.LedgerSnapshot;
import io.netty.util.concurrent.EventExecutor;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Bitswap on a host: serves the blocks of {@code store} to peers that want them and fetches blocks from peers
 * (ipfs/specs bitswap-protocol.md). Blocks it fetches are verified against their CID and returned, not stored: the
 * node's block service stores them, then tells Bitswap through {@link #blocksAdded} so peers waiting for them get
 * them.
 *
 * <p>The two halves are sans-IO state machines, {@link DecisionEngine} (server) and {@link BitswapClient} (client),
 * confined to one event loop of the host; this class is their driver: it reads the streams peers open
 * ({@link BitswapStreamHandler}, one message at a time), decodes messages on worker threads (hashing every block),
 * asks the store about wanted CIDs, reads the blocks the engine picks and writes them through one
 * {@link MessageSender} per peer, at most {@code sendWorkers} batches at a time.
 */
public final class Bitswap implements BlockExchange, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Bitswap.class.getName());
    /**
     * Messages up to this size (wantlists, presences, a few small blocks) are decoded on the stream's event loop; larger
     * ones, whose blocks take a while to hash, on a worker thread.
     */
    static final int INLINE_DECODE_BYTES = 64 * 1024;
    /** How often the client's timers run. */
    static final long TICK_MS = 100;

    private final Host host;
    private final BitswapConfig config;
    private final Blockstore store;
    private final ProviderRouting routing;
    private final EventExecutor loop;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final DecisionEngine engine;
    private final BitswapClient client;
    private final Map<PeerId, MessageSender> senders = new HashMap<>();
    private final Map<Long, Map<Cid, CompletableFuture<Optional<Block>>>> pending = new HashMap<>();
    private final List<Host.Subscription> subscriptions = new ArrayList<>();
    private final AtomicLong nextSession = new AtomicLong();
    private final Set<PeerId> bitswapPeers = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ConcurrentLinkedQueue<Request> requested =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean drainScheduled =
            new java.util.concurrent.atomic.AtomicBoolean();
    private io.netty.util.concurrent.ScheduledFuture<?> ticker;
    private int sending;
    private volatile boolean closed;

    private final AtomicLong blocksReceived = new AtomicLong();
    private final AtomicLong dataReceived = new AtomicLong();
    private final AtomicLong blocksSent = new AtomicLong();
    private final AtomicLong dataSent = new AtomicLong();
    private final AtomicLong dupBlocks = new AtomicLong();
    private final AtomicLong dupData = new AtomicLong();
    private final AtomicLong messagesReceived = new AtomicLong();

    private Bitswap(Host host, BitswapConfig config, Blockstore store, ProviderRouting routing) {
        this.host = host;
        this.config = config;
        this.store = store;
        this.routing = routing;
        this.loop = host.eventLoopGroup().next();
        this.engine = new DecisionEngine(BitswapProtocol.MAX_WANTLIST_ENTRIES,
                BitswapProtocol.MAX_OUTSTANDING_BYTES_PER_PEER, BitswapProtocol.TARGET_MESSAGE_BYTES,
                BitswapProtocol.WANT_HAVE_REPLACE_SIZE);
        this.client = new BitswapClient(new ClientOutput(), new BitswapClient.Timers(config.providerSearchDelay(),
                config.rebroadcastInterval(), config.wantTimeout()), routing != ProviderRouting.NONE);
    }

    /** Bitswap on {@code host}, answering from {@code store} and finding providers through {@code routing}. */
    public static Bitswap install(Host host, BitswapConfig config, Blockstore store, ProviderRouting routing) {
        Bitswap b = new Bitswap(Objects.requireNonNull(host, "host"), Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(store, "store"), Objects.requireNonNull(routing, "routing"));
        b.start();
        return b;
    }

    private void start() {
        for (ProtocolId id : BitswapProtocol.IDS) {
            host.setStreamHandler(id, stream -> stream.channel().pipeline().addLast(
                    new BitswapStreamHandler(stream, this::onFrame, BitswapProtocol.STREAM_IDLE_TIMEOUT)));
        }
        subscriptions.add(host.subscribe(HostEvent.PeerIdentified.class, e -> peerProtocols(e.peer(), e.protocols())));
        subscriptions.add(host.subscribe(HostEvent.PeerProtocolsChanged.class,
                e -> peerProtocols(e.peer(), e.protocols())));
        subscriptions.add(host.subscribe(HostEvent.PeerDisconnected.class, e -> {
            if (e.remaining() == 0) {
                loop.execute(() -> peerGone(e.peer()));
            }
        }));
        for (var c : host.connections()) {
            peerProtocols(c.remotePeer(), host.peerStore().protocols(c.remotePeer()));
        }
        ticker = loop.scheduleAtFixedRate(() -> client.tick(now()), TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    private Instant now() {
        return host.clock().instant();
    }

    private void peerProtocols(PeerId peer, Set<String> protocols) {
        boolean v12 = protocols.contains(BitswapProtocol.V120.value());
        boolean any = v12 || BitswapProtocol.IDS.stream().anyMatch(id -> protocols.contains(id.value()));
        if (any && host.connections(peer).stream().anyMatch(c -> c.isOpen())) {
            loop.execute(() -> {
                if (!closed && bitswapPeers.add(peer)) {
                    client.peerConnected(peer, v12, now());
                }
            });
        }
    }

    private void peerGone(PeerId peer) {
        bitswapPeers.remove(peer);
        client.peerDisconnected(peer, now());
        engine.peerDisconnected(peer);
        MessageSender s = senders.remove(peer);
        if (s != null) {
            s.close();
        }
    }

    // ---- fetching ---------------------------------------------------------------------------------

    /** Fetches one block in a session of its own. */
    @Override
    public CompletableFuture<Optional<Block>> fetch(Cid cid) {
        BlockExchange.Session s = session();
        return s.fetch(cid).whenComplete((b, err) -> s.close());
    }

    /** A session: see {@link BlockExchange#session()}. */
    @Override
    public BlockExchange.Session session() {
        long id = nextSession.incrementAndGet();
        // opened through the same queue as its fetches, so a fetch never overtakes its session's opening
        request(new Request(id, null, null));
        return new BlockExchange.Session() {
            @Override
            public CompletableFuture<Optional<Block>> fetch(Cid cid) {
                CompletableFuture<Optional<Block>> f = new CompletableFuture<>();
                request(new Request(id, cid, f));
                return f;
            }

            @Override
            public void close() {
                loop.execute(() -> {
                    client.closeSession(id);
                    Map<Cid, CompletableFuture<Optional<Block>>> mine = pending.remove(id);
                    if (mine != null) {
                        mine.values().forEach(f -> f.complete(Optional.empty()));
                    }
                });
            }
        };
    }

    /** A fetch waiting to reach the client, or (no CID) the opening of its session. */
    private record Request(long session, Cid cid, CompletableFuture<Optional<Block>> result) {}

    private void request(Request r) {
        requested.add(r);
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this::drainRequests);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                drainScheduled.set(false); // the host is gone: nothing will be fetched
                Request left;
                while ((left = requested.poll()) != null) {
                    if (left.result() != null) {
                        left.result().complete(Optional.empty());
                    }
                }
            }
        }
    }

    /**
     * Hands every fetch asked for since the last run to the client at once, so that a walk asking for hundreds of
     * blocks sends one wantlist message per peer, not one per block (each message costs the peer a store lookup
     * round and us a write).
     */
    private void drainRequests() {
        drainScheduled.set(false);
        Map<Long, List<Cid>> bySession = new java.util.LinkedHashMap<>();
        Request r;
        while ((r = requested.poll()) != null) {
            if (r.cid() == null) {
                if (!closed) {
                    client.openSession(r.session());
                    pending.put(r.session(), new HashMap<>());
                }
                continue;
            }
            Map<Cid, CompletableFuture<Optional<Block>>> mine = pending.get(r.session());
            if (mine == null || closed) {
                r.result().complete(Optional.empty()); // the session is closed
                continue;
            }
            CompletableFuture<Optional<Block>> existing = mine.putIfAbsent(r.cid(), r.result());
            if (existing != null) {
                CompletableFuture<Optional<Block>> f = r.result();
                existing.whenComplete((b, err) -> {
                    if (err != null) {
                        f.completeExceptionally(err);
                    } else {
                        f.complete(b);
                    }
                });
                continue;
            }
            bySession.computeIfAbsent(r.session(), k -> new ArrayList<>()).add(r.cid());
        }
        Instant now = now();
        bySession.forEach((session, cids) -> client.want(session, cids, now));
    }

    /** Where the client's decisions become messages, searches and completed futures (on {@link #loop}). */
    private final class ClientOutput implements BitswapClient.Output {
        @Override
        public void send(PeerId peer, List<WantlistEntry> entries) {
            List<WantlistEntry> copy = List.copyOf(entries);
            sender(peer).send(version -> BitswapMessage.wants(shape(copy, version)));
        }

        @Override
        public void findProviders(long session, Cid cid) {
            List<CompletableFuture<?>> dials = java.util.Collections.synchronizedList(new ArrayList<>());
            routing.findProviders(cid, config.maxProviders(), info -> dials.add(connectProvider(session, info)))
                    .whenComplete((v, err) -> {
                        if (err != null) {
                            LOG.log(System.Logger.Level.DEBUG, () -> "provider search for " + cid + " failed: " + err);
                        }
                        CompletableFuture<?>[] all;
                        synchronized (dials) {
                            all = dials.toArray(CompletableFuture[]::new);
                        }
                        // the search is over once every provider found was dialled (or failed to be)
                        CompletableFuture.allOf(all).handle((x, e) -> null)
                                .thenRunAsync(() -> client.providerSearchDone(session, cid, now()), loop);
                    });
        }

        @Override
        public void received(long session, Cid cid, Block block) {
            Map<Cid, CompletableFuture<Optional<Block>>> mine = pending.get(session);
            CompletableFuture<Optional<Block>> f = mine == null ? null : mine.remove(cid);
            if (f != null) {
                f.complete(Optional.of(block));
            }
        }

        @Override
        public void gaveUp(long session, Cid cid, String why) {
            LOG.log(System.Logger.Level.DEBUG, () -> "gave up on " + cid + ": " + why);
            Map<Cid, CompletableFuture<Optional<Block>>> mine = pending.get(session);
            CompletableFuture<Optional<Block>> f = mine == null ? null : mine.remove(cid);
            if (f != null) {
                f.complete(Optional.empty());
            }
        }
    }

    /** Wants as a peer's version can carry them: before 1.2.0 there is no want-have and no sendDontHave. */
    private static List<WantlistEntry> shape(List<WantlistEntry> entries, BitswapVersion version) {
        if (version.supportsHave()) {
            return entries;
        }
        List<WantlistEntry> out = new ArrayList<>(entries.size());
        for (WantlistEntry e : entries) {
            if (!version.supportsCidV1() && e.cid().version() != 0) {
                continue;
            }
            out.add(e.cancel() ? e : new WantlistEntry(e.cid(), e.priority(), false, WantType.BLOCK, false));
        }
        return out;
    }

    private CompletableFuture<?> connectProvider(long session, PeerInfo info) {
        if (info.peerId().equals(host.peerId())) {
            return CompletableFuture.completedFuture(null);
        }
        return host.connect(info.peerId(), info.addresses()).whenCompleteAsync((c, err) -> {
            if (err != null) {
                LOG.log(System.Logger.Level.DEBUG, () -> "provider " + info.peerId() + " unreachable: " + err);
                return;
            }
            if (closed) {
                return;
            }
            if (bitswapPeers.add(info.peerId())) {
                // identify may not have told us yet: assume 1.2.0, the stream negotiates what it really is
                client.peerConnected(info.peerId(), true, now());
            }
            client.providerFound(session, info.peerId(), now());
        }, loop);
    }

    private MessageSender sender(PeerId peer) {
        return senders.computeIfAbsent(peer, p -> new MessageSender(host, p, loop));
    }

    // ---- receiving --------------------------------------------------------------------------------

    /** One message body from a peer's stream: decoded on a worker, then applied on the loop. */
    private CompletableFuture<Void> onFrame(Stream stream, byte[] body) {
        PeerId peer = stream.remotePeer();
        BitswapVersion version = BitswapVersion.of(stream.protocol());
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        if (body.length <= INLINE_DECODE_BYTES) {
            // wants and presences: cheaper to decode here than to hand to a worker and back
            BitswapMessage m;
            try {
                m = BitswapCodec.decode(ByteBuffer.wrap(body));
            } catch (io.hypha.protocol.bitswap.message.MalformedMessageException e) {
                return CompletableFuture.failedFuture(e);
            }
            return onLoop(m, peer, version);
        }
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return BitswapCodec.decode(ByteBuffer.wrap(body));
                } catch (io.hypha.protocol.bitswap.message.MalformedMessageException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, workers).thenCompose(m -> onLoop(m, peer, version));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null); // closing: what is still arriving is dropped
        }
    }

    private CompletableFuture<Void> onLoop(BitswapMessage m, PeerId peer, BitswapVersion version) {
        if (loop.inEventLoop()) {
            return apply(peer, version, m);
        }
        try {
            return CompletableFuture.supplyAsync(() -> apply(peer, version, m), loop).thenCompose(f -> f);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    private CompletableFuture<Void> apply(PeerId peer, BitswapVersion version, BitswapMessage m) {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        messagesReceived.incrementAndGet();
        if (bitswapPeers.add(peer)) {
            client.peerConnected(peer, version.supportsHave(), now());
        }
        Instant now = now();
        long bytes = 0;
        for (Block b : m.blocks()) {
            bytes += b.data().length;
            if (client.receivedBlock(peer, b, now)) {
                blocksReceived.incrementAndGet();
                dataReceived.addAndGet(b.data().length);
            } else {
                dupBlocks.incrementAndGet(); // unwanted (or already received from a faster peer): dropped
                dupData.addAndGet(b.data().length);
            }
        }
        engine.received(peer, m.blocks().size(), bytes);
        if (!m.presences().isEmpty()) {
            client.receivedPresences(peer, m.presences(), now);
        }
        if (!config.server() || (m.wantlist().isEmpty() && !m.full())) {
            return CompletableFuture.completedFuture(null);
        }
        return wantlist(peer, m.full(), m.wantlist());
    }

    /** Asks the store about each wanted CID, then hands the wantlist to the engine and sends what it decides. */
    private CompletableFuture<Void> wantlist(PeerId peer, boolean full, List<WantlistEntry> entries) {
        List<WantlistEntry> kept = new ArrayList<>(Math.min(entries.size(), BitswapProtocol.MAX_WANTLIST_ENTRIES));
        Set<Cid> wanted = new LinkedHashSet<>();
        for (WantlistEntry e : entries) {
            if (e.cancel()) {
                kept.add(e);
            } else if (wanted.size() < BitswapProtocol.MAX_WANTLIST_ENTRIES && wanted.add(e.cid())) {
                // a peer's wantlist holds at most this many anyway: more wants in one message are not looked up
                kept.add(e);
            }
        }
        Map<Cid, CompletableFuture<OptionalInt>> sizes = new HashMap<>();
        for (Cid c : wanted) {
            sizes.put(c, store.size(c).exceptionally(err -> OptionalInt.empty()));
        }
        return CompletableFuture.allOf(sizes.values().toArray(CompletableFuture[]::new)).thenRunAsync(() -> {
            Map<Cid, OptionalInt> known = new HashMap<>();
            sizes.forEach((c, f) -> known.put(c, f.getNow(OptionalInt.empty()))); // all complete here
            if (!closed) {
                engine.receiveWantlist(peer, full, kept, known);
                pump();
            }
        }, loop);
    }

    /** Starts sending batches the engine has ready, up to {@code sendWorkers} at once. */
    private void pump() {
        while (sending < config.sendWorkers() && !closed) {
            Optional<Envelope> next = engine.nextEnvelope();
            if (next.isEmpty()) {
                return;
            }
            sending++;
            Envelope env = next.get();
            sendEnvelope(env).whenCompleteAsync((ok, err) -> {
                sending--;
                engine.envelopeDone(env, err == null && ok);
                pump();
            }, loop);
        }
    }

    private CompletableFuture<Boolean> sendEnvelope(Envelope env) {
        List<CompletableFuture<Optional<Block>>> reads = new ArrayList<>();
        for (Cid c : env.blocks()) {
            reads.add(store.get(c).exceptionally(err -> Optional.empty()));
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            List<Block> blocks = new ArrayList<>();
            List<BlockPresence> presences = new ArrayList<>(env.presences());
            long bytes = 0;
            for (int i = 0; i < reads.size(); i++) {
                Optional<Block> b = reads.get(i).getNow(Optional.empty()); // all complete here
                if (b.isPresent()) {
                    blocks.add(b.get());
                    bytes += b.get().data().length;
                } else {
                    presences.add(BlockPresence.dontHave(env.blocks().get(i))); // removed since (GC)
                }
            }
            if (blocks.isEmpty() && presences.isEmpty()) {
                return CompletableFuture.completedFuture(false);
            }
            long sentBytes = bytes;
            int sentBlocks = blocks.size();
            Function<BitswapVersion, BitswapMessage> message = version -> BitswapMessage.reply(blocks,
                    version.supportsHave() ? presences : List.of(), env.pendingBytes());
            return sender(env.peer()).send(message).thenApply(x -> {
                blocksSent.addAndGet(sentBlocks);
                dataSent.addAndGet(sentBytes);
                return true;
            });
        });
    }

    /** Blocks now in the store (fetched, added or imported): peers that want them are sent them. */
    public void blocksAdded(Collection<Block> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        Map<Cid, Integer> sizes = new HashMap<>();
        for (Block b : blocks) {
            sizes.put(b.cid(), b.data().length);
        }
        loop.execute(() -> {
            if (closed) {
                return;
            }
            engine.blocksAdded(sizes);
            Instant now = now();
            for (Block b : blocks) {
                client.receivedBlock(null, b, now); // a fetch still waiting for a block added meanwhile
            }
            pump();
        });
    }

    // ---- views ------------------------------------------------------------------------------------

    /** What we want now, from every session. */
    public List<Cid> wantlist() {
        return onLoop(() -> client.wantlist());
    }

    /** What {@code peer} wants from us now. */
    public List<WantlistEntry> wantlist(PeerId peer) {
        return onLoop(() -> engine.wantlist(peer));
    }

    /** Our ledger with {@code peer}. */
    public LedgerSnapshot ledger(PeerId peer) {
        return onLoop(() -> engine.ledger(peer));
    }

    public BitswapStats stats() {
        return onLoop(() -> new BitswapStats(client.wantlist(), List.copyOf(bitswapPeers), blocksReceived.get(),
                dataReceived.get(), blocksSent.get(), dataSent.get(), dupBlocks.get(), dupData.get(),
                messagesReceived.get()));
    }

    private <T> T onLoop(java.util.function.Supplier<T> what) {
        if (loop.inEventLoop()) {
            return what.get();
        }
        try {
            return loop.submit(what::get).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new BitswapException("reading Bitswap's state failed", e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        for (ProtocolId id : BitswapProtocol.IDS) {
            host.removeStreamHandler(id);
        }
        subscriptions.forEach(Host.Subscription::cancel);
        closed = true;
        loop.execute(() -> {
            if (ticker != null) {
                ticker.cancel(false);
            }
            for (Map<Cid, CompletableFuture<Optional<Block>>> mine : pending.values()) {
                mine.values().forEach(f -> f.complete(Optional.empty()));
            }
            pending.clear();
            senders.values().forEach(MessageSender::close);
            senders.clear();
        });
        workers.close();
    }
}
