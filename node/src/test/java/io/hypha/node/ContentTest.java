package io.hypha.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.block.BlockNotFoundException;
import io.hypha.block.MemoryBlockstore;
import io.hypha.internal.netty.EventLoops;
import io.hypha.multiformats.Cid;
import io.hypha.node.repo.Pins;
import io.hypha.node.repo.Repo;
import io.hypha.node.store.BlockService;
import io.hypha.node.unixfs.Chunker;
import io.hypha.node.unixfs.DirectoryEntry;
import io.hypha.node.unixfs.ImportListener;
import io.hypha.node.unixfs.ImportOptions;
import io.hypha.node.unixfs.ImportResult;
import io.hypha.node.unixfs.Importer;
import io.netty.channel.EventLoopGroup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The content API over a real repo: add then pin, read back, pins, GC, DAG export and import, stats. */
class ContentTest {
    @TempDir
    Path tmp;

    private Repo repo;
    private Content content;

    @BeforeEach
    void open() throws Exception {
        repo = Repo.init(tmp.resolve("repo"), Repo.RepoInitOptions.DEFAULTS);
        content = Content.offline(repo);
    }

    @AfterEach
    void close() throws Exception {
        content.close();
        repo.close();
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void addPinsAndReadsBack() throws Exception {
        byte[] data = random(700_000, 1);
        long[] read = {0};
        ImportListener progress = new ImportListener() {
            @Override
            public void bytesRead(long bytes) {
                read[0] += bytes;
            }
        };
        ImportResult r = await(content.add("f", new ByteArrayInputStream(data), Content.AddOptions.defaults(), progress));
        assertEquals(data.length, read[0], "the progress listener saw every byte");
        assertEquals(Optional.of(Pins.Mode.RECURSIVE), await(content.pinned(r.root())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(100L, await(content.cat(r.root(), 1000, 100, out)));
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 1000, 1100), out.toByteArray());
        // the same bytes as Kubo's default import gives them
        ImportResult again = Importer.onlyHash(ImportOptions.defaults()).importStream("f", new ByteArrayInputStream(data));
        assertEquals(again.root(), r.root());
    }

    @Test
    void gcKeepsWhatIsPinnedAndTakesTheRest() throws Exception {
        Content.AddOptions unpinned = new Content.AddOptions(ImportOptions.defaults(), false);
        ImportResult kept = await(content.add("k", new ByteArrayInputStream(random(1000, 2)), Content.AddOptions.defaults(), ImportListener.NONE));
        ImportResult gone = await(content.add("g", new ByteArrayInputStream(random(1000, 3)), unpinned, ImportListener.NONE));
        List<Cid> removed = new ArrayList<>();
        await(content.gc(removed::add));
        // the store is keyed by multihash: removed blocks are reported as raw CIDv1s, as Kubo reports them
        assertEquals(List.of(gone.root().multihash()), removed.stream().map(Cid::multihash).toList());
        assertTrue(await(repo.blocks().has(kept.root())));
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(content.ls(gone.root())));
        assertInstanceOf(BlockNotFoundException.class, e.getCause());
    }

    @Test
    void pinsAddListAndRemove() throws Exception {
        Content.AddOptions unpinned = new Content.AddOptions(ImportOptions.defaults(), false);
        Cid c = await(content.add("p", new ByteArrayInputStream(random(5000, 4)), unpinned, ImportListener.NONE)).root();
        await(content.pinAdd(c, true));
        assertEquals(List.of(new Pins.Pin(c, Pins.Mode.RECURSIVE)), await(content.pinLs(EnumSet.of(Pins.Mode.RECURSIVE))));
        await(content.pinRm(c, true));
        assertEquals(Optional.empty(), await(content.pinned(c)));
        Cid missing = Cid.decode("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(content.pinAdd(missing, true)));
        assertInstanceOf(BlockNotFoundException.class, e.getCause());
    }

    @Test
    void aDirectoryListsAndADagTravelsAsACar() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d/sub"));
        Files.write(tmp.resolve("d/a.txt"), random(3000, 5));
        Files.write(dir.resolve("b.bin"), random(300_000, 6));
        ImportOptions options = ImportOptions.defaults().withChunker(Chunker.size(65536));
        Cid root = await(content.add(tmp.resolve("d"), new Content.AddOptions(options, true), ImportListener.NONE)).root();
        List<DirectoryEntry> entries = await(content.ls(root));
        assertEquals(List.of("a.txt", "sub"), entries.stream().map(DirectoryEntry::name).toList());

        ByteArrayOutputStream car = new ByteArrayOutputStream();
        await(content.dagExport(List.of(root), car));
        try (Repo other = Repo.init(tmp.resolve("other"), Repo.RepoInitOptions.DEFAULTS);
             Content there = Content.offline(other)) {
            Content.DagImportResult imported = await(there.dagImport(new ByteArrayInputStream(car.toByteArray()), true));
            assertEquals(List.of(root), imported.roots());
            assertEquals(List.of(root), imported.pinned());
            await(there.get(root, tmp.resolve("copy")));
            assertArrayEquals(Files.readAllBytes(dir.resolve("b.bin")), Files.readAllBytes(tmp.resolve("copy/sub/b.bin")));
            assertEquals(imported.blocks(), await(there.repoStat()).numObjects());
        }
    }

    @Test
    void aPinFetchesWhatTheStoreLacksThroughTheBlockService() throws Exception {
        try (MemoryBlockstore elsewhere = new MemoryBlockstore()) {
            Cid root = Importer.into(elsewhere, ImportOptions.defaults().withChunker(Chunker.size(1024)))
                    .importStream("f", new ByteArrayInputStream(random(10_000, 7))).root();
            try (Content online = Content.of(repo, BlockService.online(repo.blocks(), elsewhere::get))) {
                await(online.pinAdd(root, true));
            }
            assertEquals(Optional.of(Pins.Mode.RECURSIVE), await(content.pinned(root)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(10_000L, await(content.cat(root, 0, -1, out)), "every block is now local");
        }
    }

    @Test
    void blocksPutGetAndRemoveButNeverAPinnedOne() throws Exception {
        io.hypha.block.Block b = io.hypha.block.Block.raw(random(100, 9));
        assertEquals(b.cid(), await(content.blockPut(b, true)));
        assertEquals(b, await(content.blockGet(b.cid())));
        Content.BlockRemoval refused = await(content.blockRm(b.cid()));
        assertEquals(Optional.of(Pins.Mode.DIRECT), refused.pinned());
        assertFalse(refused.removed());
        await(content.pinRm(b.cid(), false));
        assertTrue(await(content.blockRm(b.cid())).removed());
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(content.blockGet(b.cid())));
        assertInstanceOf(BlockNotFoundException.class, e.getCause());
        assertTrue(await(content.repoVerify(bad -> { })).clean());
    }

    @Test
    void operationsNeverRunOnTheCallersEventLoop() throws Exception {
        EventLoopGroup loop = EventLoops.newGroup(1, "content-test");
        try {
            byte[] data = random(100_000, 8);
            // called from an event loop, the work still runs (on the content's own threads) and nothing blocks
            CompletableFuture<ImportResult> added = loop.<CompletableFuture<ImportResult>>submit(() -> content.add("f",
                    new ByteArrayInputStream(data), Content.AddOptions.defaults(), ImportListener.NONE)).get(10, TimeUnit.SECONDS);
            assertFalse(await(added).root().toString().isEmpty());
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
