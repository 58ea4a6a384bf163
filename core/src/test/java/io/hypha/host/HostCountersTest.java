package io.hypha.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.internal.netty.EventLoops;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import io.hypha.security.noise.NoiseProtocol;
import io.hypha.testing.EchoHandler;
import io.hypha.testing.StreamCollector;
import io.hypha.transport.tcp.TcpTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DuplexChannel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The host's running totals, moved by real connections, streams and a failed handshake over loopback TCP. */
class HostCountersTest {
    private static final long TIMEOUT_S = 20;
    private static final String NOISE = NoiseProtocol.PROTOCOL_ID;
    private EventLoopGroup aLoop;
    private Host a;
    private Host b;

    @BeforeEach
    void start() throws Exception {
        aLoop = EventLoops.newGroup(1, "test-a");
        a = Host.builder().listen("/ip4/127.0.0.1/tcp/0").protocol(EchoHandler.ID, EchoHandler.PROTOCOL)
                .eventLoopGroup(aLoop).start().get(TIMEOUT_S, TimeUnit.SECONDS);
        b = Host.builder().config(HostConfig.defaults("test/b").withEventLoopThreads(1)).start()
                .get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        b.closeAsync().get(TIMEOUT_S, TimeUnit.SECONDS);
        a.closeAsync().get(TIMEOUT_S, TimeUnit.SECONDS);
        aLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /**
     * Waits until host a's event loop ran everything queued so far: a failed upgrade is counted on the loop, in
     * the task that closed the socket or the one right after it, so once the client saw the close this barrier
     * comes after the count.
     */
    private void aLoopIdle() throws Exception {
        aLoop.submit(() -> { }).get(TIMEOUT_S, TimeUnit.SECONDS);
        aLoop.submit(() -> { }).get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    private static HostCounters.Count count(List<HostCounters.Count> counts, String name, Direction d) {
        return counts.stream().filter(c -> c.name().equals(name) && c.direction() == d).findFirst()
                .orElse(new HostCounters.Count(name, d, 0, 0));
    }

    @Test
    void aFreshHostCountsNothing() {
        HostCounters c = a.counters();
        assertEquals(0, c.bytesRead());
        assertEquals(0, c.bytesWritten());
        assertEquals(List.of(), c.connections());
        assertEquals(List.of(), c.streams());
        assertEquals(List.of(), c.handshakes());
        assertEquals(0, c.handshakesStarted(Direction.INBOUND));
    }

    @Test
    void theByteCounterCountsWhatPassesAndHandsItOnUntouched() {
        HostCounters c = new HostCounters();
        EmbeddedChannel ch = new EmbeddedChannel(c.byteCounter());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[100]));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[28]));
        ch.writeOutbound(Unpooled.wrappedBuffer(new byte[7]));
        assertEquals(128, c.bytesRead());
        assertEquals(7, c.bytesWritten());
        for (int expected : new int[] {100, 28}) {
            ByteBuf in = ch.readInbound();
            assertEquals(expected, in.readableBytes());
            in.release();
        }
        ByteBuf out = ch.readOutbound();
        assertEquals(7, out.readableBytes());
        out.release();
        assertFalse(ch.finish());
    }

    @Test
    void totalsAreKeptPerNameAndDirection() {
        HostCounters c = new HostCounters();
        c.streamOpened("/p/1", Direction.INBOUND);
        c.streamOpened("/p/1", Direction.INBOUND);
        c.streamClosed("/p/1", Direction.INBOUND);
        c.streamOpened("/p/2", Direction.OUTBOUND);
        c.connectionOpened("tcp", Direction.OUTBOUND);
        c.handshakeStarted(Direction.OUTBOUND);
        c.handshakeEnded(NOISE, Direction.OUTBOUND, HandshakeOutcome.TIMEOUT);
        assertEquals(new HostCounters.Count("/p/1", Direction.INBOUND, 2, 1), count(c.streams(), "/p/1", Direction.INBOUND));
        assertEquals(1, count(c.streams(), "/p/1", Direction.INBOUND).open());
        assertEquals(new HostCounters.Count("/p/2", Direction.OUTBOUND, 1, 0), count(c.streams(), "/p/2", Direction.OUTBOUND));
        assertEquals(2, c.streams().size(), "a direction with nothing opened is not listed");
        assertEquals(List.of(new HostCounters.Count("tcp", Direction.OUTBOUND, 1, 0)), c.connections());
        assertEquals(1, c.handshakesStarted(Direction.OUTBOUND));
        assertEquals(0, c.handshakesStarted(Direction.INBOUND));
        assertEquals(List.of(new HostCounters.Handshakes(NOISE, Direction.OUTBOUND, HandshakeOutcome.TIMEOUT, 1)),
                c.handshakes());
    }

    @Test
    void connectionsStreamsBytesAndHandshakesAreCountedOnBothSides() throws Exception {
        CompletableFuture<Void> aSawClose = new CompletableFuture<>();
        a.subscribe(HostEvent.PeerDisconnected.class, e -> aSawClose.complete(null));
        CompletableFuture<Void> bSawClose = new CompletableFuture<>();
        b.subscribe(HostEvent.PeerDisconnected.class, e -> bSawClose.complete(null));
        Connection conn = b.connect(a.listenAddresses().get(0).withPeerId(a.peerId())).get(TIMEOUT_S, TimeUnit.SECONDS);

        byte[] data = new byte[100_000];
        new Random(1).nextBytes(data);
        StreamCollector collector = new StreamCollector();
        Stream s = b.newStream(a.peerId(), st -> {
            st.channel().pipeline().addLast(collector);
            return st;
        }, EchoHandler.ID).get(TIMEOUT_S, TimeUnit.SECONDS);
        CompletableFuture<Void> streamClosed = new CompletableFuture<>();
        // added after the counter's own listener, so it runs after it
        s.channel().closeFuture().addListener(f -> streamClosed.complete(null));
        s.channel().writeAndFlush(Unpooled.wrappedBuffer(data));
        ((DuplexChannel) s.channel()).shutdownOutput();
        assertEquals(data.length, collector.received.get(TIMEOUT_S, TimeUnit.SECONDS).length);
        s.close().get(TIMEOUT_S, TimeUnit.SECONDS);
        streamClosed.get(TIMEOUT_S, TimeUnit.SECONDS);

        String echo = EchoHandler.ID.value();
        assertEquals(new HostCounters.Count(echo, Direction.OUTBOUND, 1, 1), count(b.counters().streams(), echo,
                Direction.OUTBOUND));
        assertEquals(1, count(a.counters().streams(), echo, Direction.INBOUND).opened());
        assertEquals(0, count(a.counters().streams(), echo, Direction.OUTBOUND).opened());

        assertEquals(1, count(b.counters().connections(), "tcp", Direction.OUTBOUND).open());
        assertEquals(1, count(a.counters().connections(), "tcp", Direction.INBOUND).open());
        assertEquals(1, b.counters().handshakesStarted(Direction.OUTBOUND));
        assertEquals(1, b.counters().handshakes(NOISE, Direction.OUTBOUND, HandshakeOutcome.SUCCESS));
        assertEquals(1, a.counters().handshakes(NOISE, Direction.INBOUND, HandshakeOutcome.SUCCESS));
        assertEquals(List.of(new HostCounters.Handshakes(NOISE, Direction.INBOUND, HandshakeOutcome.SUCCESS, 1)),
                a.counters().handshakes());

        // the echo went out of b and into a, and came back: ciphertext is larger than the data
        assertTrue(b.counters().bytesWritten() > data.length, "b wrote " + b.counters().bytesWritten());
        assertTrue(a.counters().bytesRead() > data.length, "a read " + a.counters().bytesRead());
        assertTrue(a.counters().bytesWritten() > data.length, "a wrote " + a.counters().bytesWritten());
        assertTrue(b.counters().bytesRead() > data.length, "b read " + b.counters().bytesRead());

        conn.close().get(TIMEOUT_S, TimeUnit.SECONDS);
        bSawClose.get(TIMEOUT_S, TimeUnit.SECONDS);
        aSawClose.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(new HostCounters.Count("tcp", Direction.OUTBOUND, 1, 1),
                count(b.counters().connections(), "tcp", Direction.OUTBOUND));
        assertEquals(new HostCounters.Count("tcp", Direction.INBOUND, 1, 1),
                count(a.counters().connections(), "tcp", Direction.INBOUND));
    }

    @Test
    void garbageOnTheSocketIsAFailedNegotiation() throws Exception {
        InetSocketAddress at = TcpTransport.toSocketAddress(a.listenAddresses().get(0));
        byte[] garbage = "\u0005hello, this is not multistream-select\r\n".getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket(at.getAddress(), at.getPort())) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
            OutputStream out = socket.getOutputStream();
            out.write(garbage);
            out.flush();
            InputStream in = socket.getInputStream();
            // the host answers with its own multistream header, then closes
            while (in.read() >= 0) {
                // drain until closed
            }
        }
        aLoopIdle();
        assertEquals(1, a.counters().handshakesStarted(Direction.INBOUND), () -> a.counters().handshakes() + " read "
                + a.counters().bytesRead());
        assertEquals(1, a.counters().handshakes(NOISE, Direction.INBOUND, HandshakeOutcome.NEGOTIATION),
                () -> a.counters().handshakes().toString());
        assertEquals(0, a.counters().handshakes(NOISE, Direction.INBOUND, HandshakeOutcome.SUCCESS));
        assertEquals(garbage.length, a.counters().bytesRead());
        assertTrue(a.counters().bytesWritten() > 0, "the listener's multistream header was counted");
        assertEquals(List.of(), a.counters().connections());
    }

    @Test
    void aDialThatNeverConnectsIsNoHandshake() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> b.connect(a.peerId(),
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + closedPort))).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof DialException, e.toString());
        assertEquals(0, b.counters().handshakesStarted(Direction.OUTBOUND));
        assertEquals(List.of(), b.counters().handshakes());
        assertEquals(0, b.counters().bytesWritten());
    }

    @Test
    void theWrongPeerIdIsAFailedSecurityHandshake() throws Exception {
        PeerId someoneElse = PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519).publicKey());
        Multiaddr addr = a.listenAddresses().get(0);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> b.connect(someoneElse, List.of(addr)).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof DialException, e.toString());
        assertEquals(1, b.counters().handshakes(NOISE, Direction.OUTBOUND, HandshakeOutcome.SECURITY),
                () -> b.counters().handshakes().toString());
        assertEquals(1, b.counters().handshakesStarted(Direction.OUTBOUND));
        assertEquals(0, b.counters().handshakes(NOISE, Direction.OUTBOUND, HandshakeOutcome.SUCCESS));
        assertEquals(List.of(), b.counters().connections());
    }
}
