package io.hypha.multistream;

import io.hypha.multistream.Negotiator.Outcome;
import io.hypha.multistream.Negotiator.Step;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs one multistream-select {@link Negotiator} on a channel, then puts the selected protocol's handler in its
 * own place and leaves the pipeline.
 *
 * <p>Starts when the channel is active (at once if it already is): writes what the negotiator asks, feeds it every
 * received {@link ByteBuf}, and fails the negotiation if it is not over within the time limit (a task on the
 * channel's event loop, cancelled on success). On selection, on the event loop and in this order:
 * <ol>
 *   <li>{@code next.apply(protocol)} is called and the handler it returns is added right after this one (return a
 *       {@link io.netty.channel.ChannelInitializer} to install several);</li>
 *   <li>{@link MultistreamEvent.Selected} is fired at it;</li>
 *   <li>the bytes that arrived behind the final negotiation message (lazy negotiation: rust sends Noise msg1, go
 *       the first bitswap message in the same packet) are fired at it as one {@link ByteBuf}, if there are any;</li>
 *   <li>this handler removes itself and {@link #selected()} completes with the protocol.</li>
 * </ol>
 * The installed handler is added to an active channel, so it should start its work in {@code handlerAdded} (it
 * may also see {@code channelActive} when the negotiation began before the channel announced it).
 *
 * <p>An optimistic dialer ({@link MultistreamDialer#selectOptimistically}) installs the next handler right after
 * writing its proposal, with {@code Selected(protocol, true)}, so data can follow the proposal at once; this
 * handler stays in front of it until the peer's echo arrives, then leaves as above. If the peer refuses,
 * {@link MultistreamEvent.Failed} is fired at the installed handler before the channel closes.
 *
 * <p>On failure (timeout, protocol error, oversized message, no common protocol, channel closed, installer threw)
 * the channel is closed and {@link #selected()} completes exceptionally with a {@link NegotiationException}.
 * Peers' faults are logged at DEBUG, a failing installer at WARNING.
 *
 * <p>Not sharable: one handler, one negotiation. Also reads with {@code autoRead} off until the negotiation ends.
 */
public final class MultistreamHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(MultistreamHandler.class.getName());

    private enum Phase { WAITING, NEGOTIATING, INSTALLED_OPTIMISTICALLY, DONE }

    private final Negotiator negotiator;
    private final Duration timeout;
    private final Function<String, ? extends ChannelHandler> next;
    private final CompletableFuture<String> selected = new CompletableFuture<>();
    private Phase phase = Phase.WAITING;
    private ScheduledFuture<?> timer;

    /**
     * @param negotiator a fresh dialer or listener; not a {@link MultistreamDialer#listProtocols() listing} dialer
     * @param timeout time limit for the whole negotiation
     * @param next gives the handler for the selected protocol; called on the event loop, must not block
     */
    public MultistreamHandler(Negotiator negotiator, Duration timeout, Function<String, ? extends ChannelHandler> next) {
        this.negotiator = Objects.requireNonNull(negotiator, "negotiator");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.next = Objects.requireNonNull(next, "next");
        if (negotiator instanceof MultistreamDialer dialer && dialer.isListing()) {
            throw new IllegalArgumentException("an ls dialer selects no protocol to hand the channel to");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** A dialer proposing {@code protocols} in order, within {@link MultistreamProtocol#NEGOTIATION_TIMEOUT}. */
    public static MultistreamHandler dialer(List<String> protocols, Function<String, ? extends ChannelHandler> next) {
        return new MultistreamHandler(MultistreamDialer.select(protocols), MultistreamProtocol.NEGOTIATION_TIMEOUT, next);
    }

    /** An optimistic dialer for {@code protocol}, within {@link MultistreamProtocol#NEGOTIATION_TIMEOUT}. */
    public static MultistreamHandler optimisticDialer(String protocol, Function<String, ? extends ChannelHandler> next) {
        return new MultistreamHandler(
                MultistreamDialer.selectOptimistically(protocol), MultistreamProtocol.NEGOTIATION_TIMEOUT, next);
    }

    /** A listener accepting {@code supported}, within {@link MultistreamProtocol#NEGOTIATION_TIMEOUT}. */
    public static MultistreamHandler listener(
            Collection<String> supported, Function<String, ? extends ChannelHandler> next) {
        return new MultistreamHandler(
                new MultistreamListener(supported), MultistreamProtocol.NEGOTIATION_TIMEOUT, next);
    }

    /**
     * Completes with the selected (and, for an optimistic dialer, confirmed) protocol once its handler is installed,
     * or exceptionally with a {@link NegotiationException}. Completes on the event loop: dependents must not block.
     */
    public CompletableFuture<String> selected() {
        return selected;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            begin(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
        begin(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (phase == Phase.DONE) {
            // after a failure, while the close completes
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof ByteBuf buf)) {
            String type = msg.getClass().getName();
            ReferenceCountUtil.release(msg);
            fail(ctx, new NegotiationException(NegotiationException.Reason.PROTOCOL_ERROR, "expected bytes, got " + type));
            return;
        }
        begin(ctx);
        Step step;
        try {
            ByteBuffer input = buf.nioBuffer();
            int start = input.position();
            step = negotiator.receive(input);
            buf.skipBytes(input.position() - start);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        write(ctx, step.toSend());
        switch (step.outcome()) {
            case Outcome.Selected s -> succeed(ctx, s.protocol(), buf);
            case Outcome.Failed f -> {
                buf.release();
                fail(ctx, f.error());
            }
            case Outcome.Pending p -> buf.release();
            case Outcome.SelectedOptimistically s -> {
                buf.release();
                throw new IllegalStateException("optimistic selection reported on receive: " + s);
            }
            case Outcome.Listed l -> {
                buf.release();
                throw new IllegalStateException("ls answer in a selecting negotiation: " + l);
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        requestReadIfNeeded(ctx);
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, new NegotiationException(NegotiationException.Reason.CLOSED, "channel closed during multistream negotiation"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        boolean installed = phase == Phase.INSTALLED_OPTIMISTICALLY;
        fail(ctx, new NegotiationException(
                NegotiationException.Reason.CLOSED, "channel failed during multistream negotiation: " + cause, cause));
        if (installed) {
            ctx.fireExceptionCaught(cause);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (phase != Phase.DONE) {
            phase = Phase.DONE;
            cancelTimer();
            selected.completeExceptionally(new NegotiationException(
                    NegotiationException.Reason.CLOSED, "multistream handler removed before the negotiation finished"));
        }
    }

    private void begin(ChannelHandlerContext ctx) {
        if (phase != Phase.WAITING) {
            return;
        }
        phase = Phase.NEGOTIATING;
        timer = ctx.executor().schedule(() -> expire(ctx), timeout.toNanos(), TimeUnit.NANOSECONDS);
        Step step = negotiator.start();
        write(ctx, step.toSend());
        if (step.outcome() instanceof Outcome.SelectedOptimistically optimistic && install(ctx, optimistic.protocol())) {
            phase = Phase.INSTALLED_OPTIMISTICALLY;
            ctx.fireUserEventTriggered(new MultistreamEvent.Selected(optimistic.protocol(), true));
        }
        requestReadIfNeeded(ctx);
    }

    private void succeed(ChannelHandlerContext ctx, String protocol, ByteBuf leftover) {
        if (phase != Phase.INSTALLED_OPTIMISTICALLY) {
            if (!install(ctx, protocol)) {
                leftover.release();
                return;
            }
            ctx.fireUserEventTriggered(new MultistreamEvent.Selected(protocol, false));
            if (phase == Phase.DONE) {
                // the installed handler closed or failed the channel on the event
                leftover.release();
                return;
            }
        }
        phase = Phase.DONE;
        cancelTimer();
        if (leftover.isReadable()) {
            ctx.fireChannelRead(leftover); // ownership moves to the installed handler
        } else {
            leftover.release();
        }
        if (!ctx.isRemoved()) {
            ctx.pipeline().remove(this);
        }
        selected.complete(protocol);
    }

    private boolean install(ChannelHandlerContext ctx, String protocol) {
        try {
            ChannelHandler handler = Objects.requireNonNull(next.apply(protocol), "no handler given for " + protocol);
            ctx.pipeline().addAfter(ctx.name(), null, handler);
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "installing the handler for " + protocol + " on " + ctx.channel() + " failed", e);
            fail(ctx, new NegotiationException(NegotiationException.Reason.INSTALL_FAILED,
                    "installing the handler for " + protocol + " failed: " + e, e));
            return false;
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        if (phase == Phase.DONE) {
            return;
        }
        if (negotiator.expire(timeout).outcome() instanceof Outcome.Failed failed) {
            fail(ctx, failed.error());
        }
    }

    private void fail(ChannelHandlerContext ctx, NegotiationException error) {
        if (phase == Phase.DONE) {
            return;
        }
        boolean installed = phase == Phase.INSTALLED_OPTIMISTICALLY;
        phase = Phase.DONE;
        cancelTimer();
        LOG.log(System.Logger.Level.DEBUG, () -> "multistream negotiation on " + ctx.channel() + " failed: " + error.getMessage());
        if (installed) {
            ctx.fireUserEventTriggered(new MultistreamEvent.Failed(error));
        }
        ctx.close();
        selected.completeExceptionally(error);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static void write(ChannelHandlerContext ctx, byte[] bytes) {
        if (bytes.length > 0) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        }
    }

    private void requestReadIfNeeded(ChannelHandlerContext ctx) {
        if ((phase == Phase.NEGOTIATING || phase == Phase.INSTALLED_OPTIMISTICALLY) && !ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }
}
