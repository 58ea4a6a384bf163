package io.hypha.protocol.identify;

import io.hypha.crypto.PublicKey;
import io.hypha.host.Connection;
import io.hypha.host.Host;
import io.hypha.host.HostEvent;
import io.hypha.host.ProtocolId;
import io.hypha.host.Stream;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerRecord;
import io.hypha.peer.PeerStore;
import io.hypha.resource.ResourceLimitException;
import io.hypha.resource.StreamScope;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Identify and identify push on a {@link Host} (libp2p/specs identify/README.md). {@link #install} serves
 * {@code /ipfs/id/1.0.0} and {@code /ipfs/id/push/1.0.0}, identifies every connection as it comes up (both
 * directions, as go-libp2p does), and pushes our new state to every connected peer after a
 * {@link HostEvent.LocalChanged}, debounced by {@link IdentifyConfig#pushDelay()} on each connection's event
 * loop.
 *
 * <p>What a peer says is checked before it is believed: a public key that is not the connection's
 * authenticated one rejects the whole message (stream reset, nothing stored); a signed peer record that does
 * not verify is ignored, and one that does supplies the addresses. The result goes to the peer store
 * (public key, protocols, agent and protocol version, addresses with {@link PeerStore#CONNECTED_ADDRESS_TTL})
 * and is announced with {@link HostEvent.PeerIdentified} (and {@link HostEvent.PeerProtocolsChanged} after a
 * push that changes the protocols).
 */
public final class Identify implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Identify.class.getName());
    /** Peer store metadata key: the highest signed peer record seq accepted from the peer (unsigned decimal). */
    public static final String PEER_RECORD_SEQ = "PeerRecordSeq";

    private final Host host;
    private final IdentifyConfig config;
    private final Map<Connection, ConnectionState> states = new ConcurrentHashMap<>();
    private final List<Host.Subscription> subscriptions = new ArrayList<>();
    /** Our last signed peer record; replaced (with a higher seq) when our addresses change. */
    private SignedAddresses signed;
    private volatile boolean closed;

    private record SignedAddresses(List<Multiaddr> addresses, long seq, byte[] envelope) {}

    private Identify(Host host, IdentifyConfig config) {
        this.host = host;
        this.config = config;
    }

    /** Installs identify with {@link IdentifyConfig#defaults()}. */
    public static Identify install(Host host) {
        return install(host, IdentifyConfig.defaults());
    }

    /** Serves both protocols on {@code host} and identifies its connections, present and future. */
    public static Identify install(Host host, IdentifyConfig config) {
        Identify id = new Identify(Objects.requireNonNull(host, "host"), Objects.requireNonNull(config, "config"));
        host.setStreamHandler(IdentifyProtocol.ID, id::respond);
        host.setStreamHandler(IdentifyProtocol.PUSH_ID, id::receivePush);
        id.subscriptions.add(host.subscribe(HostEvent.PeerConnected.class, e -> id.identifyInBackground(e.connection())));
        id.subscriptions.add(host.subscribe(HostEvent.LocalChanged.class, e -> id.pushToAll()));
        for (Connection c : host.connections()) {
            id.identifyInBackground(c);
        }
        return id;
    }

    /**
     * Identifies the peer of {@code connection}: completes with what it said once it is verified, stored and
     * announced. Identify runs once per connection: later calls return the same (cached) result, updated by
     * pushes; a failed attempt is retried by the next call. Fails with {@link IdentifyException} (timeout,
     * malformed or oversized message, key mismatch, stream closed) or with the stream's negotiation error.
     */
    public CompletableFuture<IdentifyInfo> identify(Connection connection) {
        ConnectionState s = state(connection);
        synchronized (s) {
            if (s.latest != null) {
                return CompletableFuture.completedFuture(s.latest);
            }
            if (s.pending == null || s.pending.isCompletedExceptionally()) {
                s.pending = request(connection, s);
            }
            return s.pending.copy();
        }
    }

    /** Stops serving identify and pushing; results already delivered stay in the peer store. */
    @Override
    public void close() {
        closed = true;
        subscriptions.forEach(Host.Subscription::cancel);
        host.removeStreamHandler(IdentifyProtocol.ID);
        host.removeStreamHandler(IdentifyProtocol.PUSH_ID);
        states.values().forEach(ConnectionState::cancelPush);
    }

    // ---- requesting ---------------------------------------------------------------------------------

    private void identifyInBackground(Connection c) {
        identify(c).whenComplete((info, err) -> {
            if (err != null) {
                LOG.log(System.Logger.Level.DEBUG, () -> "identify of " + c + " failed: " + unwrap(err).getMessage());
            }
        });
    }

    private CompletableFuture<IdentifyInfo> request(Connection conn, ConnectionState s) {
        CompletableFuture<IdentifyInfo> out = new CompletableFuture<>();
        conn.newStream(stream -> {
            s.learnEventLoop(stream.channel().eventLoop());
            reserveReadBuffer(stream);
            IdentifyHandler reader = new IdentifyHandler(stream, config.timeout());
            stream.channel().pipeline().addLast(new IdentifyFrameDecoder(), reader);
            reader.result().whenComplete((m, err) -> {
                if (err != null) {
                    out.completeExceptionally(err);
                    return;
                }
                try {
                    IdentifyInfo info = accept(conn, s, m, false);
                    stream.close();
                    out.complete(info);
                } catch (IdentifyException e) {
                    reject(stream, e);
                    out.completeExceptionally(e);
                }
            });
            return null;
        }, IdentifyProtocol.ID).whenComplete((v, err) -> {
            if (err != null) {
                out.completeExceptionally(unwrap(err));
            }
        });
        return out;
    }

    /**
     * Reserves what the frame decoder may buffer (one message of up to {@link IdentifyProtocol#MAX_MESSAGE_SIZE})
     * in the stream's resource scope; it is returned when the stream ends.
     */
    private static void reserveReadBuffer(Stream stream) throws ResourceLimitException {
        StreamScope scope = stream.resources();
        if (scope == null) {
            throw new ResourceLimitException(io.hypha.resource.Limit.MEMORY_PER_CONNECTION, 0, "identify stream already gone");
        }
        scope.reserveMemory(IdentifyProtocol.MAX_MESSAGE_SIZE + IdentifyProtocol.MAX_LENGTH_PREFIX_BYTES);
    }

    // ---- serving ------------------------------------------------------------------------------------

    /** {@code /ipfs/id/1.0.0}: we write our identify and close. */
    private void respond(Stream stream) {
        state(stream.connection()).learnEventLoop(stream.channel().eventLoop());
        IdentifyHandler.send(stream, IdentifyCodec.encodeDelimited(localMessage(stream.connection())));
    }

    /** {@code /ipfs/id/push/1.0.0}: the peer writes a (partial) identify and closes. */
    private void receivePush(Stream stream) {
        Connection conn = stream.connection();
        ConnectionState s = state(conn);
        s.learnEventLoop(stream.channel().eventLoop());
        try {
            reserveReadBuffer(stream);
        } catch (ResourceLimitException e) {
            stream.reset();
            return;
        }
        IdentifyHandler reader = new IdentifyHandler(stream, config.timeout());
        stream.channel().pipeline().addLast(new IdentifyFrameDecoder(), reader);
        reader.result().whenComplete((m, err) -> {
            if (err != null) {
                LOG.log(System.Logger.Level.DEBUG, () -> "identify push from " + conn + " failed: " + err.getMessage());
                return;
            }
            try {
                accept(conn, s, m, true);
                stream.close();
            } catch (IdentifyException e) {
                reject(stream, e);
            }
        });
    }

    private static void reject(Stream stream, IdentifyException e) {
        LOG.log(System.Logger.Level.DEBUG, () -> "rejecting identify on " + stream + ": " + e.getMessage());
        stream.reset();
    }

    // ---- believing ----------------------------------------------------------------------------------

    /** Verifies {@code m}, merges it with what we knew (push), stores it and announces it. */
    private IdentifyInfo accept(Connection conn, ConnectionState s, IdentifyMessage m, boolean push)
            throws IdentifyException {
        PeerId peer = conn.remotePeer();
        PublicKey key = m.publicKey();
        if (key != null && !peer.matches(key)) {
            throw new IdentifyException(IdentifyException.Reason.KEY_MISMATCH, peer + " sent the public key of "
                    + PeerId.fromPublicKey(key) + ", not its own");
        }
        IdentifyInfo previous;
        synchronized (s) {
            previous = push ? s.latest : null;
        }
        PeerStore store = host.peerStore();
        PeerRecord record = verifiedRecord(peer, m.signedPeerRecord());
        var seen = store.metadata(peer, PEER_RECORD_SEQ);
        if (record != null && seen.isPresent() && Long.compareUnsigned(record.seq(), Long.parseUnsignedLong(seen.get())) < 0) {
            // RFC 0003: a record with a lower seq than one already accepted is stale; its addresses are not used.
            PeerRecord stale = record;
            LOG.log(System.Logger.Level.DEBUG, () -> "ignoring " + peer + "'s signed peer record seq "
                    + Long.toUnsignedString(stale.seq()) + ", older than seq " + seen.get());
            record = null;
        }
        List<Multiaddr> plain = distinct(m.listenAddresses().stream().map(Multiaddr::withoutPeerId).toList());
        List<Multiaddr> listen;
        if (record != null) {
            listen = distinct(record.addresses().stream().map(Multiaddr::withoutPeerId).toList());
        } else if (!plain.isEmpty() || previous == null) {
            listen = plain;
        } else {
            listen = previous.listenAddresses();
        }
        List<String> protocols = !m.protocols().isEmpty() || previous == null
                ? List.copyOf(new LinkedHashSet<>(m.protocols())) : previous.protocols();
        IdentifyInfo info = new IdentifyInfo(peer,
                pick(m.protocolVersion(), previous == null ? null : previous.protocolVersion()),
                pick(m.agentVersion(), previous == null ? null : previous.agentVersion()),
                key != null ? key : previous != null ? previous.publicKey() : conn.remotePublicKey(),
                listen,
                m.observedAddress() != null ? m.observedAddress() : previous == null ? null : previous.observedAddress(),
                protocols,
                record != null ? record : previous == null ? null : previous.signedPeerRecord());

        store.putPublicKey(peer, info.publicKey());
        store.setProtocols(peer, info.protocols());
        if (!info.agentVersion().isEmpty()) {
            store.putMetadata(peer, PeerStore.AGENT_VERSION, info.agentVersion());
        }
        if (!info.protocolVersion().isEmpty()) {
            store.putMetadata(peer, PeerStore.PROTOCOL_VERSION, info.protocolVersion());
        }
        if (record != null) {
            store.setAddresses(peer, listen, PeerStore.CONNECTED_ADDRESS_TTL);
            store.putMetadata(peer, PEER_RECORD_SEQ, Long.toUnsignedString(record.seq()));
        } else if (!plain.isEmpty()) {
            store.addAddresses(peer, plain, PeerStore.CONNECTED_ADDRESS_TTL);
        }
        synchronized (s) {
            s.latest = info;
        }
        host.publish(new HostEvent.PeerIdentified(peer, conn, info.agentVersion(), info.protocolVersion(),
                new LinkedHashSet<>(info.protocols()), info.listenAddresses(), info.observedAddress()));
        if (push && (previous == null || !previous.protocols().equals(info.protocols()))) {
            host.publish(new HostEvent.PeerProtocolsChanged(peer, new LinkedHashSet<>(info.protocols())));
        }
        return info;
    }

    /** The verified record in {@code envelope}, or null when there is none or it does not verify (then ignored). */
    private static PeerRecord verifiedRecord(PeerId peer, byte[] envelope) {
        if (envelope == null) {
            return null;
        }
        try {
            PeerRecord rec = PeerRecord.fromEnvelope(envelope);
            if (!rec.peerId().equals(peer)) {
                LOG.log(System.Logger.Level.DEBUG, () -> "ignoring " + peer + "'s signed peer record for " + rec.peerId());
                return null;
            }
            return rec;
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "ignoring " + peer + "'s invalid signed peer record: " + e.getMessage());
            return null;
        }
    }

    private static String pick(String value, String previous) {
        return value != null ? value : previous != null ? previous : "";
    }

    private static List<Multiaddr> distinct(List<Multiaddr> addrs) {
        return List.copyOf(new LinkedHashSet<>(addrs));
    }

    // ---- what we say ---------------------------------------------------------------------------------

    /**
     * Our identify for {@code conn}: protocol and agent version, public key, dialable addresses, the peer's
     * address as we see it, our protocols and a signed peer record, trimmed to
     * {@link IdentifyProtocol#MAX_SENT_MESSAGE_SIZE} bytes (addresses first, then protocols, then the record).
     */
    IdentifyMessage localMessage(Connection conn) {
        List<Multiaddr> addrs = new ArrayList<>(distinct(host.dialableAddresses().stream()
                .map(Multiaddr::withoutPeerId).toList()));
        if (addrs.size() > PeerRecord.MAX_ADDRESSES) {
            addrs.subList(PeerRecord.MAX_ADDRESSES, addrs.size()).clear();
        }
        List<String> protocols = new ArrayList<>(host.protocols().stream().map(ProtocolId::value).toList());
        Multiaddr observed = conn.remoteAddress() == null ? null : conn.remoteAddress().withoutPeerId();
        boolean withRecord = true;
        boolean trimmed = false;
        while (true) {
            IdentifyMessage m = new IdentifyMessage(IdentifyProtocol.PROTOCOL_VERSION, host.config().agentVersion(),
                    host.identity().publicKey(), addrs, observed, protocols, withRecord ? signedRecord(addrs) : null);
            if (IdentifyCodec.encodeDelimited(m).length <= IdentifyProtocol.MAX_SENT_MESSAGE_SIZE) {
                if (trimmed) {
                    LOG.log(System.Logger.Level.WARNING, () -> "identify trimmed to " + addrs.size() + " addresses and "
                            + protocols.size() + " protocols to stay within " + IdentifyProtocol.MAX_SENT_MESSAGE_SIZE
                            + " bytes");
                }
                return m;
            }
            trimmed = true;
            if (addrs.size() > 1) {
                addrs.remove(addrs.size() - 1);
            } else if (!protocols.isEmpty()) {
                protocols.remove(protocols.size() - 1);
            } else if (withRecord) {
                withRecord = false;
            } else if (!addrs.isEmpty()) {
                addrs.clear();
            } else {
                throw new IllegalStateException("our identify exceeds " + IdentifyProtocol.MAX_SENT_MESSAGE_SIZE
                        + " bytes with no address and no protocol: agent version too long?");
            }
        }
    }

    /** Our signed peer record for {@code addrs}, re-signed with a higher seq only when they change. */
    private synchronized byte[] signedRecord(List<Multiaddr> addrs) {
        SignedAddresses s = signed;
        if (s != null && s.addresses().equals(addrs)) {
            return s.envelope();
        }
        // go-libp2p uses the current time in nanoseconds as seq; never go backwards
        Instant now = host.clock().instant();
        long seq = Math.max(now.getEpochSecond() * 1_000_000_000L + now.getNano(), s == null ? 0 : s.seq() + 1);
        byte[] envelope = new PeerRecord(host.peerId(), seq, addrs).sign(host.identity()).encode();
        signed = new SignedAddresses(List.copyOf(addrs), seq, envelope);
        return envelope;
    }

    // ---- pushing --------------------------------------------------------------------------------------

    private void pushToAll() {
        if (closed) {
            return;
        }
        for (Connection c : host.connections()) {
            state(c).requestPush();
        }
    }

    private void push(Connection conn) {
        if (closed || !conn.isOpen()) {
            return;
        }
        conn.newStream(stream -> {
            IdentifyHandler.send(stream, IdentifyCodec.encodeDelimited(localMessage(conn)));
            return null;
        }, IdentifyProtocol.PUSH_ID).whenComplete((v, err) -> {
            if (err != null) {
                LOG.log(System.Logger.Level.DEBUG, () -> "identify push to " + conn + " failed: " + unwrap(err).getMessage());
            }
        });
    }

    // ---- per-connection state ---------------------------------------------------------------------------

    private ConnectionState state(Connection conn) {
        ConnectionState s = states.get(conn);
        if (s != null) {
            return s;
        }
        ConnectionState fresh = new ConnectionState(conn);
        s = states.putIfAbsent(conn, fresh);
        if (s != null) {
            return s;
        }
        conn.closeFuture().whenComplete((v, err) -> {
            states.remove(conn, fresh);
            fresh.cancelPush();
        });
        return fresh;
    }

    /** Identify's state of one connection; guarded by its own monitor. */
    private final class ConnectionState {
        private final Connection conn;
        /** The identify request in flight (or failed). */
        CompletableFuture<IdentifyInfo> pending;
        /** What the peer said last (response, then pushes). */
        IdentifyInfo latest;
        /** The connection's event loop, learned from its first stream: push timers run there. */
        private EventLoop loop;
        private boolean pushWanted;
        private ScheduledFuture<?> pushTimer;

        ConnectionState(Connection conn) {
            this.conn = conn;
        }

        synchronized void learnEventLoop(EventLoop l) {
            if (loop == null) {
                loop = l;
                if (pushWanted) {
                    pushWanted = false;
                    requestPush();
                }
            }
        }

        /** Schedules a push unless one is already waiting (it will send the state current when it fires). */
        synchronized void requestPush() {
            if (!conn.isOpen()) {
                return;
            }
            if (loop == null) {
                pushWanted = true;
                return;
            }
            if (pushTimer == null) {
                pushTimer = loop.schedule(this::firePush, config.pushDelay().toNanos(), TimeUnit.NANOSECONDS);
            }
        }

        private void firePush() {
            synchronized (this) {
                pushTimer = null;
            }
            push(conn);
        }

        synchronized void cancelPush() {
            if (pushTimer != null) {
                pushTimer.cancel(false);
                pushTimer = null;
            }
            pushWanted = false;
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
