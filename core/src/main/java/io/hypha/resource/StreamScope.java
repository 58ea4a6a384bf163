package io.hypha.resource;

/**
 * One stream's account, inside its {@link ConnectionScope}: memory reserved here counts toward the
 * connection, its peer and the node; once {@link #setProtocol} names the negotiated protocol, an inbound
 * stream also counts toward that protocol's stream limits. Protocols reserve through it before buffering.
 * Thread-safe; {@link #close()} returns everything.
 */
public final class StreamScope {
    private final ResourceManager manager;
    private final ConnectionScope connection;
    private final boolean inbound;

    // guarded by manager
    String protocol;
    long memory;
    boolean closed;

    StreamScope(ResourceManager manager, ConnectionScope connection, boolean inbound) {
        this.manager = manager;
        this.connection = connection;
        this.inbound = inbound;
    }

    public ConnectionScope connection() {
        return connection;
    }

    public boolean inbound() {
        return inbound;
    }

    /** Charges the stream to {@code protocol} (inbound streams count toward its limits). Once per stream. */
    public void setProtocol(String protocol) throws ResourceLimitException {
        manager.setProtocol(this, java.util.Objects.requireNonNull(protocol, "protocol"));
    }

    /** Reserves {@code bytes}, or throws naming the limit (the refusal is counted and logged). */
    public void reserveMemory(long bytes) throws ResourceLimitException {
        manager.reserveOrThrow(connection, this, bytes);
    }

    /** Reserves {@code bytes} if every limit allows; false otherwise (not counted as a refusal: optional growth). */
    public boolean tryReserveMemory(long bytes) {
        return manager.tryReserve(connection, this, bytes);
    }

    public void releaseMemory(long bytes) {
        manager.release(connection, this, bytes);
    }

    public long memory() {
        synchronized (manager) {
            return memory;
        }
    }

    /** Releases the stream's slot and memory. Idempotent. */
    public void close() {
        manager.closeStream(this);
    }
}
