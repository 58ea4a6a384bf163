package io.hypha.node.unixfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hypha.multiformats.Cid;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries that arrive one by one, in any order, give the CIDs of importing the same tree from disk. */
class TreeImportTest {
    @TempDir
    Path tmp;

    private static byte[] random(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void anyOrderGivesTheCidsOfTheTreeOnDisk() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String rel = "d" + (i % 4) + "/s" + (i % 3) + "/f" + i;
            Files.createDirectories(root.resolve(rel).getParent());
            Files.write(root.resolve(rel), random(1000 + i * 997, i));
            files.add(rel);
        }
        Files.createDirectories(root.resolve("empty/inner"));
        Files.createSymbolicLink(root.resolve("d0/link"), Path.of("s0/f0"));
        for (ImportOptions o : List.of(ImportOptions.defaults(), ImportOptions.profile(Profile.UNIXFS_V1_2025))) {
            Cid expected = Importer.onlyHash(o).importPath(root).root();
            Collections.shuffle(files, new Random(7));
            TreeImport t = Importer.onlyHash(o).tree("root");
            for (String rel : files) {
                t.file(rel, new ByteArrayInputStream(Files.readAllBytes(root.resolve(rel))));
            }
            t.directory("empty/inner");
            t.symlink("d0/link", "s0/f0");
            ImportResult r = t.finish();
            assertEquals(expected, r.root());
            assertEquals("root", r.entries().get(r.entries().size() - 1).path());
        }
    }

    @Test
    void wrappingSeveralPathsIsOneDirectoryOfThem() throws Exception {
        Path parent = Files.createDirectories(tmp.resolve("parent"));
        Files.write(parent.resolve("a.txt"), "a\n".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(parent.resolve("b/c"));
        Files.write(parent.resolve("b/c/x"), random(5000, 1));
        ImportOptions o = ImportOptions.defaults();
        TreeImport wrapper = Importer.onlyHash(o).tree("");
        wrapper.path("a.txt", parent.resolve("a.txt"));
        wrapper.path("b", parent.resolve("b"));
        ImportResult r = wrapper.finish();
        assertEquals(Importer.onlyHash(o).importPath(parent).root(), r.root());
        assertEquals(List.of("a.txt", "b/c/x", "b/c", "b", ""), r.entries().stream().map(ImportedEntry::path).toList());
        // one path: the same as the importer's own wrapping
        TreeImport single = Importer.onlyHash(o).tree("");
        single.path("b", parent.resolve("b"));
        assertEquals(Importer.onlyHash(o.withWrapWithDirectory(true)).importPath(parent.resolve("b")).root(),
                single.finish().root());
    }

    @Test
    void badPathsAreRefused() throws Exception {
        TreeImport t = Importer.onlyHash(ImportOptions.defaults()).tree("r");
        t.file("a", new ByteArrayInputStream(new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> t.file("a", new ByteArrayInputStream(new byte[1])), "twice");
        assertThrows(IllegalArgumentException.class, () -> t.file("a/b", new ByteArrayInputStream(new byte[1])),
                "inside a file");
        for (String bad : new String[] {"../x", "x/../y", "/x", "x//y", "./x", ""}) {
            assertThrows(IllegalArgumentException.class, () -> t.file(bad, new ByteArrayInputStream(new byte[1])), bad);
        }
        String deep = "d/".repeat(TreeImport.MAX_DEPTH) + "f";
        assertThrows(IllegalArgumentException.class, () -> t.file(deep, new ByteArrayInputStream(new byte[1])), "too deep");
        t.directory("d/".repeat(TreeImport.MAX_DEPTH - 1) + "d");
        t.finish();
    }
}
