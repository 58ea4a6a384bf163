package io.hypha.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.resource.Limit;
import io.hypha.resource.ResourceLimits;
import io.hypha.peer.PeerId;
import io.hypha.testing.EchoHandler;
import io.hypha.testing.StreamCollector;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DuplexChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two hosts over loopback TCP: the whole stack (multistream, Noise, yamux) end to end. */
class HostTest {
    private static final long TIMEOUT_S = 20;
    private Host a;
    private Host b;

    @BeforeEach
    void start() throws Exception {
        a = Host.builder().listen("/ip4/127.0.0.1/tcp/0").protocol(EchoHandler.ID, EchoHandler.PROTOCOL)
                .config(HostConfig.defaults("test/a").withEventLoopThreads(1)).start().get(TIMEOUT_S, TimeUnit.SECONDS);
        b = Host.builder().listen("/ip4/127.0.0.1/tcp/0")
                .config(HostConfig.defaults("test/b").withEventLoopThreads(1)).start().get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        b.closeAsync().get(TIMEOUT_S, TimeUnit.SECONDS);
        a.closeAsync().get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    private Multiaddr addrOf(Host h) {
        return h.listenAddresses().get(0).withPeerId(h.peerId());
    }

    private static byte[] echo(Host from, PeerId to, byte[] data) throws Exception {
        StreamCollector collector = new StreamCollector();
        Stream s = from.newStream(to, st -> {
            st.channel().pipeline().addLast(collector);
            return st;
        }, EchoHandler.ID).get(TIMEOUT_S, TimeUnit.SECONDS);
        s.channel().writeAndFlush(Unpooled.wrappedBuffer(data));
        ((DuplexChannel) s.channel()).shutdownOutput();
        return collector.received.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    @Test
    void listensOnAnEphemeralPort() {
        Multiaddr bound = a.listenAddresses().get(0);
        assertTrue(bound.toString().startsWith("/ip4/127.0.0.1/tcp/"), bound.toString());
        assertTrue(!bound.toString().endsWith("/tcp/0"), bound.toString());
    }

    @Test
    void connectsAuthenticatesAndEchoes() throws Exception {
        Connection c = b.connect(addrOf(a)).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(a.peerId(), c.remotePeer());
        assertEquals(a.identity().publicKey(), c.remotePublicKey());
        assertEquals("/yamux/1.0.0", c.muxer());
        byte[] data = "hello, swarm".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(data, echo(b, a.peerId(), data));
        // the listener sees the dialer
        assertEquals(b.peerId(), a.connections().get(0).remotePeer());
    }

    @Test
    void listensAndConnectsOverIpv6() throws Exception {
        try (Host v6 = Host.builder().listen("/ip6/::1/tcp/0").protocol(EchoHandler.ID, EchoHandler.PROTOCOL)
                .config(HostConfig.defaults("test/v6").withEventLoopThreads(1)).start().get(TIMEOUT_S, TimeUnit.SECONDS)) {
            Multiaddr bound = v6.listenAddresses().get(0);
            assertTrue(bound.toString().startsWith("/ip6/::1/tcp/") && !bound.toString().endsWith("/tcp/0"), bound.toString());
            Connection c = b.connect(bound.withPeerId(v6.peerId())).get(TIMEOUT_S, TimeUnit.SECONDS);
            assertTrue(c.remoteAddress().toString().startsWith("/ip6/::1/tcp/"), c.remoteAddress().toString());
            byte[] data = {6, 6, 6};
            assertArrayEquals(data, echo(b, v6.peerId(), data));
        }
    }

    @Test
    void unspecifiedListenAddressesExpandToInterfaceAddresses() throws Exception {
        try (Host any = Host.builder().listen("/ip4/0.0.0.0/tcp/0").config(HostConfig.defaults("test/any")
                .withEventLoopThreads(1)).start().get(TIMEOUT_S, TimeUnit.SECONDS)) {
            String port = any.listenAddresses().get(0).toString().replaceAll(".*/tcp/", "");
            assertTrue(any.dialableAddresses().contains(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port)),
                    any.dialableAddresses().toString());
            assertTrue(any.dialableAddresses().stream().noneMatch(a -> a.toString().startsWith("/ip4/0.0.0.0")));
        }
    }

    @Test
    void reusesALiveConnection() throws Exception {
        Connection first = b.connect(addrOf(a)).get(TIMEOUT_S, TimeUnit.SECONDS);
        Connection second = b.connect(addrOf(a)).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertSame(first, second);
        assertEquals(1, b.connections().size());
    }

    /**
     * A connection that closes just as a stream is asked of it (a peer's connection manager trimming it) costs the
     * caller nothing: no stream existed on it, so the host opens the stream on a fresh connection.
     */
    @Test
    void aStreamOnAConnectionClosingUnderneathItOpensOnANewOne() throws Exception {
        for (int i = 0; i < 20; i++) {
            Connection first = b.connect(addrOf(a)).get(TIMEOUT_S, TimeUnit.SECONDS);
            first.close(); // queued on the connection's event loop, ahead of the stream below
            byte[] data = ("round " + i).getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(data, echo(b, a.peerId(), data));
        }
    }

    @Test
    void movesMegabytesOverManyStreams() throws Exception {
        b.connect(addrOf(a)).get(TIMEOUT_S, TimeUnit.SECONDS);
        List<CompletableFuture<Boolean>> results = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] data = new byte[512 * 1024 + i];
            new Random(i).nextBytes(data);
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return java.util.Arrays.equals(data, echo(b, a.peerId(), data));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<Boolean> r : results) {
            assertTrue(r.get(TIMEOUT_S * 2, TimeUnit.SECONDS));
        }
    }

    /**
     * Fifty 1 MiB echoes at once on one connection, under the limits a 512 MiB heap gets by default (a 128 MiB
     * budget, 32 MiB per connection): what the application writes at once is its own memory, bounded per stream by
     * the send buffer and by writability, and must not cost it the streams or the receive windows.
     */
    @Test
    void fiftyConcurrentMegabyteEchoesFitTheDefaultBudget() throws Exception {
        ResourceLimits limits = ResourceLimits.forMemory(128L * 1024 * 1024);
        Host server = Host.builder().listen("/ip4/127.0.0.1/tcp/0").protocol(EchoHandler.ID, EchoHandler.PROTOCOL)
                .resourceLimits(limits).config(HostConfig.defaults("test/server")).start()
                .get(TIMEOUT_S, TimeUnit.SECONDS);
        Host client = Host.builder().resourceLimits(limits).config(HostConfig.defaults("test/client")).start()
                .get(TIMEOUT_S, TimeUnit.SECONDS);
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            client.connect(addrOf(server)).get(TIMEOUT_S, TimeUnit.SECONDS);
            List<CompletableFuture<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                byte[] data = new byte[1024 * 1024];
                new Random(i).nextBytes(data);
                results.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return java.util.Arrays.equals(data, echo(client, server.peerId(), data));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, writers));
            }
            for (CompletableFuture<Boolean> r : results) {
                assertTrue(r.get(TIMEOUT_S * 2, TimeUnit.SECONDS));
            }
            assertEquals(1, client.connections().size());
        } finally {
            client.closeAsync().get(TIMEOUT_S, TimeUnit.SECONDS);
            server.closeAsync().get(TIMEOUT_S, TimeUnit.SECONDS);
        }
    }

    @Test
    void wrongPeerIdFailsWithAClearError() throws Exception {
        PeerId someoneElse = PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519).publicKey());
        Multiaddr wrong = a.listenAddresses().get(0).withPeerId(someoneElse);
        ExecutionException e = assertThrows(ExecutionException.class, () -> b.connect(wrong).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertInstanceOf(DialException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("peer id mismatch"), e.getCause().getMessage());
        assertTrue(e.getCause().getMessage().contains(someoneElse.toString()), e.getCause().getMessage());
    }

    @Test
    void unsupportedProtocolFailsTheStreamNotTheConnection() throws Exception {
        Connection c = b.connect(addrOf(a)).get(TIMEOUT_S, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> c.newStream(s -> s, ProtocolId.of("/nope/1.0.0")).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertInstanceOf(StreamNegotiationException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("supports none of [/nope/1.0.0]"), e.getCause().getMessage());
        assertTrue(c.isOpen());
        byte[] data = {1, 2, 3};
        assertArrayEquals(data, echo(b, a.peerId(), data));
    }

    @Test
    void unreachableAddressFailsAndBacksOff() throws Exception {
        PeerId nobody = PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519).publicKey());
        // a port nobody listens on: bind and close a listener to get one
        Host tmp = Host.builder().listen("/ip4/127.0.0.1/tcp/0").start().get(TIMEOUT_S, TimeUnit.SECONDS);
        Multiaddr closedPort = tmp.listenAddresses().get(0);
        tmp.closeAsync().get(TIMEOUT_S, TimeUnit.SECONDS);
        ExecutionException first = assertThrows(ExecutionException.class,
                () -> b.connect(nobody, List.of(closedPort)).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertInstanceOf(DialException.class, first.getCause());
        ExecutionException second = assertThrows(ExecutionException.class,
                () -> b.connect(nobody, List.of(closedPort)).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertTrue(second.getCause().getMessage().contains("back-off"), second.getCause().getMessage());
    }

    @Test
    void inboundConnectionLimitRefusesTheExtraConnection() throws Exception {
        try (Host limited = Host.builder().listen("/ip4/127.0.0.1/tcp/0")
                .config(HostConfig.defaults("test/limited").withEventLoopThreads(1))
                .resourceLimits(ResourceLimits.defaults().with(Limit.CONNECTIONS_INBOUND, 1))
                .start().get(TIMEOUT_S, TimeUnit.SECONDS)) {
            Multiaddr addr = addrOf(limited);
            a.connect(addr).get(TIMEOUT_S, TimeUnit.SECONDS);
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> b.connect(addr).get(TIMEOUT_S, TimeUnit.SECONDS));
            assertInstanceOf(DialException.class, refused.getCause());
            assertEquals(1, limited.connections().size());
            assertEquals(a.peerId(), limited.connections().get(0).remotePeer());
        }
    }

    @Test
    void eventsReportConnectAndDisconnect() throws Exception {
        CompletableFuture<HostEvent.PeerConnected> connected = new CompletableFuture<>();
        CompletableFuture<HostEvent.PeerDisconnected> disconnected = new CompletableFuture<>();
        a.subscribe(HostEvent.PeerConnected.class, connected::complete);
        a.subscribe(HostEvent.PeerDisconnected.class, disconnected::complete);
        Connection c = b.connect(addrOf(a)).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(b.peerId(), connected.get(TIMEOUT_S, TimeUnit.SECONDS).peer());
        c.close().get(TIMEOUT_S, TimeUnit.SECONDS);
        HostEvent.PeerDisconnected d = disconnected.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(b.peerId(), d.peer());
        assertEquals(0, d.remaining());
    }

    @Test
    void closingTheHostFailsPendingWork() throws Exception {
        Connection c = b.connect(addrOf(a)).get(TIMEOUT_S, TimeUnit.SECONDS);
        a.closeAsync().get(TIMEOUT_S, TimeUnit.SECONDS);
        c.closeFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> c.newStream(s -> s, EchoHandler.ID).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof java.io.IOException, e.getCause().toString());
        ExecutionException after = assertThrows(ExecutionException.class,
                () -> a.connect(addrOf(b)).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertInstanceOf(HostClosedException.class, after.getCause());
    }

    /** Connections opened and closed one after another; the leak check runs after the class. */
    static final int CHURN_CONNECTIONS = 1000;

    @Test
    void handlesChurnWithoutLeakingConnections() throws Exception {
        java.util.concurrent.CountDownLatch gone = new java.util.concurrent.CountDownLatch(CHURN_CONNECTIONS);
        a.subscribe(HostEvent.PeerDisconnected.class, d -> gone.countDown());
        byte[] data = {42};
        for (int i = 0; i < CHURN_CONNECTIONS; i++) {
            Connection c = b.connect(addrOf(a)).get(TIMEOUT_S, TimeUnit.SECONDS);
            if (i % 100 == 0) {
                assertArrayEquals(data, echo(b, a.peerId(), data));
            }
            c.close().get(TIMEOUT_S, TimeUnit.SECONDS);
        }
        assertTrue(gone.await(TIMEOUT_S, TimeUnit.SECONDS), "the listener did not see every connection close");
        assertTrue(b.connections().isEmpty());
        assertTrue(a.connections().isEmpty());
    }
}
