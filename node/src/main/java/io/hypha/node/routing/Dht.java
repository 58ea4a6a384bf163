package io.hypha.node.routing;

import io.hypha.host.Host;
import io.hypha.multiformats.Cid;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerInfo;
import io.hypha.protocol.kad.Kad;
import io.hypha.protocol.kad.KadEvent;
import io.hypha.protocol.kad.KadMode;
import io.hypha.protocol.kad.QueryObserver;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The node's DHT service ({@code node.dht()}): peer and content routing and the value store over the Kademlia
 * protocol ({@link Kad}), with CIDs where the protocol speaks multihashes, the provider that announces the
 * node's content, and IPNS names. Every future completes; lookups that find nothing fail with
 * {@link io.hypha.protocol.kad.NotFoundException}.
 */
public final class Dht implements AutoCloseable {
    private final Kad kad;
    private final Host host;
    private final Provider provider;
    private final Names names;

    Dht(Kad kad, Host host, Provider provider, Names names) {
        this.kad = Objects.requireNonNull(kad);
        this.host = host;
        this.provider = provider;
        this.names = names;
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
    }
}
