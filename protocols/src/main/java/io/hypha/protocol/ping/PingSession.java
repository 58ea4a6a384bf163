package io.hypha.protocol.ping;

import io.hypha.host.Stream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One outbound ping stream, reused for any number of pings, one at a time. Every echo is compared with the
 * payload sent; a wrong echo, a timeout or the stream closing fails the ping with a {@link PingException} and
 * ends the session (the stream is reset). {@link #close()} half-closes the stream, as the spec asks of the
 * dialer after its last ping. All state lives on the stream's event loop.
 */
public final class PingSession implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PingSession.class.getName());

    private final Stream stream;
    private final EventLoop loop;
    private final Clock clock;
    private final Duration timeout;
    private final Random random;
    // event-loop state
    private byte[] expected;
    private Instant sentAt;
    private CompletableFuture<Duration> inFlight;
    private ScheduledFuture<?> timer;
    private PingException ended;

    PingSession(Stream stream, Clock clock, Duration timeout, Random random) {
        this.stream = stream;
        this.loop = stream.channel().eventLoop();
        this.clock = clock;
        this.timeout = timeout;
        this.random = random;
        stream.channel().pipeline().addLast(new PingCodec(), new EchoReader());
    }

    /** The stream this session pings over. */
    public Stream stream() {
        return stream;
    }

    /**
     * Sends one ping and completes with its round-trip time. Fails with {@link PingException} on a wrong echo,
     * a timeout or a closed stream, and with {@link IllegalStateException} if a ping is already in flight.
     */
    public CompletableFuture<Duration> ping() {
        CompletableFuture<Duration> f = new CompletableFuture<>();
        loop.execute(() -> send(f));
        return f;
    }

    /** Sends {@code count} pings one after the other, waiting {@code interval} between an echo and the next ping. */
    public CompletableFuture<List<Duration>> ping(int count, Duration interval) {
        if (count < 1 || interval.isNegative()) {
            throw new IllegalArgumentException("count must be positive and interval not negative");
        }
        CompletableFuture<List<Duration>> out = new CompletableFuture<>();
        next(new ArrayList<>(count), count, interval, out);
        return out;
    }

    private void next(List<Duration> rtts, int count, Duration interval, CompletableFuture<List<Duration>> out) {
        ping().whenComplete((rtt, err) -> {
            if (err != null) {
                out.completeExceptionally(err);
                return;
            }
            rtts.add(rtt);
            if (rtts.size() == count) {
                out.complete(List.copyOf(rtts));
            } else if (interval.isZero()) {
                next(rtts, count, interval, out);
            } else {
                loop.schedule(() -> next(rtts, count, interval, out), interval.toNanos(), TimeUnit.NANOSECONDS);
            }
        });
    }

    /** Half-closes the stream (no more pings); the stream closes once the peer closes its side. */
    @Override
    public void close() {
        loop.execute(() -> {
            if (ended == null) {
                end(new PingException(PingException.Reason.CLOSED, "ping session closed"), false);
                stream.closeWrite().whenComplete((v, err) -> stream.close());
            }
        });
    }

    private void send(CompletableFuture<Duration> f) {
        if (ended != null) {
            f.completeExceptionally(ended);
            return;
        }
        if (inFlight != null) {
            f.completeExceptionally(new IllegalStateException("a ping is already in flight on this session"));
            return;
        }
        byte[] payload = new byte[PingProtocol.PAYLOAD_SIZE];
        random.nextBytes(payload);
        expected = payload;
        inFlight = f;
        sentAt = clock.instant();
        timer = loop.schedule(() -> end(new PingException(PingException.Reason.TIMEOUT, "no echo from "
                + stream.remotePeer() + " within " + timeout.toMillis() + " ms"), true), timeout.toNanos(),
                TimeUnit.NANOSECONDS);
        stream.channel().writeAndFlush(Unpooled.wrappedBuffer(payload)).addListener(w -> {
            if (!w.isSuccess()) {
                end(new PingException(PingException.Reason.CLOSED, "ping to " + stream.remotePeer()
                        + " could not be sent: " + w.cause(), w.cause()), true);
            }
        });
    }

    private void onEcho(ByteBuf echo) {
        try {
            if (inFlight == null) {
                end(new PingException(PingException.Reason.WRONG_ECHO, stream.remotePeer()
                        + " sent bytes nobody asked for"), true);
                return;
            }
            if (!ByteBufUtil.equals(echo, Unpooled.wrappedBuffer(expected))) {
                end(new PingException(PingException.Reason.WRONG_ECHO, stream.remotePeer()
                        + " echoed different bytes than the ping payload sent"), true);
                return;
            }
            Duration rtt = Duration.between(sentAt, clock.instant());
            CompletableFuture<Duration> f = inFlight;
            inFlight = null;
            expected = null;
            timer.cancel(false);
            f.complete(rtt);
        } finally {
            echo.release();
        }
    }

    /** Ends the session: fails the ping in flight (and later ones) with {@code e}; resets the stream if asked. */
    private void end(PingException e, boolean reset) {
        if (ended != null) {
            return;
        }
        ended = e;
        if (timer != null) {
            timer.cancel(false);
        }
        if (inFlight != null) {
            inFlight.completeExceptionally(e);
            inFlight = null;
        }
        if (reset) {
            LOG.log(System.Logger.Level.DEBUG, () -> "resetting " + stream + ": " + e.getMessage());
            stream.reset();
        }
    }

    /** Hands echoes to the session and turns the stream's end into a failure of the ping in flight. */
    private final class EchoReader extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf echo) {
                onEcho(echo);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                boolean wasEnded = ended != null;
                end(new PingException(PingException.Reason.CLOSED, stream.remotePeer() + " closed the ping stream"),
                        false);
                if (!wasEnded) {
                    stream.close();
                } else if (ctx.channel().isOpen()) {
                    ctx.close();
                }
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            end(new PingException(PingException.Reason.CLOSED, "ping stream to " + stream.remotePeer() + " closed"),
                    false);
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            end(new PingException(PingException.Reason.CLOSED, "ping stream to " + stream.remotePeer() + " failed: "
                    + cause.getMessage(), cause), true);
        }
    }
}
