package io.hypha.node.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.host.Connection;
import io.hypha.host.Host;
import io.hypha.internal.netty.EventLoops;
import io.hypha.protocol.ping.Ping;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@value #CONNECTIONS} well-behaved peers (hosts in this JVM) connect to {@code hypha daemon} in a child JVM
 * with a {@value TargetProcess#HEAP} heap and stay connected; the daemon holds them all, still serves a ping,
 * and reports its heap and RSS per connection (the README quotes the figures this prints).
 */
class ConnectionLoadTest {
    static final int CONNECTIONS = 2000;
    /** Connections dialled at once: within the daemon's handshaking pool. */
    static final int WAVE = 50;
    /** Heap the daemon may need, after a full GC, to hold them (of its 256 MiB). */
    static final long HEAP_BOUND = 192L << 20;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void twoThousandConnectionsAreHeld() throws Exception {
        EventLoopGroup group = EventLoops.newGroup(2, "load");
        List<Host> peers = new ArrayList<>();
        try (TargetProcess target = TargetProcess.start(dir, Map.of(
                "ConnMgr", Map.of("Type", "none"),
                "ResourceMgr", Map.of("MaxConnsInbound", CONNECTIONS + 100)))) {
            TargetProcess.Stats idle = target.stats();
            long started = System.nanoTime();
            List<CompletableFuture<Connection>> wave = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                Host h = Host.builder().eventLoopGroup(group).start().get(30, TimeUnit.SECONDS);
                peers.add(h);
                wave.add(h.connect(target.address));
                if (wave.size() == WAVE || i == CONNECTIONS - 1) {
                    for (CompletableFuture<Connection> c : wave) {
                        c.get(60, TimeUnit.SECONDS);
                    }
                    wave.clear();
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Thread.sleep(2000); // identify both ways settles
            long open = peers.stream().filter(h -> h.connections().stream().anyMatch(Connection::isOpen)).count();
            assertEquals(CONNECTIONS, open, "every peer is still connected");
            TargetProcess.Stats held = target.stats();
            try (Host probe = Host.builder().eventLoopGroup(group).start().get(30, TimeUnit.SECONDS)) {
                Ping ping = Ping.install(probe);
                Connection c = probe.connect(target.address).get(30, TimeUnit.SECONDS);
                assertTrue(ping.ping(c.remotePeer()).get(30, TimeUnit.SECONDS).toMillis() < 30_000);
            }
            long heapPer = (held.heap() - idle.heap()) / CONNECTIONS;
            long rssPer = (held.rss() - idle.rss()) / CONNECTIONS;
            System.out.printf("[load] %d connections in %.1f s (%.0f per second): daemon heap %d MiB -> %d MiB"
                    + " (%.1f KiB per connection), RSS %d MiB -> %d MiB (%.1f KiB per connection), direct %d KiB%n",
                    CONNECTIONS, seconds, CONNECTIONS / seconds, idle.heap() >> 20, held.heap() >> 20, heapPer / 1024.0,
                    idle.rss() >> 20, held.rss() >> 20, rssPer / 1024.0, held.directUsed() >> 10);
            assertTrue(held.heap() < HEAP_BOUND, "heap " + held);
            assertTrue(target.linesContaining("OutOfMemoryError").isEmpty());
            for (Host h : peers) {
                h.closeAsync();
            }
            int status = target.stop();
            assertTrue(status == 0 || status == 143, "status " + status);
        } finally {
            for (Host h : peers) {
                h.closeAsync();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
