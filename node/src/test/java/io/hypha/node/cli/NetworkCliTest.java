package io.hypha.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.host.Host;
import io.hypha.host.HostEvent;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.node.Node;
import io.hypha.peer.PeerId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code hypha ping} and {@code hypha perf} against a node running in this JVM, and their failures. */
class NetworkCliTest {
    private static Node withPerf;
    private static Node withoutPerf;

    @BeforeAll
    static void startNodes() throws Exception {
        withPerf = Node.builder().listen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))).enablePerf(true)
                .start().get(30, TimeUnit.SECONDS);
        withoutPerf = Node.builder().listen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
                .start().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopNodes() {
        withPerf.close();
        withoutPerf.close();
    }

    private static String addressOf(Node n) {
        return n.host().listenAddresses().get(0).withPeerId(n.peerId()).toString();
    }

    private static void failsWithOneLine(CliRun r, String expected) {
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("Error: ") && r.err().contains(expected), r.err());
    }

    @Test
    void pingPrintsEachRoundTripAndTheAverage() {
        CliRun r = CliRun.run("ping", "-n", "3", "-i", "0s", addressOf(withPerf));
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("PING " + withPerf.peerId() + ".", lines.get(0));
        assertEquals(3, lines.stream().filter(l -> l.matches("Pong received: time=\\d+\\.\\d\\d ms")).count(), r.out());
        assertTrue(lines.get(4).matches("Average latency: \\d+\\.\\d\\dms"), r.out());
    }

    /** The command's host serves identify: the node it pings learns its agent (a js peer used to log a failure). */
    @Test
    void theCommandsHostIsIdentifiedByThePeerItDials() throws Exception {
        CompletableFuture<HostEvent.PeerIdentified> identified = new CompletableFuture<>();
        Host.Subscription s = withPerf.host().subscribe(HostEvent.PeerIdentified.class, identified::complete);
        try {
            CliRun r = CliRun.run("ping", "-n", "3", "-i", "100ms", addressOf(withPerf));
            assertEquals(0, r.exit(), r.toString());
            HostEvent.PeerIdentified e = identified.get(10, TimeUnit.SECONDS);
            assertTrue(e.agentVersion().startsWith("hypha/"), e.agentVersion());
        } finally {
            s.cancel();
        }
    }

    @Test
    void perfPrintsThroughput() {
        CliRun r = CliRun.run("perf", "--upload", "4MiB", "--download", "1MB", addressOf(withPerf));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("upload: 4194304 bytes in "), r.out());
        assertTrue(r.out().contains("download: 1000000 bytes in "), r.out());
    }

    @Test
    void perfAgainstAPeerWithoutItFailsWithOneLine() {
        failsWithOneLine(CliRun.run("perf", "--download", "1KiB", addressOf(withoutPerf)), "supports none of [/perf/1.0.0]");
    }

    @Test
    void wrongPeerIdFailsWithOneLine() {
        PeerId other = PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519).publicKey());
        String wrong = withPerf.host().listenAddresses().get(0).withPeerId(other).toString();
        failsWithOneLine(CliRun.run("ping", "-n", "1", wrong), "peer id mismatch");
    }

    @Test
    void unreachablePeerFailsWithOneLine() throws Exception {
        Node gone = Node.builder().listen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))).start().get(30, TimeUnit.SECONDS);
        String address = addressOf(gone);
        gone.close();
        failsWithOneLine(CliRun.run("ping", "-n", "1", address), "could not connect");
    }

    @Test
    void badArgumentsFail() {
        failsWithOneLine(CliRun.run("ping", "/ip4/127.0.0.1/tcp/1"), "names no peer");
        failsWithOneLine(CliRun.run("ping", "/ip4/999.0.0.1/tcp/1"), "invalid multiaddr");
        failsWithOneLine(CliRun.run("perf", "--upload", "lots", addressOf(withPerf)), "invalid size");
        assertEquals(2, CliRun.run("ping", "-n", "0", addressOf(withPerf)).exit());
    }
}
