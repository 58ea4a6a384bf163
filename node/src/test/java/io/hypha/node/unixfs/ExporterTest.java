package io.hypha.node.unixfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.block.Block;
import io.hypha.block.BlockNotFoundException;
import io.hypha.block.MemoryBlockstore;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multicodec;
import io.hypha.multiformats.Multihash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExporterTest {
    private static final int FILE_BYTES = 50_000;

    static Stream<Arguments> shapes() {
        ImportOptions small = ImportOptions.defaults().withChunker(Chunker.size(100)).withMaxLinks(3);
        return Stream.of(
                Arguments.of("balanced dag-pb leaves", small),
                Arguments.of("balanced raw leaves", small.withCidVersion(1)),
                Arguments.of("trickle dag-pb leaves", small.withLayout(Layout.TRICKLE)),
                Arguments.of("trickle raw leaves", small.withLayout(Layout.TRICKLE).withCidVersion(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void catAnyRangeOfADeepFile(String name, ImportOptions options) throws IOException {
        byte[] content = new byte[FILE_BYTES];
        new Random(7).nextBytes(content);
        try (MemoryBlockstore store = new MemoryBlockstore()) {
            Cid root = Importer.into(store, options).importStream("f", new ByteArrayInputStream(content)).root();
            Exporter exporter = new Exporter(store);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            assertEquals(FILE_BYTES, exporter.cat(root, 0, -1, all));
            assertArrayEquals(content, all.toByteArray());
            Random r = new Random(11);
            for (int i = 0; i < 200; i++) {
                int offset = r.nextInt(FILE_BYTES + 10);
                int length = r.nextInt(3000);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                exporter.cat(root, offset, length, out);
                int from = Math.min(offset, FILE_BYTES);
                assertArrayEquals(Arrays.copyOfRange(content, from, Math.min(FILE_BYTES, offset + length)),
                        out.toByteArray(), "offset " + offset + " length " + length);
            }
        }
    }

    @Test
    void catOfAnIdentityCid() throws IOException {
        byte[] inline = "inline".getBytes();
        Cid id = Cid.v1(Multicodec.RAW, Multihash.of(HashAlgorithm.IDENTITY, inline));
        try (MemoryBlockstore store = new MemoryBlockstore()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new Exporter(store).cat(id, 2, 3, out);
            assertEquals("lin", out.toString());
        }
    }

    @Test
    void wrongTypesAndMissingBlocksAreTypedErrors(@TempDir Path tmp) throws IOException {
        try (MemoryBlockstore store = new MemoryBlockstore()) {
            Files.writeString(tmp.resolve("a"), "content");
            Cid dir = Importer.into(store, ImportOptions.defaults()).importPath(tmp).root();
            Exporter exporter = new Exporter(store);
            assertThrows(UnixfsTypeException.class, () -> exporter.cat(dir, 0, -1, new ByteArrayOutputStream()));
            Cid file = exporter.ls(dir).getFirst().cid();
            assertThrows(UnixfsTypeException.class, () -> exporter.ls(file));
            Cid absent = Block.raw("nowhere".getBytes()).cid();
            assertThrows(BlockNotFoundException.class, () -> exporter.cat(absent, 0, -1, new ByteArrayOutputStream()));
        }
    }

    @Test
    void eachBlockIsClippedToTheSpanItsParentGivesIt() throws IOException {
        try (MemoryBlockstore store = new MemoryBlockstore()) {
            Block longer = Block.raw("abcde".getBytes());
            Block shorter = Block.raw("xy".getBytes());
            Block exact = Block.raw("xyz".getBytes());
            for (Block b : List.of(longer, shorter, exact)) {
                store.put(b).join();
            }
            Cid clipped = put(store, new PbNode(List.of(PbLink.of(longer.cid(), "", 5), PbLink.of(exact.cid(), "", 3)),
                    UnixfsData.file(null, 6, List.of(3L, 3L)).encode()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(6, new Exporter(store).cat(clipped, 0, -1, out));
            assertEquals("abcxyz", out.toString(), "a leaf longer than its blocksize gives only its span");
            out.reset();
            new Exporter(store).cat(clipped, 2, 2, out);
            assertEquals("cx", out.toString());
            Cid missingBytes = put(store, new PbNode(List.of(PbLink.of(longer.cid(), "", 5),
                    PbLink.of(shorter.cid(), "", 2)), UnixfsData.file(null, 6, List.of(3L, 3L)).encode()));
            assertThrows(UnixfsException.class, () -> new Exporter(store).cat(missingBytes, 0, -1,
                    new ByteArrayOutputStream()), "a leaf shorter than its blocksize");
        }
    }

    private static Cid put(MemoryBlockstore store, PbNode node) {
        byte[] bytes = DagPb.encode(node);
        Cid cid = Cid.v0(Multihash.digest(HashAlgorithm.SHA2_256, bytes));
        store.put(cid, bytes).join();
        return cid;
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escaped", "..", ".", "", "a/b", "/etc", "nul\0byte"})
    void getRefusesNamesThatCouldEscape(String evil, @TempDir Path tmp) throws IOException {
        try (MemoryBlockstore store = new MemoryBlockstore()) {
            Cid file = Block.raw("pwned".getBytes()).cid();
            store.put(file, "pwned".getBytes()).join();
            Cid dir = put(store, new PbNode(List.of(PbLink.of(file, evil, 5)), UnixfsData.directory().encode()));
            Path target = tmp.resolve("sub").resolve("target");
            Files.createDirectories(target.getParent());
            assertThrows(UnsafeEntryNameException.class, () -> new Exporter(store).get(dir, target));
            try (Stream<Path> written = Files.walk(tmp)) {
                assertTrue(written.noneMatch(p -> Files.isRegularFile(p)), "nothing was written");
            }
        }
    }

    @Test
    void getRefusesEscapingNamesInsideAHamtShard(@TempDir Path tmp) throws IOException {
        try (MemoryBlockstore store = new MemoryBlockstore()) {
            Cid file = Block.raw("pwned".getBytes()).cid();
            store.put(file, "pwned".getBytes()).join();
            UnixfsData shard = new UnixfsData(UnixfsType.HAMT_SHARD, new byte[] {1}, null, List.of(), 0x22L, 256L,
                    null, null);
            Cid dir = put(store, new PbNode(List.of(PbLink.of(file, "00../x", 5)), shard.encode()));
            assertThrows(UnsafeEntryNameException.class, () -> new Exporter(store).get(dir, tmp.resolve("t")));
            assertFalse(Files.exists(tmp.resolve("x")));
        }
    }

    @Test
    void getRefusesADuplicateNameSoASymlinkCannotBeWrittenThrough(@TempDir Path tmp) throws IOException {
        try (MemoryBlockstore store = new MemoryBlockstore()) {
            Path outside = Files.createDirectory(tmp.resolve("outside"));
            Cid link = put(store, new PbNode(List.of(), UnixfsData.symlink(outside.toString().getBytes()).encode()));
            Cid file = Block.raw("pwned".getBytes()).cid();
            store.put(file, "pwned".getBytes()).join();
            Cid inner = put(store, new PbNode(List.of(PbLink.of(file, "f", 5)), UnixfsData.directory().encode()));
            Cid dir = put(store, new PbNode(List.of(PbLink.of(link, "a", 9), PbLink.of(inner, "a", 60)),
                    UnixfsData.directory().encode()));
            assertThrows(UnsafeEntryNameException.class, () -> new Exporter(store).get(dir, tmp.resolve("t")));
            try (Stream<Path> inOutside = Files.list(outside)) {
                assertEquals(0, inOutside.count());
            }
        }
    }

    @Test
    void getNeverReplacesAnExistingTarget(@TempDir Path tmp) throws IOException {
        try (MemoryBlockstore store = new MemoryBlockstore()) {
            Cid file = Importer.into(store, ImportOptions.defaults())
                    .importStream("x", new ByteArrayInputStream("new".getBytes())).root();
            Path existing = Files.writeString(tmp.resolve("existing"), "old");
            assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> new Exporter(store).get(file, existing));
            assertEquals("old", Files.readString(existing));
        }
    }
}
