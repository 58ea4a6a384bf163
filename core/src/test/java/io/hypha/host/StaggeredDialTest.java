package io.hypha.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.internal.netty.EventLoops;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import io.hypha.resource.ResourceLimits;
import io.hypha.resource.ResourceManager;
import io.hypha.resource.ResourceStats;
import io.hypha.testing.EchoHandler;
import io.hypha.transport.memory.MemoryTransport;
import io.hypha.transport.tcp.TcpConfig;
import io.hypha.transport.tcp.TcpTransport;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dialing a peer's addresses concurrently: a stalled address does not hold up a good one, the loser is
 * abandoned with its resource scope, and when every address fails the error names each.
 */
class StaggeredDialTest {
    private static final long TIMEOUT_S = 20;
    /**
     * Far longer than the test waits for anything: a dial that only ends when its upgrade times out cannot
     * pass these tests.
     */
    private static final Duration LONG_UPGRADE_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration SHORT_STAGGER = Duration.ofMillis(20);

    private final MemoryTransport.Network network = new MemoryTransport.Network(1);
    /** The dialer's single event loop: a task submitted to it runs after every task queued before. */
    private final EventLoopGroup dialerLoop = EventLoops.newGroup(1, "dialer");
    private final ResourceManager dialerResources = new ResourceManager(ResourceLimits.defaults());
    private Host target;
    private Host dialer;

