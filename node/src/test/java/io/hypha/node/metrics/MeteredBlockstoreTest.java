package io.hypha.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.block.Block;
import io.hypha.block.Blockstore;
import io.hypha.block.HashMismatchException;
import io.hypha.block.MemoryBlockstore;
import io.hypha.host.Host;
import io.hypha.multiformats.Cid;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The blockstore meter over a real memory store: every operation counted once, answers untouched. */
class MeteredBlockstoreTest {
    private Host host;
    private NodeMetrics metrics;
    private Blockstore store;

    @BeforeEach
    void start() throws Exception {
        host = Host.builder().start().get(20, TimeUnit.SECONDS);
        metrics = NodeMetrics.of(host);
        store = metrics.meter(new MemoryBlockstore());
    }

    @AfterEach
    void stop() {
        metrics.close();
        host.close();
    }

    private static Block block(String text) {
        return Block.raw(text.getBytes(StandardCharsets.UTF_8));
    }

    private ScrapedMetrics scrape() {
        return ScrapedMetrics.parse(metrics.scrape());
    }

    @Test
    void readsWritesBytesMissesAndDeletesAreCounted() throws Exception {
        Block one = block("one");
        Block two = block("two, a little longer");
        Block three = block("three");
        store.put(one).get(5, TimeUnit.SECONDS);
        store.putAll(List.of(two, three)).get(5, TimeUnit.SECONDS);
        assertEquals(one, store.get(one.cid()).get(5, TimeUnit.SECONDS).orElseThrow());
        assertEquals(two, store.get(two.cid()).get(5, TimeUnit.SECONDS).orElseThrow());
        Cid absent = block("absent").cid();
        assertTrue(store.get(absent).get(5, TimeUnit.SECONDS).isEmpty());
        assertTrue(store.has(one.cid()).get(5, TimeUnit.SECONDS));
        assertTrue(store.delete(three.cid()).get(5, TimeUnit.SECONDS));
        assertEquals(false, store.delete(three.cid()).get(5, TimeUnit.SECONDS));

        ScrapedMetrics m = scrape();
        assertEquals(3, m.value("hypha_blockstore_writes_total"));
        assertEquals(one.data().length + two.data().length + three.data().length,
                m.value("hypha_blockstore_written_bytes_total"));
        assertEquals(2, m.value("hypha_blockstore_reads_total", "result", "hit"));
        assertEquals(1, m.value("hypha_blockstore_reads_total", "result", "miss"));
        assertEquals(0, m.value("hypha_blockstore_reads_total", "result", "error"));
        assertEquals(one.data().length + two.data().length, m.value("hypha_blockstore_read_bytes_total"));
        assertEquals(1, m.value("hypha_blockstore_deletes_total"));
    }

    @Test
    void aFailedWriteIsNotCountedAndFailsWithTheStoresOwnException() throws Exception {
        Block real = block("real");
        CompletableFuture<Void> bad = store.put(real.cid(), "forged".getBytes(StandardCharsets.UTF_8));
        Throwable cause = bad.handle((v, e) -> e).get(5, TimeUnit.SECONDS);
        assertTrue(cause instanceof HashMismatchException, "the store's exception itself, unwrapped: " + cause);
        assertEquals(0, scrape().value("hypha_blockstore_writes_total"));
    }

    @Test
    void theMeterAddsNoStoreOfItsOwn() {
        MemoryBlockstore beneath = new MemoryBlockstore();
        assertSame(beneath, metrics.meter(beneath).store());
    }
}
