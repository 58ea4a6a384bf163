package io.hypha.host;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.testing.LogCapture;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * A {@link VirtualMachineError} on an event loop (here an {@link OutOfMemoryError} thrown by a protocol handler
 * that does not handle errors) reaches the host's {@link FatalErrorHandler}; the default one closes the host,
 * so that no half-dead node runs on.
 */
class FatalErrorTest {
    static final long TIMEOUT_S = 20;
    static final ProtocolId OOM = ProtocolId.of("/test/oom/1.0.0");

    /** A handler that runs out of memory on the first byte, and leaves the error to the pipeline. */
    static final ProtocolHandler OUT_OF_MEMORY = stream -> stream.channel().pipeline().addLast(new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            throw new OutOfMemoryError("simulated: Java heap space");
        }
    });

    private static void sendOneByte(Host from, Host to) throws Exception {
        Connection c = from.connect(to.listenAddresses().get(0).withPeerId(to.peerId())).get(TIMEOUT_S, TimeUnit.SECONDS);
        Stream s = c.newStream(stream -> stream, OOM).get(TIMEOUT_S, TimeUnit.SECONDS);
        s.channel().writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1}));
    }

    @Test
    void aFatalErrorReachesTheHandler() throws Exception {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        CompletableFuture<Host> by = new CompletableFuture<>();
        try (Host victim = Host.builder().listen("/ip4/127.0.0.1/tcp/0").protocol(OOM, OUT_OF_MEMORY)
                .fatalErrorHandler((host, error) -> {
                    by.complete(host);
                    seen.complete(error);
                }).start().get(TIMEOUT_S, TimeUnit.SECONDS);
             Host peer = Host.builder().start().get(TIMEOUT_S, TimeUnit.SECONDS)) {
            sendOneByte(peer, victim);
            assertInstanceOf(OutOfMemoryError.class, seen.get(TIMEOUT_S, TimeUnit.SECONDS));
            assertSame(victim, by.get());
        }
    }

    @Test
    void byDefaultTheHostCloses() throws Exception {
        Host victim = Host.builder().listen("/ip4/127.0.0.1/tcp/0").protocol(OOM, OUT_OF_MEMORY)
                .start().get(TIMEOUT_S, TimeUnit.SECONDS);
        Multiaddr address = victim.listenAddresses().get(0).withPeerId(victim.peerId());
        try (LogCapture log = LogCapture.of(Host.class);
             Host peer = Host.builder().start().get(TIMEOUT_S, TimeUnit.SECONDS)) {
            sendOneByte(peer, victim);
            // nobody here closes the victim: its fatal-error policy does
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            Throwable refusal = null;
            while (System.nanoTime() < deadline) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> victim.connect(address).get(TIMEOUT_S, TimeUnit.SECONDS));
                refusal = e.getCause();
                if (refusal instanceof HostClosedException) {
                    break; // (until then: "cannot dial ourselves")
                }
                Thread.sleep(20);
            }
            assertInstanceOf(HostClosedException.class, refusal);
            assertTrue(peer.connections(victim.peerId()).stream().noneMatch(Connection::isOpen)
                    || waitClosed(peer, victim));
            assertTrue(log.contains(Level.SEVERE, "closing the host"), "the default policy says what it does");
        }
    }

    private static boolean waitClosed(Host peer, Host victim) throws Exception {
        for (Connection c : peer.connections(victim.peerId())) {
            c.closeFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
        }
        return true;
    }
}
