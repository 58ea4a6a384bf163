package io.hypha.resource;

/**
 * A resource the peer (or our own code) asked for would exceed a {@link Limit}: the connection, stream or
 * reservation is refused. The message names the limit, its value and its config key.
 */
public final class ResourceLimitException extends Exception {
    private final Limit limit;
    private final long value;

    public ResourceLimitException(Limit limit, long value, String what) {
        super(what + ": resource limit " + limit + " (" + value + ") reached; raise Swarm.ResourceMgr."
                + limit.configKey() + " to allow more");
        this.limit = limit;
        this.value = value;
    }

    /** The limit that was hit. */
    public Limit limit() {
        return limit;
    }

    /** Its configured value. */
    public long value() {
        return value;
    }
}
