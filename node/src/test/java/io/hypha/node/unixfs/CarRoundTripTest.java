package io.hypha.node.unixfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.block.Block;
import io.hypha.block.MemoryBlockstore;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multicodec;
import io.hypha.node.TestVectors;
import io.hypha.node.car.CarImport;
import io.hypha.node.car.CarReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gateway-conformance CAR fixtures: each is exported to disk with {@link Exporter#get}, re-imported with
 * the options Kubo used to make it, and must give back the fixture's root CID.
 */
class CarRoundTripTest {
    /** The fixtures were made with {@code --cid-version=1 --chunker=size-256} (raw leaves of 256 bytes). */
    private static final ImportOptions V1_SMALL_CHUNKS = ImportOptions.defaults().withCidVersion(1)
            .withChunker(Chunker.parse("size-256"));
    /** The HAMT fixture was made with sharding forced on: any threshold below its size does it. */
    private static final ImportOptions V1_SHARDED = V1_SMALL_CHUNKS.withHamt(1, HamtSizeEstimation.LINKS, 256);

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("dir-with-files.car", V1_SMALL_CHUNKS),
                Arguments.of("dir-with-duplicate-files.car", V1_SMALL_CHUNKS),
                Arguments.of("subdir-with-mixed-block-files.car", V1_SMALL_CHUNKS),
                Arguments.of("symlink.car", ImportOptions.defaults()),
                Arguments.of("single-layer-hamt-with-multi-block-files.car", V1_SHARDED));
    }

    static Cid load(MemoryBlockstore store, String fixture) throws IOException {
        try (CarReader car = CarReader.open(Files.newInputStream(TestVectors.car(fixture)))) {
            return CarImport.into(store, car).roots().getFirst();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void exportThenReimportGivesTheSameRoot(String fixture, ImportOptions options, @TempDir Path tmp) throws IOException {
        try (MemoryBlockstore store = new MemoryBlockstore()) {
            Cid root = load(store, fixture);
            Path out = tmp.resolve("out");
            new Exporter(store).get(root, out);
            try (MemoryBlockstore again = new MemoryBlockstore()) {
                ImportResult r = Importer.into(again, options).importPath(out);
                assertEquals(root, r.root(), fixture);
                assertTrue(again.keys().count() > 0, "blocks were stored");
                assertEquals(r.entries().getLast().size(), r.size());
            }
        }
    }

    @Test
    void symlinkIsWrittenAsASymlink(@TempDir Path tmp) throws IOException {
        try (MemoryBlockstore store = new MemoryBlockstore()) {
            Path out = tmp.resolve("out");
            new Exporter(store).get(load(store, "symlink.car"), out);
            assertTrue(Files.isSymbolicLink(out.resolve("bar")));
            assertEquals(Path.of("foo"), Files.readSymbolicLink(out.resolve("bar")));
            assertEquals(Files.readString(out.resolve("foo")), Files.readString(out.resolve("bar")));
        }
    }

    @Test
    void lsListsEveryEntryOfTheHamt() throws IOException {
        try (MemoryBlockstore store = new MemoryBlockstore()) {
            Cid root = load(store, "single-layer-hamt-with-multi-block-files.car");
            // independently: every shard link longer than the two-character prefix is an entry
            List<String> expected = new ArrayList<>();
            try (CarReader car = CarReader.open(Files.newInputStream(
                    TestVectors.car("single-layer-hamt-with-multi-block-files.car")))) {
                for (var b = car.next(); b.isPresent(); b = car.next()) {
                    Block block = b.get();
                    if (block.cid().codec() == Multicodec.DAG_PB.code()
                            && DagPb.decode(block.data()).unixfs().type() == UnixfsType.HAMT_SHARD) {
                        DagPb.decode(block.data()).links().stream().filter(l -> l.name().length() > 2)
                                .forEach(l -> expected.add(l.name().substring(2)));
                    }
                }
            }
            List<DirectoryEntry> entries = new Exporter(store).ls(root);
            assertEquals(expected.stream().sorted().toList(), entries.stream().map(DirectoryEntry::name).sorted().toList());
            assertTrue(entries.size() > 256, "entries: " + entries.size());
            assertTrue(entries.stream().allMatch(e -> e.type() == EntryType.FILE && e.size() == 1026));
        }
    }

    @Test
    void lsOfAFlatDirectory() throws IOException {
        try (MemoryBlockstore store = new MemoryBlockstore()) {
            Cid root = load(store, "symlink.car");
            List<DirectoryEntry> entries = new Exporter(store).ls(root);
            assertEquals(List.of(
                    new DirectoryEntry("bar", Cid.decode("QmTB8BaCJdCH5H3k7GrxJsxgDNmNYGGR71C58ERkivXoj5"), 3, EntryType.SYMLINK),
                    new DirectoryEntry("foo", Cid.decode("Qme2y5HA5kvo2jAx13UsnV5bQJVijiAJCPvaW3JGQWhvJZ"), 8, EntryType.FILE)),
                    entries);
        }
    }

    @Test
    void catAcrossBlockBoundariesOfTheFixtureFile() throws IOException {
        try (MemoryBlockstore store = new MemoryBlockstore()) {
            load(store, "dir-with-files.car");
            Cid multiblock = Cid.decode("bafybeigcisqd7m5nf3qmuvjdbakl5bdnh4ocrmacaqkpuh77qjvggmt2sa");
            // the expected bytes: the raw leaves in link order, read straight from the store
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            for (var link : DagPb.decode(store.get(multiblock).join().orElseThrow().data()).links()) {
                whole.writeBytes(store.get(link.hash()).join().orElseThrow().data());
            }
            byte[] content = whole.toByteArray();
            assertEquals(1026, content.length);
            Exporter exporter = new Exporter(store);
            long[] offsets = {0, 1, 255, 256, 257, 511, 512, 768, 1023, 1024, 1025, 1026, 5000};
            long[] lengths = {0, 1, 2, 255, 256, 257, 513, 1026, -1};
            for (long offset : offsets) {
                for (long length : lengths) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    long n = exporter.cat(multiblock, offset, length, out);
                    int from = (int) Math.min(offset, content.length);
                    int to = length < 0 ? content.length : (int) Math.min(content.length, offset + length);
                    byte[] expected = java.util.Arrays.copyOfRange(content, from, Math.max(from, to));
                    assertArrayEquals(expected, out.toByteArray(), "offset " + offset + " length " + length);
                    assertEquals(expected.length, n);
                }
            }
        }
    }
}
