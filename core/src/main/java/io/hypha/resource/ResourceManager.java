package io.hypha.resource;

import io.hypha.peer.PeerId;
import java.net.InetAddress;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Accounts for everything peers can make the node hold and refuses what would exceed the {@link ResourceLimits}
 * (package documentation: the scopes). Thread-safe: every operation takes one lock, held for a few
 * arithmetic steps; reservations happen per connection, per stream and per window change, never per byte.
 *
 * <p>Use: {@link #openConnection} when a socket is accepted or dialled (the transient scope),
 * {@link ConnectionScope#setPeer} once the handshake authenticated the peer, {@link ConnectionScope#openStream}
 * per muxed stream, {@link StreamScope#setProtocol} once negotiated, {@code reserveMemory} before buffering,
 * and {@code close()} on every scope when it ends (idempotent; it releases whatever the scope still holds).
 */
public final class ResourceManager {
    private static final System.Logger LOG = System.getLogger(ResourceManager.class.getName());

    private final ResourceLimits limits;
    private final RefusalLog refusalLog = new RefusalLog();

    // ---- node scope (guarded by this)
    private long memory;
    private int connectionsInbound;
    private int connectionsOutbound;
    private int handshakingInbound;
    private int handshakingOutbound;
    private int streamsInbound;
    private int streamsOutbound;
    private final Map<PeerId, PeerAccount> peers = new HashMap<>();
    private final Map<String, Integer> protocolStreams = new HashMap<>();
    private final Map<SubnetKey, Integer> perIp = new HashMap<>();
    private final Map<SubnetKey, Integer> perSubnet = new HashMap<>();
    private final EnumMap<Limit, Long> refusals = new EnumMap<>(Limit.class);

    public ResourceManager(ResourceLimits limits) {
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
    }

    /** A manager that never refuses (tests of other things, trusted links). */
    public static ResourceManager unlimited() {
        return new ResourceManager(ResourceLimits.unlimited());
    }

    public ResourceLimits limits() {
        return limits;
    }

    /**
     * Admits a new connection into the transient (handshaking) scope.
     *
     * @param inbound whether the peer dialled us
     * @param remote  the peer's IP address, or null when unknown (no per-IP accounting)
     * @throws ResourceLimitException when the established pool of that direction or the handshaking pool is
     *                                full, or for an inbound connection its IP's or subnet's share
     */
    public ConnectionScope openConnection(boolean inbound, InetAddress remote) throws ResourceLimitException {
        SubnetKey ip = null;
        SubnetKey subnet = null;
        if (inbound && remote != null && (limits.limitLoopback() || !remote.isLoopbackAddress())) {
            ip = SubnetKey.address(remote);
            subnet = SubnetKey.subnet(remote);
        }
        String who = remote == null ? "a connection" : "a connection from " + remote.getHostAddress();
        synchronized (this) {
            // fail fast when the established pool is full; it is checked again when the handshake completes
            if (inbound && connectionsInbound >= limits.connectionsInbound()) {
                throw refuse(Limit.CONNECTIONS_INBOUND, who, remote);
            }
            if (!inbound && connectionsOutbound >= limits.connectionsOutbound()) {
                throw refuse(Limit.CONNECTIONS_OUTBOUND, who, remote);
            }
            if (inbound && handshakingInbound >= limits.handshakingInbound()) {
                throw refuse(Limit.HANDSHAKING_INBOUND, who, remote);
            }
            if (!inbound && handshakingOutbound >= limits.handshakingOutbound()) {
                throw refuse(Limit.HANDSHAKING_OUTBOUND, who, remote);
            }
            if (ip != null && perIp.getOrDefault(ip, 0) >= limits.connectionsPerIp()) {
                throw refuse(Limit.CONNECTIONS_PER_IP, who, remote);
            }
            if (subnet != null && perSubnet.getOrDefault(subnet, 0) >= limits.connectionsPerSubnet()) {
                throw refuse(Limit.CONNECTIONS_PER_SUBNET, who, remote);
            }
            if (inbound) {
                handshakingInbound++;
            } else {
                handshakingOutbound++;
            }
            if (ip != null) {
                perIp.merge(ip, 1, Integer::sum);
                perSubnet.merge(subnet, 1, Integer::sum);
            }
        }
        return new ConnectionScope(this, inbound, remote, ip, subnet);
    }

    /** A snapshot of what is in use and how often each limit refused something. */
    public synchronized ResourceStats stats() {
        return new ResourceStats(memory, connectionsInbound, connectionsOutbound, handshakingInbound,
                handshakingOutbound, streamsInbound, streamsOutbound, peers.size(), Map.copyOf(refusals));
    }

    /** Memory reserved by {@code peer}'s connections and streams (0 when none). */
    public synchronized long peerMemory(PeerId peer) {
        PeerAccount p = peers.get(peer);
        return p == null ? 0 : p.memory;
    }

    /**
     * Counts a refusal of {@code limit} that was decided outside the manager (a rate limit in the muxer), and
     * logs it once per subject; returns the exception describing it.
     */
    public ResourceLimitException refused(Limit limit, String what, Object subject) {
        synchronized (this) {
            return refuse(limit, what, subject);
        }
    }

    // ------------------------------------------------------------------------------------ scope callbacks

    /** Moves {@code c} from the transient scope to its peer's. */
    synchronized void establish(ConnectionScope c, PeerId peer) throws ResourceLimitException {
        String who = "a connection of " + peer;
        if (c.inbound() && connectionsInbound >= limits.connectionsInbound()) {
            throw refuse(Limit.CONNECTIONS_INBOUND, who, peer);
        }
        if (!c.inbound() && connectionsOutbound >= limits.connectionsOutbound()) {
            throw refuse(Limit.CONNECTIONS_OUTBOUND, who, peer);
        }
        PeerAccount p = peers.get(peer);
        if (p != null && p.connections >= limits.connectionsPerPeer()) {
            throw refuse(Limit.CONNECTIONS_PER_PEER, who, peer);
        }
        if (p != null && p.memory + c.memory > limits.memoryPerPeer()) {
            throw refuse(Limit.MEMORY_PER_PEER, who, peer);
        }
        if (p == null) {
            p = new PeerAccount();
            peers.put(peer, p);
        }
        p.connections++;
        p.memory += c.memory;
        if (c.inbound()) {
            handshakingInbound--;
            connectionsInbound++;
        } else {
            handshakingOutbound--;
            connectionsOutbound++;
        }
        c.peer = peer;
        c.peerAccount = p;
    }

    synchronized void closeConnection(ConnectionScope c) {
        if (c.closed) {
            return;
        }
        c.closed = true;
        releaseConnectionMemory(c, c.memory);
        c.memory = 0;
        if (c.peerAccount == null) {
            if (c.inbound()) {
                handshakingInbound--;
            } else {
                handshakingOutbound--;
            }
        } else {
            if (c.inbound()) {
                connectionsInbound--;
            } else {
                connectionsOutbound--;
            }
            c.peerAccount.connections--;
            dropPeerIfIdle(c.peer, c.peerAccount);
        }
        if (c.ipKey != null) {
            decrement(perIp, c.ipKey);
            decrement(perSubnet, c.subnetKey);
        }
    }

    synchronized StreamScope openStream(ConnectionScope c, boolean inbound) throws ResourceLimitException {
        Object subject = c.peer != null ? c.peer : c.remote;
        String who = (inbound ? "an inbound" : "an outbound") + " stream of " + (c.peer != null ? c.peer : "a connection");
        if (c.closed) {
            throw refuse(Limit.STREAMS_PER_CONNECTION, who + " (connection closed)", subject);
        }
        if (c.streams >= limits.streamsPerConnection()) {
            throw refuse(Limit.STREAMS_PER_CONNECTION, who, subject);
        }
        if (c.peerAccount != null && c.peerAccount.streams >= limits.streamsPerPeer()) {
            throw refuse(Limit.STREAMS_PER_PEER, who, subject);
        }
        if (inbound && streamsInbound >= limits.streamsInbound()) {
            throw refuse(Limit.STREAMS_INBOUND, who, subject);
        }
        if (!inbound && streamsOutbound >= limits.streamsOutbound()) {
            throw refuse(Limit.STREAMS_OUTBOUND, who, subject);
        }
        c.streams++;
        if (c.peerAccount != null) {
            c.peerAccount.streams++;
        }
        if (inbound) {
            streamsInbound++;
        } else {
            streamsOutbound++;
        }
        return new StreamScope(this, c, inbound);
    }

    synchronized void closeStream(StreamScope s) {
        if (s.closed) {
            return;
        }
        s.closed = true;
        ConnectionScope c = s.connection();
        if (!c.closed) {
            // a closed connection already returned all its memory, its streams' included
            releaseConnectionMemory(c, s.memory);
            c.memory -= s.memory;
        }
        s.memory = 0;
        c.streams--;
        if (c.peerAccount != null) {
            c.peerAccount.streams--;
            if (s.protocol != null && s.inbound()) {
                decrement(c.peerAccount.protocolStreams, s.protocol);
            }
            dropPeerIfIdle(c.peer, c.peerAccount);
        }
        if (s.inbound()) {
            streamsInbound--;
        } else {
            streamsOutbound--;
        }
        if (s.protocol != null && s.inbound()) {
            decrement(protocolStreams, s.protocol);
        }
    }

    synchronized void setProtocol(StreamScope s, String protocol) throws ResourceLimitException {
        if (s.protocol != null) {
            throw new IllegalStateException("the stream's protocol is already " + s.protocol);
        }
        ConnectionScope c = s.connection();
        if (s.inbound()) {
            String who = "an inbound " + protocol + " stream of " + c.peer;
            if (protocolStreams.getOrDefault(protocol, 0) >= limits.streamsPerProtocol()) {
                throw refuse(Limit.STREAMS_PER_PROTOCOL, who, c.peer);
            }
            if (c.peerAccount != null
                    && c.peerAccount.protocolStreams.getOrDefault(protocol, 0) >= limits.streamsPerProtocolPerPeer()) {
                throw refuse(Limit.STREAMS_PER_PROTOCOL_PER_PEER, who, c.peer);
            }
            protocolStreams.merge(protocol, 1, Integer::sum);
            if (c.peerAccount != null) {
                c.peerAccount.protocolStreams.merge(protocol, 1, Integer::sum);
            }
        }
        s.protocol = protocol;
    }

    /** Reserves {@code bytes} for {@code c} (and its stream {@code s}, if any); false when a limit says no. */
    synchronized boolean tryReserve(ConnectionScope c, StreamScope s, long bytes) {
        return reserve(c, s, bytes, false) == null;
    }

    synchronized void reserveOrThrow(ConnectionScope c, StreamScope s, long bytes) throws ResourceLimitException {
        ResourceLimitException e = reserve(c, s, bytes, true);
        if (e != null) {
            throw e;
        }
    }

    private ResourceLimitException reserve(ConnectionScope c, StreamScope s, long bytes, boolean count) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative reservation: " + bytes);
        }
        Object subject = c.peer != null ? c.peer : c.remote;
        String who = "reserving " + bytes + " bytes for " + (c.peer != null ? c.peer : "a connection");
        Limit hit = null;
        if (c.closed || (s != null && s.closed)) {
            hit = Limit.MEMORY_PER_CONNECTION;
        } else if (c.memory + bytes > limits.memoryPerConnection()) {
            hit = Limit.MEMORY_PER_CONNECTION;
        } else if (c.peerAccount != null && c.peerAccount.memory + bytes > limits.memoryPerPeer()) {
            hit = Limit.MEMORY_PER_PEER;
        } else if (memory + bytes > limits.memory()) {
            hit = Limit.MEMORY;
        }
        if (hit != null) {
            return count ? refuse(hit, who, subject) : new ResourceLimitException(hit, limits.valueOf(hit), who);
        }
        c.memory += bytes;
        if (c.peerAccount != null) {
            c.peerAccount.memory += bytes;
        }
        memory += bytes;
        if (s != null) {
            s.memory += bytes;
        }
        return null;
    }

    synchronized void release(ConnectionScope c, StreamScope s, long bytes) {
        if (s != null) {
            if (s.closed) {
                return;
            }
            bytes = Math.min(bytes, s.memory);
            s.memory -= bytes;
        }
        if (c.closed) {
            return;
        }
        bytes = Math.min(bytes, c.memory);
        c.memory -= bytes;
        releaseConnectionMemory(c, bytes);
    }

    /** Returns {@code bytes} of {@code c}'s to its peer and the node (not to {@code c} itself). */
    private void releaseConnectionMemory(ConnectionScope c, long bytes) {
        if (c.peerAccount != null) {
            c.peerAccount.memory -= bytes;
        }
        memory -= bytes;
    }

    private void dropPeerIfIdle(PeerId peer, PeerAccount p) {
        if (p.connections == 0 && p.streams == 0 && p.memory == 0) {
            peers.remove(peer, p);
        }
    }

    private ResourceLimitException refuse(Limit limit, String what, Object subject) {
        refusals.merge(limit, 1L, Long::sum);
        ResourceLimitException e = new ResourceLimitException(limit, limits.valueOf(limit), what);
        Object key = subject instanceof InetAddress a ? a.getHostAddress() : subject;
        if (key != null && refusalLog.firstTime(key, limit)) {
            LOG.log(System.Logger.Level.INFO, e.getMessage());
        } else {
            LOG.log(System.Logger.Level.DEBUG, e.getMessage());
        }
        return e;
    }

    private static <K> void decrement(Map<K, Integer> map, K key) {
        map.computeIfPresent(key, (k, v) -> v <= 1 ? null : v - 1);
    }

    /** What one authenticated peer holds. */
    static final class PeerAccount {
        int connections;
        int streams;
        long memory;
        final Map<String, Integer> protocolStreams = new HashMap<>();
    }
}
