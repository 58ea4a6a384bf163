package io.hypha.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.block.Block;
import io.hypha.block.BlockExchange;
import io.hypha.block.HashMismatchException;
import io.hypha.block.MemoryBlockstore;
import io.hypha.multiformats.Cid;
import io.hypha.node.unixfs.Chunker;
import io.hypha.node.unixfs.Exporter;
import io.hypha.node.unixfs.ImportOptions;
import io.hypha.node.unixfs.Importer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The block service: local blocks first, the exchange for the rest, what the exchange returns verified and
 * stored before it is returned. The exchange here answers from another store, as a peer holding the content
 * would; Bitswap is the real one.
 */
class BlockServiceTest {
    private final MemoryBlockstore local = new MemoryBlockstore();
    private final MemoryBlockstore remote = new MemoryBlockstore();

    /** An exchange answering from {@code remote}, counting what it is asked. */
    private final class RemoteStore implements BlockExchange {
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public CompletableFuture<Optional<Block>> fetch(Cid cid) {
            asked.incrementAndGet();
            return remote.get(cid);
        }
    }

    @AfterEach
    void close() {
        local.close();
        remote.close();
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void offlineReadsTheStoreOnly() throws Exception {
        Block b = Block.raw("only elsewhere".getBytes(StandardCharsets.UTF_8));
        await(remote.put(b));
        BlockService service = BlockService.offline(local);
        assertFalse(service.isOnline());
        assertEquals(Optional.empty(), await(service.get(b.cid())));
    }

    @Test
    void aLocalBlockIsNotFetched() throws Exception {
        Block b = Block.raw("here".getBytes(StandardCharsets.UTF_8));
        await(local.put(b));
        RemoteStore exchange = new RemoteStore();
        assertEquals(Optional.of(b), await(BlockService.online(local, exchange).get(b.cid())));
        assertEquals(0, exchange.asked.get());
    }

    @Test
    void aMissingBlockIsFetchedStoredAndReturned() throws Exception {
        Block b = Block.raw("elsewhere".getBytes(StandardCharsets.UTF_8));
        await(remote.put(b));
        RemoteStore exchange = new RemoteStore();
        BlockService service = BlockService.online(local, exchange);
        assertEquals(Optional.of(b), await(service.get(b.cid())));
        assertTrue(await(local.has(b.cid())), "stored");
        assertEquals(Optional.of(b), await(service.get(b.cid())));
        assertEquals(1, exchange.asked.get(), "the second read is local");
    }

    @Test
    void aBlockNobodyHasIsAbsent() throws Exception {
        Cid nowhere = Block.raw("nowhere".getBytes(StandardCharsets.UTF_8)).cid();
        assertEquals(Optional.empty(), await(BlockService.online(local, new RemoteStore()).get(nowhere)));
    }

    @Test
    void wrongBytesFromAPeerAreRefusedAndNotStored() throws Exception {
        Cid asked = Block.raw("the real bytes".getBytes(StandardCharsets.UTF_8)).cid();
        BlockExchange liar = cid -> CompletableFuture.completedFuture(
                Optional.of(new Block(cid, "other bytes".getBytes(StandardCharsets.UTF_8))));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> await(BlockService.online(local, liar).get(asked)));
        assertInstanceOf(HashMismatchException.class, e.getCause());
        assertFalse(await(local.has(asked)));
    }

    @Test
    void aFileHeldElsewhereIsReadThroughTheService() throws Exception {
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        ImportOptions options = ImportOptions.defaults().withChunker(Chunker.size(16 * 1024));
        Cid root = Importer.into(remote, options).importStream("f", new ByteArrayInputStream(content)).root();
        RemoteStore exchange = new RemoteStore();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Exporter(BlockService.online(local, exchange)).cat(root, 0, -1, out);
        assertArrayEquals(content, out.toByteArray());
        long remoteBlocks;
        try (var keys = remote.keys()) {
            remoteBlocks = keys.count();
        }
        try (var keys = local.keys()) {
            assertEquals(remoteBlocks, keys.count(), "every block of the file is now local");
        }
        assertEquals(remoteBlocks, exchange.asked.get());
    }
}
