package io.hypha.node.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.block.Block;
import io.hypha.block.BlockNotFoundException;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multicodec;
import io.hypha.multiformats.Multihash;
import io.hypha.node.unixfs.DagPb;
import io.hypha.node.unixfs.PbLink;
import io.hypha.node.unixfs.PbNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinsAndGcTest {
    /** Bound on every wait in these tests; none is expected to come near it. */
    private static final long WAIT_SECONDS = 30;

    @TempDir
    Path tmp;

    private Repo repo;

    @BeforeEach
    void init() throws IOException {
        repo = Repo.init(tmp.resolve("repo"), Repo.RepoInitOptions.DEFAULTS);
    }

    @AfterEach
    void close() throws IOException {
        repo.close();
    }

    private Block put(Block b) throws IOException {
        DagWalk.await(repo.blocks().put(b));
        return b;
    }

    private static Block raw(String text) {
        return Block.raw(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Block node(Block... children) {
        List<PbLink> links = new ArrayList<>();
        for (int i = 0; i < children.length; i++) {
            links.add(PbLink.of(children[i].cid(), "c" + i, children[i].size()));
        }
        byte[] bytes = DagPb.encode(PbNode.of(links));
        return new Block(Cid.v1(Multicodec.DAG_PB, Multihash.digest(HashAlgorithm.SHA2_256, bytes)), bytes);
    }

    private boolean has(Block b) throws IOException {
        return DagWalk.await(repo.blocks().has(b.cid()));
    }

    private List<Cid> gc() throws IOException, InterruptedException {
        List<Cid> removed = new ArrayList<>();
        repo.collectGarbage(removed::add);
        return removed;
    }

    @Test
    void gcKeepsRecursiveDagsAndDirectBlocksAndRemovesTheRest() throws Exception {
        Block a = put(raw("a"));
        Block b = put(raw("b"));
        Block root = put(node(a, put(node(b))));
        Block direct = put(node(put(raw("child of a direct pin"))));
        Block garbage = put(raw("garbage"));
        repo.pins().pinRecursive(root.cid());
        repo.pins().pinDirect(direct.cid());

        List<Cid> removed = gc();

        assertEquals(Set.of(garbage.cid().multihash(), raw("child of a direct pin").cid().multihash()),
                removed.stream().map(Cid::multihash).collect(Collectors.toSet()));
        for (Block kept : List.of(a, b, root, direct)) {
            assertTrue(has(kept), kept + " was collected");
        }
        assertFalse(has(garbage));
        assertEquals(List.of(), gc(), "a second collection finds nothing");
    }

    @Test
    void recursivePinNeedsTheWholeDagAndNamesTheMissingBlock() throws Exception {
        Block missing = raw("never stored");
        Block inner = put(node(missing));
        Block root = put(node(put(raw("x")), inner));
        BlockNotFoundException e = assertThrows(BlockNotFoundException.class, () -> repo.pins().pinRecursive(root.cid()));
        assertEquals(missing.cid(), e.cid());
        assertTrue(e.getMessage().contains(missing.cid().toString()) && e.getMessage().contains(inner.cid().toString()),
                e.getMessage());
        assertEquals(List.of(), repo.pins().recursive());
        assertThrows(BlockNotFoundException.class, () -> repo.pins().pinDirect(missing.cid()));
    }

    @Test
    void listAndUnpinFollowKubo() throws Exception {
        Block leaf = put(raw("leaf"));
        Block root = put(node(leaf));
        Block single = put(raw("single"));
        repo.pins().pinDirect(root.cid());
        repo.pins().pinRecursive(root.cid());
        assertEquals(List.of(root.cid()), repo.pins().recursive());
        assertEquals(List.of(), repo.pins().direct(), "a recursive pin replaces a direct one");
        repo.pins().pinDirect(single.cid());
        assertThrows(PinException.class, () -> repo.pins().pinDirect(root.cid()));

        assertEquals(List.of(new Pins.Pin(root.cid(), Pins.Mode.RECURSIVE), new Pins.Pin(single.cid(), Pins.Mode.DIRECT),
                new Pins.Pin(leaf.cid(), Pins.Mode.INDIRECT)), repo.pins().list(EnumSet.allOf(Pins.Mode.class)));
        assertEquals(Pins.Mode.INDIRECT, repo.pins().pinned(leaf.cid()).orElseThrow());
        assertTrue(repo.pins().pinned(raw("other").cid()).isEmpty());

        PinException indirect = assertThrows(PinException.class, () -> repo.pins().unpin(leaf.cid(), true));
        assertTrue(indirect.getMessage().contains("not pinned or pinned indirectly"), indirect.getMessage());
        assertThrows(PinException.class, () -> repo.pins().unpin(root.cid(), false));
        repo.pins().unpin(root.cid(), true);
        repo.pins().unpin(single.cid(), false);
        assertEquals(List.of(), repo.pins().list(EnumSet.allOf(Pins.Mode.class)));
    }

    @Test
    void pinsSurviveReopening() throws Exception {
        Block root = put(node(put(raw("kept"))));
        repo.pins().pinRecursive(root.cid());
        repo.close();
        repo = Repo.open(tmp.resolve("repo"));
        assertEquals(List.of(root.cid()), repo.pins().recursive());
    }

    /**
     * An add holds the GC lock shared while it writes blocks and until it pins them. A collection started in
     * the middle waits for it, then finds every block pinned. Without the lock, the collection would remove
     * the first block (nothing pins it yet), which the last assertions would catch.
     */
    @Test
    void gcWaitsForAnAddInProgressAndNeverRemovesItsBlocks() throws Exception {
        Block first = raw("first block of a running add");
        Block second = raw("second block");
        Block root = node(first, second);
        Block garbage = put(raw("unpinned before the add"));
        CountDownLatch firstWritten = new CountDownLatch(1);
        CountDownLatch gcWaiting = new CountDownLatch(1);

        CompletableFuture<Void> add = CompletableFuture.runAsync(() -> {
            try (GcLock.Unlocker held = repo.gcLock().lockShared()) {
                put(first);
                firstWritten.countDown();
                assertTrue(gcWaiting.await(WAIT_SECONDS, TimeUnit.SECONDS));
                put(second);
                put(root);
                repo.pins().pinRecursive(root.cid());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(firstWritten.await(WAIT_SECONDS, TimeUnit.SECONDS));

        Thread[] collector = new Thread[1];
        CompletableFuture<List<Cid>> gc = new CompletableFuture<>();
        collector[0] = Thread.ofPlatform().name("gc-under-test").start(() -> {
            try {
                gc.complete(gc());
            } catch (Throwable e) {
                gc.completeExceptionally(e);
            }
        });
        // The collection must be parked on the lock while the add holds it: wait (bounded) until it is.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (collector[0].getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(Thread.State.WAITING, collector[0].getState());
        assertFalse(gc.isDone(), "the collection ran while an add held the lock");
        assertTrue(has(first), "the add's first block must still be there while the add runs");
        gcWaiting.countDown();

        add.get(WAIT_SECONDS, TimeUnit.SECONDS);
        List<Cid> removed = gc.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(List.of(garbage.cid().multihash()), removed.stream().map(Cid::multihash).toList());
        for (Block b : List.of(first, second, root)) {
            assertTrue(has(b), b + " of the add was collected");
        }
    }

    /** The same with the real importer: GC is started after the import has read its first chunk. */
    @Test
    void gcDuringARealImportKeepsTheWholeImportedDag() throws Exception {
        int chunk = io.hypha.node.unixfs.Chunker.DEFAULT_SIZE;
        byte[] data = new byte[chunk * 4 + 1];
        new java.util.SplittableRandom(7).nextBytes(data);
        CountDownLatch firstChunkRead = new CountDownLatch(1);
        CountDownLatch gcWaiting = new CountDownLatch(1);
        io.hypha.node.unixfs.ImportListener pause = new io.hypha.node.unixfs.ImportListener() {
            @Override
            public void bytesRead(long bytes) {
                if (firstChunkRead.getCount() > 0) {
                    firstChunkRead.countDown();
                    try {
                        assertTrue(gcWaiting.await(WAIT_SECONDS, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        CompletableFuture<Cid> add = CompletableFuture.supplyAsync(() -> {
            try (GcLock.Unlocker held = repo.gcLock().lockShared()) {
                Cid root = new io.hypha.node.unixfs.Importer(io.hypha.node.unixfs.BlockSink.of(repo.blocks()),
                        io.hypha.node.unixfs.ImportOptions.defaults(), pause)
                        .importStream("big", new java.io.ByteArrayInputStream(data)).root();
                repo.pins().pinRecursive(root);
                return root;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(firstChunkRead.await(WAIT_SECONDS, TimeUnit.SECONDS));
        Thread[] collector = new Thread[1];
        CompletableFuture<List<Cid>> gc = new CompletableFuture<>();
        collector[0] = Thread.ofPlatform().name("gc-during-import").start(() -> {
            try {
                gc.complete(gc());
            } catch (Throwable e) {
                gc.completeExceptionally(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (collector[0].getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertFalse(gc.isDone(), "the collection ran while the import held the lock");
        gcWaiting.countDown();

        Cid root = add.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(List.of(), gc.get(WAIT_SECONDS, TimeUnit.SECONDS));
        java.io.ByteArrayOutputStream back = new java.io.ByteArrayOutputStream();
        new io.hypha.node.unixfs.Exporter(repo.blocks()).cat(root, 0, -1, back);
        org.junit.jupiter.api.Assertions.assertArrayEquals(data, back.toByteArray());
    }

    @Test
    void gcRefusesToRunOnAnIncompletePinnedDag() throws Exception {
        Block leaf = put(raw("leaf"));
        Block root = put(node(leaf));
        Block garbage = put(raw("garbage"));
        repo.pins().pinRecursive(root.cid());
        DagWalk.await(repo.blocks().delete(leaf.cid()));
        assertThrows(BlockNotFoundException.class, this::gc);
        assertTrue(has(garbage), "nothing is deleted on a partial mark");
    }
}
