package io.hypha.host;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals a host keeps from its start, for whoever exports metrics (the node's Prometheus registry reads
 * them on each scrape): connections and streams opened and closed, bytes read from and written to its connections'
 * sockets, and upgrades (handshakes) started and how each ended. What is in use <em>now</em> (connections, streams,
 * memory, refusals per limit) is the resource manager's ({@link io.hypha.resource.ResourceManager#stats()}); these
 * are the totals it does not keep.
 *
 * <p>Cheap on the hot path: one {@link LongAdder} increment per socket read or write, connection, stream or
 * handshake event, nothing allocated per byte or frame. Names used as keys are bounded by the host's own code: a
 * stream is counted under the protocol that was negotiated (one we serve or one we asked for), never a string a
 * peer merely proposed, and a connection under its transport. Thread-safe; readable at any time.
 */
public final class HostCounters {
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder[] handshakesStarted = adders(Direction.values().length);
    private final Map<String, LongAdder[]> handshakes = new ConcurrentHashMap<>();
    private final Map<String, OpenClose> connections = new ConcurrentHashMap<>();
    private final Map<String, OpenClose> streams = new ConcurrentHashMap<>();
    private final ByteCounter byteCounter = new ByteCounter();

    /** Opened and closed totals of one name (a transport, a protocol) in one direction. */
    public record Count(String name, Direction direction, long opened, long closed) {
        /** Opened and not closed yet. */
        public long open() {
            return opened - closed;
        }
    }

    /** Upgrades of one security protocol and direction that ended with {@code outcome}. */
    public record Handshakes(String security, Direction direction, HandshakeOutcome outcome, long count) {}

    /** Bytes read from the sockets of the host's connections (before decryption; failed handshakes included). */
    public long bytesRead() {
        return bytesRead.sum();
    }

    /** Bytes handed to the sockets of the host's connections (encrypted frames, handshakes included). */
    public long bytesWritten() {
        return bytesWritten.sum();
    }

    /**
     * Upgrades started in {@code direction}: inbound, accepted sockets admitted to handshake; outbound, dials whose
     * socket connected (a failed TCP connect is no handshake).
     */
    public long handshakesStarted(Direction direction) {
        return handshakesStarted[direction.ordinal()].sum();
    }

    /** Upgrades that ended, per security protocol, direction and outcome (only the non-zero ones). */
    public List<Handshakes> handshakes() {
        List<Handshakes> out = new ArrayList<>();
        handshakes.forEach((key, adders) -> {
            int sep = key.indexOf(' ');
            Direction d = Direction.valueOf(key.substring(0, sep));
            String security = key.substring(sep + 1);
            for (HandshakeOutcome o : HandshakeOutcome.values()) {
                long n = adders[o.ordinal()].sum();
                if (n > 0) {
                    out.add(new Handshakes(security, d, o, n));
                }
            }
        });
        return out;
    }

    /** Upgrades of {@code security} in {@code direction} that ended with {@code outcome}. */
    public long handshakes(String security, Direction direction, HandshakeOutcome outcome) {
        LongAdder[] a = handshakes.get(direction.name() + " " + security);
        return a == null ? 0 : a[outcome.ordinal()].sum();
    }

    /** Established connections opened and closed, per transport and direction. */
    public List<Count> connections() {
        return counts(connections);
    }

    /** Negotiated streams opened and closed, per protocol and direction. */
    public List<Count> streams() {
        return counts(streams);
    }

    // ---------------------------------------------------------------------------------- what the host records

    void handshakeStarted(Direction direction) {
        handshakesStarted[direction.ordinal()].increment();
    }

    void handshakeEnded(String security, Direction direction, HandshakeOutcome outcome) {
        LongAdder[] a = handshakes.get(direction.name() + " " + security);
        if (a == null) {
            a = handshakes.computeIfAbsent(direction.name() + " " + security,
                    k -> adders(HandshakeOutcome.values().length));
        }
        a[outcome.ordinal()].increment();
    }

    void connectionOpened(String transport, Direction direction) {
        entry(connections, transport).opened[direction.ordinal()].increment();
    }

    void connectionClosed(String transport, Direction direction) {
        entry(connections, transport).closed[direction.ordinal()].increment();
    }

    void streamOpened(String protocol, Direction direction) {
        entry(streams, protocol).opened[direction.ordinal()].increment();
    }

    void streamClosed(String protocol, Direction direction) {
        entry(streams, protocol).closed[direction.ordinal()].increment();
    }

    /** The handler counting a raw connection's bytes: first in its pipeline, shared by all of them. */
    ChannelHandler byteCounter() {
        return byteCounter;
    }

    // ------------------------------------------------------------------------------------------------ internals

    private static OpenClose entry(Map<String, OpenClose> map, String name) {
        OpenClose e = map.get(name);
        return e != null ? e : map.computeIfAbsent(name, k -> new OpenClose());
    }

    private static List<Count> counts(Map<String, OpenClose> map) {
        List<Count> out = new ArrayList<>();
        map.forEach((name, e) -> {
            for (Direction d : Direction.values()) {
                long opened = e.opened[d.ordinal()].sum();
                if (opened > 0) {
                    // closed is read after opened, so a snapshot never shows more closed than opened
                    out.add(new Count(name, d, opened, Math.min(opened, e.closed[d.ordinal()].sum())));
                }
            }
        });
        return out;
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    /** Opened and closed per direction (indexed by {@link Direction#ordinal()}). */
    private static final class OpenClose {
        final LongAdder[] opened = adders(Direction.values().length);
        final LongAdder[] closed = adders(Direction.values().length);
    }

    /** Counts what passes the head of a socket's pipeline: each read as it arrives, each write as it is handed on. */
    @ChannelHandler.Sharable
    private final class ByteCounter extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            bytesRead.add(size(msg));
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            bytesWritten.add(size(msg));
            ctx.write(msg, promise);
        }

        private static long size(Object msg) {
            if (msg instanceof ByteBuf b) {
                return b.readableBytes();
            }
            return msg instanceof ByteBufHolder h ? h.content().readableBytes() : 0;
        }
    }
}
