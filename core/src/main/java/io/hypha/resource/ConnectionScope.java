package io.hypha.resource;

import io.hypha.peer.PeerId;
import java.net.InetAddress;

/**
 * One connection's account: transient until {@link #setPeer} charges it to an authenticated peer; opens
 * {@link StreamScope}s and reserves memory. Made by {@link ResourceManager#openConnection}; thread-safe.
 * {@link #close()} releases everything it still holds, including the memory of streams not closed yet.
 */
public final class ConnectionScope {
    private final ResourceManager manager;
    private final boolean inbound;
    final InetAddress remote;
    final SubnetKey ipKey;
    final SubnetKey subnetKey;

    // guarded by manager
    PeerId peer;
    ResourceManager.PeerAccount peerAccount;
    int streams;
    long memory;
    boolean closed;

    ConnectionScope(ResourceManager manager, boolean inbound, InetAddress remote, SubnetKey ipKey, SubnetKey subnetKey) {
        this.manager = manager;
        this.inbound = inbound;
        this.remote = remote;
        this.ipKey = ipKey;
        this.subnetKey = subnetKey;
    }

    /** A scope of its own unlimited manager: for a muxer used outside a host (tests, tools). */
    public static ConnectionScope unlimited() {
        try {
            return ResourceManager.unlimited().openConnection(true, null);
        } catch (ResourceLimitException e) {
            throw new AssertionError(e);
        }
    }

    public boolean inbound() {
        return inbound;
    }

    /** The limits of the manager this connection is accounted in (the muxer reads its rates here). */
    public ResourceLimits limits() {
        return manager.limits();
    }

    /** The authenticated peer, or null while handshaking. */
    public PeerId peer() {
        synchronized (manager) {
            return peer;
        }
    }

    /**
     * The handshake authenticated {@code peer}: the connection leaves the transient scope and is charged to
     * the peer and to the established connections.
     *
     * @throws ResourceLimitException when the established pool or the peer's share is full (the connection
     *                                stays transient; close it)
     */
    public void setPeer(PeerId peer) throws ResourceLimitException {
        manager.establish(this, java.util.Objects.requireNonNull(peer, "peer"));
    }

    /** Opens a stream's scope (counts toward the connection's, peer's and node's stream limits). */
    public StreamScope openStream(boolean inbound) throws ResourceLimitException {
        return manager.openStream(this, inbound);
    }

    /** Reserves {@code bytes} on this connection (and its peer and the node), or throws. */
    public void reserveMemory(long bytes) throws ResourceLimitException {
        manager.reserveOrThrow(this, null, bytes);
    }

    public void releaseMemory(long bytes) {
        manager.release(this, null, bytes);
    }

    /** Memory reserved by this connection and its streams. */
    public long memory() {
        synchronized (manager) {
            return memory;
        }
    }

    /** Live streams. */
    public int streams() {
        synchronized (manager) {
            return streams;
        }
    }

    /** Counts a refusal decided elsewhere (a muxer rate limit) against this connection's peer or address. */
    public ResourceLimitException refused(Limit limit, String what) {
        PeerId p = peer();
        return manager.refused(limit, what + " on a connection of " + (p != null ? p : remote), p != null ? p : remote);
    }

    /** Releases the connection's slot and every byte it still holds. Idempotent. */
    public void close() {
        manager.closeConnection(this);
    }

    public boolean isClosed() {
        synchronized (manager) {
            return closed;
        }
    }

    @Override
    public String toString() {
        synchronized (manager) {
            return "ConnectionScope[" + (inbound ? "in " : "out ") + (peer != null ? peer : remote) + ", streams="
                    + streams + ", memory=" + memory + (closed ? ", closed" : "") + "]";
        }
    }
}
