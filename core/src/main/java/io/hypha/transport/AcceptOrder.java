package io.hypha.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The order in which listeners accepted their connections. A listener spreads accepted connections over several
 * event loops, so their child initializers run in no particular order; a host that must know which of two
 * connections came first (to drop the oldest handshake) reads the number a transport stamped on each connection
 * on the listener's own thread, in accept order.
 */
public final class AcceptOrder {
    private static final AttributeKey<Long> KEY = AttributeKey.valueOf("hypha.acceptOrder");
    private static final AtomicLong NEXT = new AtomicLong();

    /**
     * A handler for a listening channel's pipeline ({@code ServerBootstrap.handler}): stamps each accepted
     * connection before it is handed to its event loop.
     */
    public static final ChannelHandler STAMP = new Stamp();

    private AcceptOrder() {}

    /**
     * The accept number of {@code channel}: larger for later connections across every listener of the process.
     * A connection its transport did not stamp gets the next number now.
     */
    public static long of(Channel channel) {
        Long n = channel.attr(KEY).get();
        return n != null ? n : NEXT.getAndIncrement();
    }

    @ChannelHandler.Sharable
    private static final class Stamp extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel child) {
                child.attr(KEY).set(NEXT.getAndIncrement());
            }
            ctx.fireChannelRead(msg);
        }
    }
}