    @BeforeEach
    void start() throws Exception {
        target = Host.builder().transport(g -> new TcpTransport(g, TcpConfig.defaults()))
                .transport(g -> new MemoryTransport(g, network))
                .listen("/ip4/127.0.0.1/tcp/0", "/memory/0", "/memory/0").protocol(EchoHandler.ID, EchoHandler.PROTOCOL)
                .config(HostConfig.defaults("test/target").withEventLoopThreads(1)).start()
                .get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    private void startDialer(Duration stagger) throws Exception {
        dialer = Host.builder().transport(g -> new TcpTransport(g, TcpConfig.defaults()))
                .transport(g -> new MemoryTransport(g, network))
                .eventLoopGroup(dialerLoop).resourceManager(dialerResources)
                .config(HostConfig.defaults("test/dialer").withUpgradeTimeout(LONG_UPGRADE_TIMEOUT)
                        .withDialStagger(stagger, HostConfig.DEFAULT_MAX_CONCURRENT_DIALS_PER_PEER))
                .start().get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (dialer != null) {
            dialer.closeAsync().get(TIMEOUT_S, TimeUnit.SECONDS);
        }
        target.closeAsync().get(TIMEOUT_S, TimeUnit.SECONDS);
        dialerLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        network.close();
    }

    private Multiaddr targetAddress(String prefix) {
        return target.listenAddresses().stream().filter(a -> a.toString().startsWith(prefix)).findFirst().orElseThrow();
    }

    /** Waits until every task queued on the dialer's event loop so far has run. */
    private void drainDialerLoop() throws Exception {
        dialerLoop.submit(() -> { }).get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    /**
     * A listener that accepts TCP connections and never says a word: the first address. The dial to it
     * connects and then waits for a multistream answer that never comes, until the (ten-minute) upgrade
     * timeout. The second address, dialed one stagger later, connects; the first is then abandoned: its
     * socket is closed long before its upgrade timeout and its connection scope is released.
     */
    @Test
    void aSilentFirstAddressDoesNotHoldUpAGoodSecondOne() throws Exception {
        startDialer(SHORT_STAGGER);
        try (ServerSocket silent = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> accepted = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    accepted.complete(silent.accept());
                } catch (IOException e) {
                    accepted.completeExceptionally(e);
                }
            });
            Multiaddr blackHole = TcpTransport.toMultiaddr((InetSocketAddress) silent.getLocalSocketAddress());
            Multiaddr good = targetAddress("/ip4/");

            Connection c = dialer.connect(target.peerId(), List.of(blackHole, good)).get(TIMEOUT_S, TimeUnit.SECONDS);
            assertEquals(good, c.remoteAddress());

            try (Socket stalled = accepted.get(TIMEOUT_S, TimeUnit.SECONDS)) {
                stalled.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
                assertTrue(readsToTheEnd(stalled.getInputStream()), "the abandoned dial's socket was not closed");
            }
            // the socket's close and its scope's release ran in one task on the dialer's loop
            drainDialerLoop();
            ResourceStats stats = dialerResources.stats();
            assertEquals(0, stats.handshakingOutbound(), stats.toString());
            assertEquals(1, stats.connectionsOutbound(), stats.toString());
            assertEquals(1, dialer.connections().size());
        }
    }

    /** Reads until the peer closes (true), or a reset, which also means closed; a read timeout throws. */
    private static boolean readsToTheEnd(InputStream in) throws IOException {
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) != -1) {
                // the dialer's multistream header, sent before it waited
            }
            return true;
        } catch (SocketException reset) {
            return true;
        }
    }

    /**
     * Both addresses good and dialed at once: one connection wins, the other is abandoned or closed, and no
     * connection scope stays held. Every channel of this test runs on the network's one loop thread, so once a
     * task queued there after the connect has run, the loser's close (and with it its scope's release) has too.
     */
    @Test
    void twoGoodAddressesAtOnceLeaveOneConnection() throws Exception {
        Multiaddr first = targetAddress("/memory/");
        Multiaddr second = target.listenAddresses().stream().filter(a -> a.toString().startsWith("/memory/"))
                .filter(a -> !a.equals(first)).findFirst().orElseThrow();
        ResourceManager resources = new ResourceManager(ResourceLimits.defaults());
        try (Host memoryDialer = Host.builder().eventLoopGroup(network.eventLoopGroup())
                .transport(g -> new MemoryTransport(g, network)).resourceManager(resources)
                .config(HostConfig.defaults("test/memory-dialer").withUpgradeTimeout(LONG_UPGRADE_TIMEOUT)
                        .withDialStagger(Duration.ZERO, HostConfig.DEFAULT_MAX_CONCURRENT_DIALS_PER_PEER))
                .start().get(TIMEOUT_S, TimeUnit.SECONDS)) {
            Connection c = memoryDialer.connect(target.peerId(), List.of(first, second))
                    .get(TIMEOUT_S, TimeUnit.SECONDS);
            assertTrue(c.isOpen());
            network.eventLoopGroup().submit(() -> { }).get(TIMEOUT_S, TimeUnit.SECONDS);
            ResourceStats stats = resources.stats();
            assertEquals(0, stats.handshakingOutbound(), stats.toString());
            assertEquals(1, stats.connectionsOutbound(), stats.toString());
            assertEquals(List.of(c), memoryDialer.connections());
        }
    }

    @Test
    void whenEveryAddressFailsTheErrorNamesEachAndTheScopesAreReleased() throws Exception {
        startDialer(SHORT_STAGGER);
        PeerId nobody = PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519).publicKey());
        Multiaddr closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = TcpTransport.toMultiaddr((InetSocketAddress) s.getLocalSocketAddress());
        }
        Multiaddr nobodyListens = MemoryTransport.toMultiaddr(Long.MAX_VALUE);
        Multiaddr wrongPeer = targetAddress("/memory/");
        ExecutionException e = assertThrows(ExecutionException.class, () -> dialer.connect(nobody,
                List.of(closedPort, nobodyListens)).get(TIMEOUT_S, TimeUnit.SECONDS));
        DialException failed = assertInstanceOf(DialException.class, e.getCause());
        assertTrue(failed.getMessage().contains(closedPort + ": "), failed.getMessage());
        assertTrue(failed.getMessage().contains(nobodyListens + ": "), failed.getMessage());
        ResourceStats stats = dialerResources.stats();
        assertEquals(0, stats.handshakingOutbound() + stats.connectionsOutbound(), stats.toString());

        ExecutionException again = assertThrows(ExecutionException.class, () -> dialer.connect(nobody,
                List.of(closedPort, nobodyListens, wrongPeer)).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertTrue(again.getCause().getMessage().contains("back-off"), again.getCause().getMessage());
    }

    /** An address that proves another identity ends the connect at once, as before: no other address is tried. */
    @Test
    void aWrongIdentityEndsTheDial() throws Exception {
        startDialer(Duration.ofMinutes(5));
        PeerId someoneElse = PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519).publicKey());
        ExecutionException e = assertThrows(ExecutionException.class, () -> dialer.connect(someoneElse,
                List.of(targetAddress("/memory/"), targetAddress("/ip4/"))).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("peer id mismatch"), e.getCause().getMessage());
        assertTrue(e.getCause().getMessage().contains(targetAddress("/memory/").toString()), e.getCause().getMessage());
        // the failed upgrade closed its channel (releasing the scope) in the task that reported it, on the loop
        // memory channels run on when the host's own loops are socket loops
        network.eventLoopGroup().submit(() -> { }).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(0, dialerResources.stats().handshakingOutbound());
    }

    @Test
    void ranksLocalAddressesFirstAndKeepsTheOrderOtherwise() {
        List<Multiaddr> given = List.of(Multiaddr.parse("/ip4/8.8.8.8/tcp/1"),
                Multiaddr.parse("/dns4/example.com/tcp/2"), Multiaddr.parse("/ip4/192.168.1.2/tcp/3"),
                Multiaddr.parse("/ip4/1.1.1.1/tcp/4"), Multiaddr.parse("/ip6/fd00::1/tcp/5"),
                Multiaddr.parse("/ip4/127.0.0.1/tcp/6"), Multiaddr.parse("/memory/7"));
        List<Multiaddr> expected = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/6"), Multiaddr.parse("/memory/7"),
                Multiaddr.parse("/ip4/192.168.1.2/tcp/3"), Multiaddr.parse("/ip6/fd00::1/tcp/5"),
                Multiaddr.parse("/ip4/8.8.8.8/tcp/1"), Multiaddr.parse("/dns4/example.com/tcp/2"),
                Multiaddr.parse("/ip4/1.1.1.1/tcp/4"));
        assertEquals(expected, StaggeredDial.rank(given));
    }
}
