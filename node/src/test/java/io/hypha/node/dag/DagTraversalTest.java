package io.hypha.node.dag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.block.Block;
import io.hypha.block.BlockNotFoundException;
import io.hypha.block.BlockSource;
import io.hypha.block.MemoryBlockstore;
import io.hypha.multiformats.Cid;
import io.hypha.node.car.CarExport;
import io.hypha.node.unixfs.Chunker;
import io.hypha.node.unixfs.ImportOptions;
import io.hypha.node.unixfs.Importer;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The DAG walk: pre-order, once per block, pruning by the visitor, bounded read-ahead, asynchronous sources. */
class DagTraversalTest {
    private final MemoryBlockstore store = new MemoryBlockstore();
    private final ExecutorService slow = Executors.newFixedThreadPool(4);

    @AfterEach
    void close() {
        store.close();
        slow.shutdownNow();
    }

    /** A file of many small chunks (fan-out 4, so several levels). */
    private Cid file(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        ImportOptions options = ImportOptions.defaults().withChunker(Chunker.size(256)).withMaxLinks(4);
        return Importer.into(store, options).importStream("f", new ByteArrayInputStream(data)).root();
    }

    /** The store answered later, on other threads, counting the requests in flight. */
    private final class Delayed implements BlockSource {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        @Override
        public CompletableFuture<Optional<Block>> get(Cid cid) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            // answered about a millisecond later on another thread, as a source with latency (a peer) answers
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return store.get(cid).join();
                } finally {
                    inFlight.decrementAndGet();
                }
            }, CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS, slow));
        }
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    /** The same pre-order as a plain recursive walk, read ahead within the bound, from an asynchronous source. */
    @Test
    void visitsInPreOrderOnceEachWithBoundedReadAhead() throws Exception {
        Cid root = file(200_000);
        List<Cid> expected = new ArrayList<>();
        recursive(root, new HashSet<>(), expected);
        Delayed source = new Delayed();
        List<Cid> seen = new ArrayList<>();
        Set<Cid> visited = new HashSet<>();
        await(DagTraversal.walk(source, List.of(root), visited::add, "root", (block, parent) -> {
            seen.add(block.cid());
            return CarExport.links(block);
        }));
        assertEquals(expected, seen);
        assertTrue(expected.size() > 700, "a DAG of " + expected.size() + " blocks");
        assertTrue(source.maxInFlight.get() <= DagTraversal.PREFETCH + 1, "in flight at most " + source.maxInFlight);
        assertTrue(source.maxInFlight.get() > 1, "blocks were read ahead");
    }

    private void recursive(Cid cid, Set<Cid> visited, List<Cid> order) throws Exception {
        if (!visited.add(cid)) {
            return;
        }
        order.add(cid);
        for (Cid link : CarExport.links(store.get(cid).join().orElseThrow())) {
            recursive(link, visited, order);
        }
    }

    @Test
    void theVisitorPrunes() throws Exception {
        Cid root = file(50_000);
        List<Cid> seen = new ArrayList<>();
        await(DagTraversal.walk(store, List.of(root), new HashSet<Cid>()::add, "root", (block, parent) -> {
            seen.add(block.cid());
            return List.of(); // the root alone
        }));
        assertEquals(List.of(root), seen);
    }

    @Test
    void aMissingBlockNamesItsParent() throws Exception {
        Cid root = file(5_000);
        Cid child = CarExport.links(store.get(root).join().orElseThrow()).get(1);
        store.delete(child).join();
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(DagTraversal.walk(new Delayed(),
                List.of(root), new HashSet<Cid>()::add, "root", (block, parent) -> CarExport.links(block))));
        assertInstanceOf(BlockNotFoundException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("linked from " + root), e.getCause().getMessage());
    }

    /** A long chain completes without deep recursion, whether blocks arrive at once or later. */
    @Test
    void aDeepChainNeedsNoStack() throws Exception {
        Cid next = null;
        for (int i = 0; i < 20_000; i++) {
            io.hypha.node.unixfs.PbNode node = new io.hypha.node.unixfs.PbNode(
                    next == null ? List.of() : List.of(new io.hypha.node.unixfs.PbLink(next, "", 0L)), new byte[] {(byte) i});
            Block b = Block.of(io.hypha.multiformats.Multicodec.DAG_PB, io.hypha.multiformats.HashAlgorithm.SHA2_256,
                    io.hypha.node.unixfs.DagPb.encode(node));
            store.put(b).join();
            next = b.cid();
        }
        AtomicInteger count = new AtomicInteger();
        await(DagTraversal.walk(store, List.of(next), new HashSet<Cid>()::add, "root", (block, parent) -> {
            count.incrementAndGet();
            return CarExport.links(block);
        }));
        assertEquals(20_000, count.get());
    }
}
