package io.hypha.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multicodec;
import io.hypha.multiformats.Multihash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Blockstore} promises. Each implementation's test extends this class and
 * supplies a fresh, empty store.
 */
public abstract class BlockstoreContract {
    /** Generous bound on any single operation, so a hung future fails the test instead of hanging it. */
    protected static final long TIMEOUT_SECONDS = 30;

    protected Blockstore store;

    /** A new, empty store. */
    protected abstract Blockstore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected static <T> T await(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    protected static Throwable failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        return e.getCause();
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void storedBlockComesBackUnderTheCidAskedFor() throws Exception {
        Block b = Block.raw(bytes("hello world"));
        await(store.put(b));
        assertTrue(await(store.has(b.cid())));
        Optional<Block> got = await(store.get(b.cid()));
        assertEquals(Optional.of(b), got);
        assertEquals(OptionalInt.of(11), await(store.size(b.cid())));
    }

    @Test
    void absentBlockIsReportedAsAbsent() throws Exception {
        Cid cid = Block.raw(bytes("never stored")).cid();
        assertFalse(await(store.has(cid)));
        assertEquals(Optional.empty(), await(store.get(cid)));
        assertEquals(OptionalInt.empty(), await(store.size(cid)));
        assertFalse(await(store.delete(cid)));
    }

    @Test
    void cidVersionsAndCodecsOfTheSameBytesShareOneBlock() throws Exception {
        byte[] emptyDir = java.util.HexFormat.of().parseHex("0a020801");
        Multihash mh = Multihash.digest(HashAlgorithm.SHA2_256, emptyDir);
        Cid v0 = Cid.v0(mh);
        Cid v1 = Cid.v1(Multicodec.DAG_PB, mh);
        Cid raw = Cid.v1(Multicodec.RAW, mh);
        await(store.put(v0, emptyDir));
        assertTrue(await(store.has(v1)));
        assertEquals(Optional.of(new Block(raw, emptyDir)), await(store.get(raw)));
        await(store.put(v1, emptyDir));
        try (Stream<Multihash> keys = store.keys()) {
            assertEquals(List.of(mh), keys.toList());
        }
        assertTrue(await(store.delete(raw)));
        assertFalse(await(store.has(v0)));
    }

    @Test
    void bytesThatDoNotMatchTheCidAreRejectedAndNotStored() throws Exception {
        Cid cid = Block.raw(bytes("the real content")).cid();
        Throwable e = failure(store.put(cid, bytes("something else")));
        HashMismatchException mismatch = assertInstanceOf(HashMismatchException.class, e);
        assertEquals(cid, mismatch.cid());
        assertTrue(mismatch.getMessage().contains(cid.toString()), mismatch.getMessage());
        assertFalse(await(store.has(cid)));
    }

    @Test
    void putAllStoresNothingWhenOneBlockIsBad() throws Exception {
        Block good = Block.raw(bytes("good"));
        Block bad = new Block(Block.raw(bytes("claimed")).cid(), bytes("actual"));
        assertInstanceOf(HashMismatchException.class, failure(store.putAll(List.of(good, bad))));
        assertFalse(await(store.has(good.cid())));
        assertFalse(await(store.has(bad.cid())));
    }

    @Test
    void putAllStoresEveryBlockAndKeysListsThemOnce() throws Exception {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            blocks.add(Block.raw(bytes("block " + i)));
        }
        await(store.putAll(blocks.subList(0, 150)));
        for (Block b : blocks.subList(150, 300)) {
            await(store.put(b));
        }
        await(store.putAll(blocks.subList(100, 200)));
        Set<Multihash> expected = blocks.stream().map(b -> b.cid().multihash()).collect(Collectors.toSet());
        try (Stream<Multihash> keys = store.keys()) {
            List<Multihash> listed = keys.toList();
            assertEquals(expected.size(), listed.size());
            assertEquals(expected, new HashSet<>(listed));
        }
        for (Block b : blocks) {
            assertEquals(Optional.of(b), await(store.get(b.cid())));
        }
    }

