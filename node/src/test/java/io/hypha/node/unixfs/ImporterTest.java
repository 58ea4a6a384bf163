package io.hypha.node.unixfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.block.MemoryBlockstore;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImporterTest {
    @Test
    void chunkerParsesKuboSyntaxAndEnforcesTheLimit() {
        assertEquals(262144, Chunker.parse("size-262144").size());
        assertEquals(Chunker.DEFAULT_SIZE, Chunker.parse("default").size());
        assertEquals(Chunker.MAX_SIZE, Chunker.parse("size-1048576").size());
        assertThrows(IllegalArgumentException.class, () -> Chunker.parse("size-1048577"));
        assertThrows(IllegalArgumentException.class, () -> Chunker.parse("size-0"));
        assertThrows(IllegalArgumentException.class, () -> Chunker.parse("size-abc"));
        assertThrows(IllegalArgumentException.class, () -> Chunker.parse("rabin-16-32-64"));
        assertThrows(IllegalArgumentException.class, () -> Chunker.parse("fast"));
        assertEquals("size-4096", Chunker.size(4096).toString());
    }

    @Test
    void kuboFlagImplications() {
        ImportOptions v0 = ImportOptions.defaults();
        assertFalse(v0.rawLeaves());
        assertTrue(v0.withCidVersion(1).rawLeaves(), "--cid-version=1 implies raw leaves");
        assertFalse(v0.withCidVersion(1).withRawLeaves(false).rawLeaves());
        assertEquals(1, v0.withHash(HashAlgorithm.SHA2_512).cidVersion(), "non-sha2-256 needs CIDv1");
        assertThrows(IllegalArgumentException.class, () -> v0.withMaxLinks(1));
        assertThrows(IllegalArgumentException.class, () -> v0.withHamt(1, HamtSizeEstimation.LINKS, 100));
        assertThrows(IllegalArgumentException.class, () -> v0.withHash(HashAlgorithm.IDENTITY));
        assertEquals(Profile.UNIXFS_V1_2025, Profile.forId("unixfs-v1-2025"));
        assertThrows(IllegalArgumentException.class, () -> Profile.forId("unixfs-v9"));
    }

    @Test
    void rawLeavesUnderACidV0Root() throws IOException {
        // Kubo: `ipfs add --raw-leaves` keeps a CIDv0 root over CIDv1 raw leaves
        byte[] data = new byte[300_000];
        ImportResult r = Importer.onlyHash(ImportOptions.defaults().withRawLeaves(true))
                .importStream("", new ByteArrayInputStream(data));
        assertEquals(0, r.root().version());
    }

    @Test
    void onlyHashStoresNothingAndStoringStoresEveryBlock() throws IOException {
        byte[] data = new byte[1_000_000];
        try (MemoryBlockstore store = new MemoryBlockstore()) {
            ImportOptions options = ImportOptions.defaults().withOnlyHash(true);
            Cid hashed = new Importer(BlockSink.of(store), options, ImportListener.NONE)
                    .importStream("", new ByteArrayInputStream(data)).root();
            assertEquals(0, store.keys().count());
            Cid stored = Importer.into(store, ImportOptions.defaults()).importStream("", new ByteArrayInputStream(data)).root();
            assertEquals(hashed, stored);
            // four identical 256 KiB chunks dedupe to one leaf, the last 213568-byte chunk, and the root
            assertEquals(3, store.keys().count());
        }
    }

    @Test
    void progressReportsEveryByteAndEveryEntry(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("d"));
        Files.write(dir.resolve("big"), new byte[600_000]);
        Files.writeString(dir.resolve("small"), "s");
        Files.writeString(dir.resolve(".hidden"), "h");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("small"));
        AtomicLong bytes = new AtomicLong();
        List<ImportedEntry> seen = new ArrayList<>();
        ImportListener listener = new ImportListener() {
            @Override
            public void bytesRead(long n) {
                bytes.addAndGet(n);
            }

            @Override
            public void entryImported(ImportedEntry e) {
                seen.add(e);
            }
        };
        ImportResult r = new Importer(BlockSink.discard(), ImportOptions.defaults(), listener).importPath(dir);
        assertEquals(600_001, bytes.get());
        assertEquals(600_001, r.bytesRead());
        assertEquals(r.entries(), seen);
        assertEquals(List.of("d/big", "d/link", "d/small", "d"), seen.stream().map(ImportedEntry::path).toList());
        assertEquals(EntryType.SYMLINK, seen.get(1).type());
        ImportResult hidden = Importer.onlyHash(ImportOptions.defaults().withIncludeHidden(true)).importPath(dir);
        assertEquals(5, hidden.entries().size());
        assertFalse(hidden.root().equals(r.root()));
    }

    @Test
    void wrapWithDirectoryNamesTheFile() throws IOException {
        ImportOptions wrap = ImportOptions.defaults().withWrapWithDirectory(true);
        ImportResult r = Importer.onlyHash(wrap).importStream("hello.txt",
                new ByteArrayInputStream("hello world".getBytes()));
        assertEquals(2, r.entries().size());
        assertEquals("hello.txt", r.entries().get(0).path());
        assertEquals("Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD", r.entries().get(0).cid().toString());
        assertEquals("", r.entries().get(1).path());
        assertEquals(r.root(), r.entries().get(1).cid());
        assertThrows(IllegalArgumentException.class, () -> Importer.onlyHash(wrap).importStream("a/b",
                new ByteArrayInputStream(new byte[1])));
    }

    @Test
    void writesStayWithinTheInFlightBoundAndFailuresSurface() throws IOException {
        ExecutorService completer = Executors.newSingleThreadExecutor();
        try {
            AtomicInteger outstanding = new AtomicInteger();
            AtomicInteger max = new AtomicInteger();
            BlockSink slow = (cid, data) -> {
                max.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
                return CompletableFuture.runAsync(outstanding::decrementAndGet, completer);
            };
            ImportOptions options = ImportOptions.defaults().withChunker(Chunker.size(1024)).withMaxInFlightWrites(3);
            new Importer(slow, options, ImportListener.NONE).importStream("", new ByteArrayInputStream(new byte[200_000]));
            assertTrue(max.get() <= 3 && max.get() >= 1, "max outstanding " + max.get());
            assertEquals(0, outstanding.get(), "finished only after every write completed");

            BlockSink failing = (cid, data) -> CompletableFuture.failedFuture(new IOException("disk full"));
            IOException e = assertThrows(IOException.class, () -> new Importer(failing, options, ImportListener.NONE)
                    .importStream("", new ByteArrayInputStream(new byte[10_000])));
            assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        } finally {
            completer.shutdownNow();
        }
    }

    @Test
    void hamtHashIsMurmur3X64First64Bits() {
        // reference values of MurmurHash3_x64_128 (seed 0), first 64 bits, from the spaolacci/murmur3 test table
        assertEquals(0x0000000000000000L, Murmur3.x64_64(new byte[0]));
        assertEquals(0xcbd8a7b341bd9b02L, Murmur3.x64_64("hello".getBytes()));
        assertEquals(0x342fac623a5ebc8eL, Murmur3.x64_64("hello, world".getBytes()));
        assertEquals(0xb89e5988b737affcL, Murmur3.x64_64("19 Jan 2038 at 3:14:07 AM".getBytes()));
        assertEquals(0xcd99481f9ee902c9L, Murmur3.x64_64("The quick brown fox jumps over the lazy dog.".getBytes()));
    }
}
