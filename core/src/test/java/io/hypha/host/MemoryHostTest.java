package io.hypha.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import io.hypha.resource.ResourceStats;
import io.hypha.testing.EchoHandler;
import io.hypha.testing.StreamCollector;
import io.hypha.transport.memory.MemoryTransport;
import io.hypha.transport.tcp.TcpConfig;
import io.hypha.transport.tcp.TcpTransport;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DuplexChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hosts over the in-memory transport: the whole stack (multistream, Noise, yamux) with no sockets. */
class MemoryHostTest {
    private static final long TIMEOUT_S = 20;
    /** Hosts in the many-host test, each dialing {@link #DIALS_PER_HOST} others. */
    static final int HOSTS = 200;
    static final int DIALS_PER_HOST = 3;
    /** Connects of the many-host test in flight at once: two shared threads run every handshake. */
    static final int CONNECTS_IN_FLIGHT = 32;
    /**
     * Generous upgrade timeouts: hundreds of handshakes share two event loop threads (and the build machine),
     * so a handshake may wait its turn for longer than the inbound default of 5 s.
     */
    static final Duration UPGRADE_TIMEOUT = Duration.ofSeconds(60);

    private final MemoryTransport.Network network = new MemoryTransport.Network(2);
    private final List<Host> hosts = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        hosts.forEach(h -> closing.add(h.closeAsync()));
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(TIMEOUT_S, TimeUnit.SECONDS);
        network.close();
    }

    /** A host on the network's shared event loops, listening on a fresh memory number. */
    private CompletableFuture<Host> memoryHost(String name) {
        return Host.builder().eventLoopGroup(network.eventLoopGroup())
                .transport(group -> new MemoryTransport(group, network))
                .listen("/memory/0").protocol(EchoHandler.ID, EchoHandler.PROTOCOL)
                .config(HostConfig.defaults("test/" + name).withUpgradeTimeout(UPGRADE_TIMEOUT)
                        .withInboundUpgradeTimeout(UPGRADE_TIMEOUT)).start()
                .thenApply(h -> {
                    synchronized (hosts) {
                        hosts.add(h);
                    }
                    return h;
                });
    }

    private static CompletableFuture<byte[]> echo(Host from, PeerId to, byte[] data) {
        StreamCollector collector = new StreamCollector();
        return from.newStream(to, st -> {
            st.channel().pipeline().addLast(collector);
            return st;
        }, EchoHandler.ID).thenCompose(s -> {
            s.channel().writeAndFlush(Unpooled.wrappedBuffer(data));
            ((DuplexChannel) s.channel()).shutdownOutput();
            return collector.received;
        });
    }

    @Test
    void twoHostsEchoOverMemory() throws Exception {
        Host a = memoryHost("a").get(TIMEOUT_S, TimeUnit.SECONDS);
        // b owns socket event loops and speaks TCP too: its memory connections run on the network's loops
        Host b = Host.builder().transport(group -> new TcpTransport(group, TcpConfig.defaults()))
                .transport(group -> new MemoryTransport(group, network))
                .listen("/ip4/127.0.0.1/tcp/0", "/memory/0")
                .config(HostConfig.defaults("test/b").withEventLoopThreads(1)).start().get(TIMEOUT_S, TimeUnit.SECONDS);
        hosts.add(b);

        Multiaddr aAddress = a.listenAddresses().get(0);
        assertTrue(aAddress.toString().matches("/memory/[1-9]\\d*"), aAddress.toString());
        assertEquals(a.listenAddresses(), a.dialableAddresses());
        assertEquals(2, b.listenAddresses().size());
        Multiaddr bMemory = b.listenAddresses().stream().filter(m -> m.toString().startsWith("/memory/")).findFirst()
                .orElseThrow();

        Connection c = b.connect(aAddress.withPeerId(a.peerId())).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(a.peerId(), c.remotePeer());
        assertEquals(aAddress, c.remoteAddress());
        assertTrue(c.localAddress().toString().startsWith("/memory/"), String.valueOf(c.localAddress()));
        byte[] data = "ping over memory".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(data, echo(b, a.peerId(), data).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertEquals(c.localAddress(), a.connections().get(0).remoteAddress());
        assertTrue(b.counters().connections().stream()
                .anyMatch(n -> n.name().equals(MemoryTransport.NAME) && n.open() == 1),
                b.counters().connections().toString());

        // and back over memory to b's memory address, which a dials with the same transport
        c.close().get(TIMEOUT_S, TimeUnit.SECONDS);
        a.connect(bMemory.withPeerId(b.peerId())).get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    /**
     * Two hundred hosts in one JVM on two shared event loop threads and no sockets, each connecting to a few
     * others and echoing over a stream: what many-node tests (a DHT of 200) stand on.
     */
    @Test
    void twoHundredHostsConnectAndOpenStreams() throws Exception {
        List<CompletableFuture<Host>> starting = new ArrayList<>();
        for (int i = 0; i < HOSTS; i++) {
            starting.add(memoryHost("h" + i));
        }
        List<Host> all = new ArrayList<>();
        for (CompletableFuture<Host> f : starting) {
            all.add(f.get(TIMEOUT_S, TimeUnit.SECONDS));
        }
        List<CompletableFuture<Boolean>> echoes = new ArrayList<>();
        int[] offsets = {1, 7, 31};
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        for (int i = 0; i < HOSTS; i++) {
            Host from = all.get(i);
            for (int k = 0; k < DIALS_PER_HOST; k++) {
                Host to = all.get((i + offsets[k]) % HOSTS);
                byte[] data = ("from " + i + " to " + to.peerId()).getBytes(StandardCharsets.UTF_8);
                assertTrue(inFlight.tryAcquire(TIMEOUT_S, TimeUnit.SECONDS), "connects stopped finishing");
                CompletableFuture<Boolean> echoed = from.connect(to.listenAddresses().get(0).withPeerId(to.peerId()))
                        .thenCompose(c -> echo(from, to.peerId(), data))
                        .thenApply(back -> java.util.Arrays.equals(data, back));
                echoed.whenComplete((ok, err) -> inFlight.release());
                echoes.add(echoed);
            }
        }
        for (CompletableFuture<Boolean> e : echoes) {
            assertTrue(e.get(TIMEOUT_S, TimeUnit.SECONDS));
        }
        for (Host h : all) {
            assertEquals(2 * DIALS_PER_HOST, h.connections().size(), h + " " + h.connections());
            ResourceStats stats = h.resources().stats();
            assertEquals(0, stats.handshakingInbound() + stats.handshakingOutbound(), stats.toString());
        }
    }
}