    @Test
    void deleteRemovesTheBlock() throws Exception {
        Block a = Block.raw(bytes("a"));
        Block b = Block.raw(bytes("b"));
        await(store.putAll(List.of(a, b)));
        assertTrue(await(store.delete(a.cid())));
        assertFalse(await(store.has(a.cid())));
        assertEquals(Optional.empty(), await(store.get(a.cid())));
        assertFalse(await(store.delete(a.cid())));
        try (Stream<Multihash> keys = store.keys()) {
            assertEquals(List.of(b.cid().multihash()), keys.toList());
        }
    }

    @Test
    void theLargestBlockIsAcceptedAndOneByteMoreIsRejected() throws Exception {
        byte[] max = new byte[Blockstore.MAX_BLOCK_SIZE];
        max[0] = 1;
        Block ok = Block.raw(max);
        await(store.put(ok));
        assertArrayEquals(max, await(store.get(ok.cid())).orElseThrow().data());
        Block tooBig = Block.raw(new byte[Blockstore.MAX_BLOCK_SIZE + 1]);
        assertInstanceOf(BlockTooLargeException.class, failure(store.put(tooBig)));
        assertFalse(await(store.has(tooBig.cid())));
    }

    @Test
    void identityCidsAreInlineAndNeverStored() throws Exception {
        byte[] data = bytes("inline");
        Cid cid = Cid.v1(Multicodec.RAW, Multihash.digest(HashAlgorithm.IDENTITY, data));
        assertTrue(await(store.has(cid)));
        assertEquals(Optional.of(new Block(cid, data)), await(store.get(cid)));
        assertEquals(OptionalInt.of(data.length), await(store.size(cid)));
        await(store.put(cid, data));
        assertInstanceOf(HashMismatchException.class, failure(store.put(cid, bytes("other"))));
        assertFalse(await(store.delete(cid)));
        try (Stream<Multihash> keys = store.keys()) {
            assertEquals(0, keys.count());
        }
    }

    @Test
    void aBlockWhoseHashCannotBeCheckedIsRefused() throws Exception {
        // murmur3-x64-64 (0x22) is a HAMT hash, not a supported block hash function
        Cid cid = Cid.v1(Multicodec.RAW, Multihash.of(0x22, new byte[8]));
        Throwable e = failure(store.put(cid, bytes("x")));
        assertInstanceOf(BlockstoreException.class, e);
        assertFalse(e instanceof HashMismatchException, "an unverifiable block is not a mismatch");
        assertFalse(await(store.has(cid)));
    }

    @Test
    void concurrentPutsOfOneBlockAllSucceed() throws Exception {
        Block b = Block.raw(bytes("popular"));
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            puts.add(store.put(b));
        }
        await(CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)));
        assertEquals(Optional.of(b), await(store.get(b.cid())));
    }

    @Test
    void storedDataIsACopy() throws Exception {
        byte[] data = bytes("mutable");
        Block b = Block.raw(data);
        await(store.put(b.cid(), data));
        data[0] = 'X';
        Block got = await(store.get(b.cid())).orElseThrow();
        got.data()[0] = 'Y';
        assertEquals(Optional.of(b), await(store.get(b.cid())));
    }

    @Test
    void everyOperationFailsAfterClose() throws Exception {
        Block b = Block.raw(bytes("late"));
        store.close();
        store.close();
        assertInstanceOf(BlockstoreClosedException.class, failure(store.put(b)));
        assertInstanceOf(BlockstoreClosedException.class, failure(store.putAll(List.of(b))));
        assertInstanceOf(BlockstoreClosedException.class, failure(store.get(b.cid())));
        assertInstanceOf(BlockstoreClosedException.class, failure(store.has(b.cid())));
        assertInstanceOf(BlockstoreClosedException.class, failure(store.size(b.cid())));
        assertInstanceOf(BlockstoreClosedException.class, failure(store.delete(b.cid())));
        assertThrows(BlockstoreClosedException.class, () -> store.keys());
    }
}
