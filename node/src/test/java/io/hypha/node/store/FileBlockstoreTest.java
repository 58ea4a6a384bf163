package io.hypha.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.block.Block;
import io.hypha.block.Blockstore;
import io.hypha.block.BlockstoreContract;
import io.hypha.block.CorruptBlockException;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multihash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlockstoreTest extends BlockstoreContract {
    /** Kubo's empty-directory block {@code 0a020801}: present in every Kubo repository as this file. */
    private static final String EMPTY_DIR_KUBO_PATH = "X3/CIQFTFEEHEDF6KLBT32BFAGLXEZL4UWFNWM4LFTLMXQBCERZ6CMLX3Y.data";

    @TempDir
    Path tmp;

    private Path dir() {
        return tmp.resolve("blocks");
    }

    @Override
    protected Blockstore newStore() throws IOException {
        return FileBlockstore.open(dir());
    }

    @Test
    void newStoreWritesTheShardingFileAsGoDsFlatfsDoes() throws IOException {
        assertEquals("/repo/flatfs/shard/v1/next-to-last/2\n",
                Files.readString(dir().resolve("SHARDING"), StandardCharsets.UTF_8));
        assertTrue(Files.isRegularFile(dir().resolve("_README")));
    }

    @Test
    void blocksLiveWhereKuboPutsThem() throws Exception {
        byte[] emptyDir = HexFormat.of().parseHex("0a020801");
        Cid cid = Cid.decode("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
        await(store.put(cid, emptyDir));
        Path file = dir().resolve(EMPTY_DIR_KUBO_PATH);
        assertArrayEquals(emptyDir, Files.readAllBytes(file));
        try (Stream<Path> shard = Files.list(file.getParent())) {
            assertEquals(List.of(file), shard.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void aBlockWrittenByKuboIsRead() throws Exception {
        byte[] emptyDir = HexFormat.of().parseHex("0a020801");
        Path file = dir().resolve(EMPTY_DIR_KUBO_PATH);
        Files.createDirectories(file.getParent());
        Files.write(file, emptyDir);
        Cid cid = Cid.decode("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
        assertEquals(Optional.of(new Block(cid, emptyDir)), await(store.get(cid)));
    }

    @Test
    void shardIsTheTwoCharactersBeforeTheLast() {
        assertEquals("X3", FlatfsLayout.shard("CIQFTFEEHEDF6KLBT32BFAGLXEZL4UWFNWM4LFTLMXQBCERZ6CMLX3Y"));
        assertEquals("BC", FlatfsLayout.shard("ABCD"));
        assertEquals("_A", FlatfsLayout.shard("AB"));
        assertEquals("__", FlatfsLayout.shard("A"));
    }

    @Test
    void aCorruptBlockIsNeverServed() throws Exception {
        Block b = Block.raw("precious".getBytes(StandardCharsets.UTF_8));
        await(store.put(b));
        Path file = dir().resolve(FlatfsLayout.shard(FlatfsLayout.key(b.cid().multihash())))
                .resolve(FlatfsLayout.key(b.cid().multihash()) + ".data");
        byte[] bytes = Files.readAllBytes(file);
        bytes[3] ^= 0x01;
        Files.write(file, bytes);
        CorruptBlockException e = assertInstanceOf(CorruptBlockException.class, failure(store.get(b.cid())));
        assertEquals(b.cid(), e.cid());
        assertEquals(file.toString(), e.location());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        // asking again still refuses it: corruption is not cached away
        assertInstanceOf(CorruptBlockException.class, failure(store.get(b.cid())));
    }

    @Test
    void aTruncatedBlockIsReplacedByTheNextPut() throws Exception {
        Block b = Block.raw("rewrite me".getBytes(StandardCharsets.UTF_8));
        await(store.put(b));
        String key = FlatfsLayout.key(b.cid().multihash());
        Path file = dir().resolve(FlatfsLayout.shard(key)).resolve(key + ".data");
        Files.write(file, new byte[] {1, 2});
        assertInstanceOf(CorruptBlockException.class, failure(store.get(b.cid())));
        await(store.put(b));
        assertEquals(Optional.of(b), await(store.get(b.cid())));
    }

    @Test
    void blocksSurviveReopening() throws Exception {
        Block b = Block.raw("durable".getBytes(StandardCharsets.UTF_8));
        await(store.put(b));
        store.close();
        store = FileBlockstore.open(dir());
        assertEquals(Optional.of(b), await(store.get(b.cid())));
    }

    @Test
    void keysSkipFilesThatAreNotBlocks() throws Exception {
        Block b = Block.raw("listed".getBytes(StandardCharsets.UTF_8));
        await(store.put(b));
        String key = FlatfsLayout.key(b.cid().multihash());
        Path shard = dir().resolve(FlatfsLayout.shard(key));
        Files.write(shard.resolve("put-123456"), new byte[] {1});
        Files.write(shard.resolve("NOTBASE32!.data"), new byte[] {1});
        Files.write(dir().resolve("diskUsage.cache"), new byte[] {1});
        Files.createDirectories(dir().resolve(".hidden"));
        Files.write(dir().resolve(".hidden").resolve(key + ".data"), new byte[] {1});
        try (Stream<Multihash> keys = store.keys()) {
            assertEquals(List.of(b.cid().multihash()), keys.toList());
        }
    }

    @Test
    void aDirectoryWithAnotherShardFunctionIsRefused() throws IOException {
        Path other = tmp.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("SHARDING"), "/repo/flatfs/shard/v1/prefix/2\n");
        IOException e = assertThrows(IOException.class, () -> FileBlockstore.open(other));
        assertTrue(e.getMessage().contains("prefix/2"), e.getMessage());
    }

    @Test
    void aNonEmptyDirectoryWithoutShardingIsRefused() throws IOException {
        Path other = tmp.resolve("not-a-store");
        Files.createDirectories(other);
        Files.writeString(other.resolve("notes.txt"), "mine");
        IOException e = assertThrows(IOException.class, () -> FileBlockstore.open(other));
        assertTrue(e.getMessage().contains("SHARDING"), e.getMessage());
    }

    @Test
    void aShortShardingSpellingIsAccepted() throws Exception {
        Path other = tmp.resolve("short");
        Files.createDirectories(other);
        Files.writeString(other.resolve("SHARDING"), "v1/next-to-last/2");
        FileBlockstore.open(other).close();
    }

    @Test
    void keysAreUpperCaseBase32OfTheMultihash() {
        Multihash mh = Multihash.digest(HashAlgorithm.SHA2_256, HexFormat.of().parseHex("0a020801"));
        assertEquals("CIQFTFEEHEDF6KLBT32BFAGLXEZL4UWFNWM4LFTLMXQBCERZ6CMLX3Y", FlatfsLayout.key(mh));
        assertEquals(Optional.of(mh), FlatfsLayout.parse(FlatfsLayout.key(mh) + ".data"));
        assertEquals(Optional.empty(), FlatfsLayout.parse("SHARDING"));
    }
}
