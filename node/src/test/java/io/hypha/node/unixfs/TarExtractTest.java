package io.hypha.node.unixfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hypha.block.MemoryBlockstore;
import io.hypha.multiformats.Cid;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code get}'s tar stream back to disk: the same tree as the exporter writes, and nothing outside the target. */
class TarExtractTest {
    @TempDir
    Path tmp;

    @Test
    void aTreeComesBackAsTheExporterWritesIt() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        byte[] big = new byte[700_000];
        new Random(1).nextBytes(big);
        String longName = "n".repeat(150) + "-é.bin";
        Files.createDirectories(src.resolve("deep/er"));
        Files.write(src.resolve("deep/er/" + longName), big);
        Files.writeString(src.resolve("a.txt"), "a\n");
        Files.createSymbolicLink(src.resolve("link"), Path.of("a.txt"));
        MemoryBlockstore store = new MemoryBlockstore();
        Cid root = Importer.into(store, ImportOptions.defaults()).importPath(src).root();
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        TarExport.write(store, root, "src", tar, 0);
        Path out = tmp.resolve("out");
        TarExtract.extract(new ByteArrayInputStream(tar.toByteArray()), out);
        assertArrayEquals(big, Files.readAllBytes(out.resolve("deep/er/" + longName)), "PAX long name, streamed body");
        assertEquals("a\n", Files.readString(out.resolve("a.txt")));
        assertEquals(Path.of("a.txt"), Files.readSymbolicLink(out.resolve("link")));
        assertEquals(root, Importer.onlyHash(ImportOptions.defaults()).importPath(out).root(), "the same tree");
        assertThrows(java.nio.file.FileAlreadyExistsException.class,
                () -> TarExtract.extract(new ByteArrayInputStream(tar.toByteArray()), out), "never overwrites");
    }

    @Test
    void entriesThatWouldLeaveTheTargetAreRefused() throws Exception {
        for (String[] entries : new String[][] {
            {"root", "root/../escape"}, {"root", "other/x"}, {"../root"}, {"root", "/abs"}}) {
            ByteArrayOutputStream tar = new ByteArrayOutputStream();
            TarWriter w = new TarWriter(tar, 0);
            w.directory(entries[0]);
            for (int i = 1; i < entries.length; i++) {
                w.file(entries[i], 1);
                w.body().write('x');
                w.endFile();
            }
            w.finish();
            Path out = tmp.resolve("t" + Math.abs(entries[entries.length - 1].hashCode()));
            assertThrows(UnixfsException.class, () -> TarExtract.extract(new ByteArrayInputStream(tar.toByteArray()), out),
                    String.join(",", entries));
            assertFalse(Files.exists(tmp.resolve("escape")));
        }
        // a file under a symlink would be written through it
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(tar, 0);
        w.directory("root");
        w.symlink("root/l", tmp.toString());
        w.file("root/l/planted", 1);
        w.body().write('x');
        w.endFile();
        w.finish();
        assertThrows(UnixfsException.class, () -> TarExtract.extract(new ByteArrayInputStream(tar.toByteArray()),
                tmp.resolve("sym")));
        assertFalse(Files.exists(tmp.resolve("planted")));
        // cut short
        byte[] cut = java.util.Arrays.copyOf(tar.toByteArray(), 700);
        assertThrows(Exception.class, () -> TarExtract.extract(new ByteArrayInputStream(cut), tmp.resolve("cut")));
    }
}
