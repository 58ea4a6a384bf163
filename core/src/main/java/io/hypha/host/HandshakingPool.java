package io.hypha.host;

import io.hypha.resource.ConnectionScope;
import io.hypha.resource.Limit;
import io.hypha.resource.ResourceLimitException;
import io.hypha.transport.AcceptOrder;
import io.netty.channel.Channel;
import java.util.Comparator;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The inbound connections still handshaking, oldest first in the order the listeners accepted them (not the order
 * their event loops initialised them): when the pool is full, a new connection takes the slot of the oldest. A
 * legitimate handshake takes a few milliseconds, so peers holding slots with half-open connections are the ones that
 * go, and they cannot lock others out. Thread-safe: connections arrive on every event loop.
 */
final class HandshakingPool {
    private static final System.Logger LOG = System.getLogger(HandshakingPool.class.getName());
    /**
     * How many handshakes one arrival may drop from a full pool before it is refused: arrivals on other event loops
     * may take each freed slot first, and one arrival must not empty the pool.
     */
    static final int MAX_EVICTIONS_PER_ARRIVAL = 8;

    /** Opens a transient scope, or throws the limit that refused it. */
    @FunctionalInterface
    interface Opener {
        ConnectionScope open() throws ResourceLimitException;
    }

    private record Handshake(Channel channel, ConnectionScope scope, long accepted) {}

    private final NavigableSet<Handshake> pending = new ConcurrentSkipListSet<>(Comparator.comparingLong(Handshake::accepted));

    /**
     * A scope for a new connection, or null when refused: {@code opener} is tried, and while it is refused for the
     * handshaking limit the oldest handshake is dropped (scope and connection closed) and it is tried again, up to
     * {@value #MAX_EVICTIONS_PER_ARRIVAL} drops.
     */
    ConnectionScope admit(Opener opener) {
        for (int evicted = 0; ; evicted++) {
            try {
                return opener.open();
            } catch (ResourceLimitException e) {
                if (e.limit() != Limit.HANDSHAKING_INBOUND || evicted == MAX_EVICTIONS_PER_ARRIVAL) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "refusing a connection: " + e.getMessage());
                    return null;
                }
            }
            Handshake oldest = pending.pollFirst();
            if (oldest == null) {
                return null;
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "handshaking pool full: dropping the oldest handshake, from "
                    + oldest.channel().remoteAddress());
            oldest.scope().close();
            oldest.channel().close();
        }
    }

    /** Holds {@code ch} (admitted with {@code scope}) until its handshake ends or it closes. */
    Runnable add(Channel ch, ConnectionScope scope) {
        Handshake h = new Handshake(ch, scope, AcceptOrder.of(ch));
        pending.add(h);
        ch.closeFuture().addListener(f -> pending.remove(h));
        return () -> pending.remove(h);
    }

    /** How many handshakes the pool holds. */
    int size() {
        return pending.size();
    }
}
