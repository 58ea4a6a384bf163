package io.hypha.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.block.Block;
import io.hypha.block.BlockNotFoundException;
import io.hypha.multiformats.Cid;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Pins;
import io.hypha.node.repo.Repo;
import io.hypha.node.repo.RoutingConfig;
import io.hypha.node.unixfs.DirectoryEntry;
import io.hypha.node.unixfs.ImportListener;
import io.hypha.node.unixfs.ImportResult;
import io.hypha.peer.PeerInfo;
import io.hypha.protocol.bitswap.BitswapConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nodes with repos on loopback TCP fetching each other's content through Bitswap, directly and found in the DHT. */
class BitswapNodeTest {
    private static final long TIMEOUT_S = 60;

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Node node(String name, RoutingConfig.Type routing, boolean offline, List<PeerInfo> seeds) throws Exception {
        Repo repo = Repo.init(tmp.resolve(name), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
        open.add(repo);
        Node node = Node.builder().repo(repo).routing(routing).offline(offline)
                .bitswapConfig(BitswapConfig.defaults().withProviderSearchDelay(Duration.ofMillis(100)))
                .bootstrapPeers(() -> CompletableFuture.completedFuture(seeds))
                .start().get(TIMEOUT_S, TimeUnit.SECONDS);
        open.add(node);
        return node;
    }

    /** Connects {@code from} to {@code to} and waits until Bitswap on {@code from} counts it as a partner. */
    private static void connect(Node from, Node to) throws Exception {
        await(from.host().connect(to.peerId(), to.host().listenAddresses()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!from.bitswap().orElseThrow().stats().peers().contains(to.peerId())) {
            assertTrue(System.nanoTime() < deadline, "Bitswap never learned of the peer");
            Thread.onSpinWait();
        }
    }

    private static PeerInfo info(Node n) {
        return new PeerInfo(n.peerId(), n.host().listenAddresses());
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    @Test
    void aFileAddedOnOneNodeIsReadListedFetchedAndPinnedOnAnother() throws Exception {
        Node a = node("a", RoutingConfig.Type.NONE, false, List.of());
        Node b = node("b", RoutingConfig.Type.NONE, false, List.of());
        assertTrue(a.bitswap().isPresent());
        byte[] data = random(3 * 1024 * 1024 + 17, 1); // several chunks: a DAG, not one block
        ImportResult file = await(a.content().add("f", new ByteArrayInputStream(data), Content.AddOptions.defaults(),
                ImportListener.NONE));
        connect(b, a);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        await(b.content().cat(file.root(), 0, -1, out));
        assertArrayEquals(sha256(data), sha256(out.toByteArray()));
        assertTrue(b.bitswap().orElseThrow().stats().blocksReceived() > 1);
        assertTrue(a.bitswap().orElseThrow().stats().blocksSent() > 1);

        // a directory wrapping a second file: listed and written to disk on b, then pinned there whole
        byte[] other = random(300_000, 2);
        Path dir = Files.createDirectories(tmp.resolve("in/d"));
        Files.write(dir.resolve("x.bin"), other);
        ImportResult tree = await(a.content().add(dir, Content.AddOptions.defaults(), ImportListener.NONE));
        List<DirectoryEntry> entries = await(b.content().ls(tree.root()));
        assertEquals(List.of("x.bin"), entries.stream().map(DirectoryEntry::name).toList());
        Path target = tmp.resolve("out");
        await(b.content().get(tree.root(), target));
        assertArrayEquals(sha256(other), sha256(Files.readAllBytes(target.resolve("x.bin"))));
        await(b.content().pinAdd(tree.root(), true));
        assertEquals(Optional.of(Pins.Mode.RECURSIVE), await(b.content().pinned(tree.root())));
        assertTrue(await(b.blocks().has(entries.get(0).cid())));
    }

    @Test
    void anOfflineNodeFetchesNothing() throws Exception {
        Node a = node("a", RoutingConfig.Type.NONE, false, List.of());
        Node b = node("b", RoutingConfig.Type.DHT_SERVER, true, List.of(info(a)));
        assertTrue(b.bitswap().isEmpty());
        assertTrue(b.dht().isEmpty(), "offline runs no DHT whatever Routing.Type says");
        assertFalse(b.isOnline());
        Block block = Block.raw(random(100, 4));
        await(a.content().blockPut(block, false));
        await(b.host().connect(a.peerId(), a.host().listenAddresses()));
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(b.content().blockGet(block.cid())));
        assertInstanceOf(BlockNotFoundException.class, e.getCause());
        assertFalse(await(b.blocks().has(block.cid())));
    }

    @Test
    void aNodeFindsTheOnlyHolderThroughTheDhtAndFetchesFromIt() throws Exception {
        // b is the one DHT server; a (the holder) and c are clients that know only b, so c never meets a but
        // through the provider record a put on b
        Node b = node("b", RoutingConfig.Type.DHT_SERVER, false, List.of());
        Node a = node("a", RoutingConfig.Type.DHT_CLIENT, false, List.of(info(b)));
        Node c = node("c", RoutingConfig.Type.DHT_CLIENT, false, List.of(info(b)));
        await(a.dht().orElseThrow().bootstrapped());
        await(c.dht().orElseThrow().bootstrapped());
        byte[] data = random(700_000, 5);
        ImportResult file = await(a.content().add("f", new ByteArrayInputStream(data), Content.AddOptions.defaults(),
                ImportListener.NONE));
        assertTrue(await(a.dht().orElseThrow().provide(file.root())) > 0);
        assertTrue(c.host().connections(a.peerId()).isEmpty(), "c must not know a yet");
        assertFalse(await(b.blocks().has(file.root())));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        await(c.content().cat(file.root(), 0, -1, out));
        assertArrayEquals(sha256(data), sha256(out.toByteArray()));
        assertFalse(c.host().connections(a.peerId()).isEmpty(), "c reached a, found through the DHT");
    }
}
