package io.hypha.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiaddr.Multiaddr;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Transport} promises the host: listen on a concrete address, dial it, carry bytes both
 * ways, report each end's close to the other, refuse a dial nobody answers with a {@link TransportException},
 * and stop listening on close. Each implementation's test extends this class.
 */
public abstract class TransportContract {
    protected static final long TIMEOUT_S = 10;

    protected EventLoopGroup group;
    protected Transport transport;

    /** The event loops the transport is made with; closed after each test. */
    protected abstract EventLoopGroup newGroup();

    protected abstract Transport newTransport(EventLoopGroup group);

    /** An address to listen on that picks a fresh port or number. */
    protected abstract Multiaddr anyListenAddress();

    /** An address of another kind, which this transport can neither dial nor listen on. */
    protected abstract Multiaddr foreignAddress();

    /** Releases anything else the test made (after the transport is closed and the group is shut down). */
    protected void cleanUp() {}

    @BeforeEach
    void setUpTransport() {
        group = newGroup();
        transport = newTransport(group);
    }

    @AfterEach
    void tearDownTransport() {
        transport.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        cleanUp();
    }

    /** Echoes what it reads; records its channel. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Channel> accepted = new CompletableFuture<>();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            accepted.complete(ctx.channel());
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }

        @Override
        public boolean isSharable() {
            return true;
        }
    }

    /** Gathers {@code expected} bytes. */
    private static final class Collect extends ChannelInboundHandlerAdapter {
        final CompletableFuture<byte[]> received = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int expected;

        Collect(int expected) {
            this.expected = expected;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                byte[] chunk = new byte[buf.readableBytes()];
                buf.readBytes(chunk);
                bytes.writeBytes(chunk);
            } finally {
                buf.release();
            }
            if (bytes.size() >= expected) {
                received.complete(bytes.toByteArray());
            }
        }
    }

    private Listener listenEcho(Echo echo) throws Exception {
        return transport.listen(anyListenAddress(), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(echo);
            }
        }).get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    private Channel dial(Multiaddr address, Collect collect) throws Exception {
        return transport.dial(address, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(collect);
            }
        }).get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    @Test
    void listensOnAConcreteAddressItCanDial() throws Exception {
        Listener l = listenEcho(new Echo());
        assertNotEquals(anyListenAddress(), l.address());
        assertTrue(transport.canListen(l.address()), l.address().toString());
        assertTrue(transport.canDial(l.address()), l.address().toString());
        assertFalse(transport.name().isBlank());
    }

    @Test
    void dialsCarriesBytesBothWaysAndNamesBothEnds() throws Exception {
        Echo echo = new Echo();
        Listener l = listenEcho(echo);
        byte[] data = "ping over the wire".getBytes(StandardCharsets.UTF_8);
        Collect collect = new Collect(data.length);
        Channel ch = dial(l.address(), collect);
        ch.writeAndFlush(Unpooled.wrappedBuffer(data));
        assertArrayEquals(data, collect.received.get(TIMEOUT_S, TimeUnit.SECONDS));
        Channel accepted = echo.accepted.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(transport.addressOf(ch.remoteAddress()), l.address());
        assertEquals(transport.addressOf(accepted.remoteAddress()), transport.addressOf(ch.localAddress()));
        ch.close().syncUninterruptibly();
    }

    @Test
    void closingOneEndClosesTheOther() throws Exception {
        Echo echo = new Echo();
        Listener l = listenEcho(echo);
        Channel ch = dial(l.address(), new Collect(1));
        Channel accepted = echo.accepted.get(TIMEOUT_S, TimeUnit.SECONDS);
        ch.close();
        assertTrue(accepted.closeFuture().await(TIMEOUT_S, TimeUnit.SECONDS), "the accepted end stayed open");
    }

    @Test
    void dialingAClosedListenerIsRefused() throws Exception {
        Listener l = listenEcho(new Echo());
        Multiaddr gone = l.address();
        l.close().get(TIMEOUT_S, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> transport.dial(gone, new ChannelInboundHandlerAdapter()).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertInstanceOf(TransportException.class, e.getCause());
    }

    @Test
    void closingTheTransportClosesItsListeners() throws Exception {
        Listener l = listenEcho(new Echo());
        transport.close();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> transport.dial(l.address(), new ChannelInboundHandlerAdapter()).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertInstanceOf(TransportException.class, e.getCause());
    }

    @Test
    void refusesAddressesOfAnotherKind() {
        Multiaddr foreign = foreignAddress();
        assertFalse(transport.canDial(foreign));
        assertFalse(transport.canListen(foreign));
        ExecutionException dial = assertThrows(ExecutionException.class,
                () -> transport.dial(foreign, new ChannelInboundHandlerAdapter()).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertInstanceOf(TransportException.class, dial.getCause());
        ExecutionException listen = assertThrows(ExecutionException.class,
                () -> transport.listen(foreign, new ChannelInboundHandlerAdapter()).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertInstanceOf(TransportException.class, listen.getCause());
    }
}
