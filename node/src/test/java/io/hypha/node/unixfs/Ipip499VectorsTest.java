package io.hypha.node.unixfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiformats.Cid;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IPIP-0499 profile fixtures as Kubo's {@code test/cli/cid_profiles_test.go} produces them, with Kubo's
 * deterministic data ({@link KuboRandom}) reproduced here: files at and one chunk over the link limit, and
 * directories exactly at and one byte over the HAMT threshold.
 */
class Ipip499VectorsTest {
    private static final ImportOptions V0 = ImportOptions.profile(Profile.UNIXFS_V0_2015);
    private static final ImportOptions V1 = ImportOptions.profile(Profile.UNIXFS_V1_2025);
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    /** kubo testutils {@code AlphabetEasy}: file names are drawn from it (note the second '0'). */
    private static final String ALPHABET_EASY = "abcdefghijklmnopqrstuvwxyz01234567890-_";

    private static Cid addRandom(ImportOptions options, long size, String seed) throws IOException {
        ImportResult r = Importer.onlyHash(options).importStream("", new KuboRandom(size, seed));
        assertEquals(size, r.bytesRead());
        return r.root();
    }

    @Test
    void v0FileAtAndOverMaxLinks() throws IOException {
        assertEquals("QmUbBALi174SnogsUzLpYbD4xPiBSFANF4iztWCsHbMKh2", addRandom(V0, 44544 * KIB, "v0-seed").toString());
        assertEquals("QmepeWtdmS1hHXx1oZXsPUv6bMrfRRKfZcoPPU4eEfjnbf", addRandom(V0, 44800 * KIB, "v0-seed").toString());
    }

    @Test
    void v1FileAtAndOverMaxLinks() throws IOException {
        assertEquals("bafybeihmf37wcuvtx4hpu7he5zl5qaf2ineo2lqlfrapokkm5zzw7zyhvm",
                addRandom(V1, 1024 * MIB, "v1-2025-seed").toString());
        assertEquals("bafybeihmzokxxjqwxjcryerhp5ezpcog2wcawfryb2xm64xiakgm4a5jue",
                addRandom(V1, 1025 * MIB, "v1-2025-seed").toString());
    }

    /** kubo {@code createDeterministicFiles}: names from the seed's keystream, each file holding "x". */
    private static Path deterministicDir(Path parent, int files, int nameLength, int lastNameLength, String seed)
            throws IOException {
        Path dir = Files.createDirectories(parent.resolve(seed));
        Set<String> names = new HashSet<>();
        try (InputStream random = new KuboRandom(MIB, seed)) {
            for (int i = 0; i < files; i++) {
                int length = i == files - 1 ? lastNameLength : nameLength;
                byte[] bytes = random.readNBytes(length);
                StringBuilder name = new StringBuilder(length);
                for (byte b : bytes) {
                    name.append(ALPHABET_EASY.charAt((b & 0xFF) % ALPHABET_EASY.length()));
                }
                names.add(name.toString());
                Files.writeString(dir.resolve(name.toString()), "x");
            }
        }
        assertEquals(files, names.size(), "generated names collide");
        return dir;
    }

    @Test
    void v0DirectoryAtThresholdStaysFlatAndOneByteOverIsSharded(@TempDir Path tmp) throws IOException {
        Path basic = deterministicDir(tmp.resolve("a"), 4096, 30, 30, "hamt-unixfs-v0-2015");
        ImportResult flat = Importer.onlyHash(V0).importPath(basic);
        assertEquals("QmX5GtRk3TSSEHtdrykgqm4eqMEn3n2XhfkFAis5fjyZmN", flat.root().toString());
        Path over = deterministicDir(tmp.resolve("b"), 4033, 31, 31, "hamt-unixfs-v0-2015");
        assertEquals("QmeMiJzmhpJAUgynAcxTQYek5PPKgdv3qEvFsdV3XpVnvP",
                Importer.onlyHash(V0).importPath(over).root().toString());
    }

    @Test
    void v1DirectoryAtThresholdStaysFlatAndOneByteOverIsSharded(@TempDir Path tmp) throws IOException {
        Path basic = deterministicDir(tmp.resolve("a"), 4766, 11, 21, "hamt-unixfs-v1-2025");
        assertEquals("bafybeic3h7rwruealwxkacabdy45jivq2crwz6bufb5ljwupn36gicplx4",
                Importer.onlyHash(V1).importPath(basic).root().toString());
        Path over = deterministicDir(tmp.resolve("b"), 4766, 11, 22, "hamt-unixfs-v1-2025");
        assertEquals("bafybeiegvuterwurhdtkikfhbxcldohmxp566vpjdofhzmnhv6o4freidu",
                Importer.onlyHash(V1).importPath(over).root().toString());
    }

    @Test
    void entriesListChildrenBeforeTheirDirectory(@TempDir Path tmp) throws IOException {
        Path dir = deterministicDir(tmp.resolve("c"), 5, 8, 8, "order");
        ImportResult r = Importer.onlyHash(V1).importPath(dir);
        assertEquals(6, r.entries().size());
        assertEquals("order", r.entries().get(5).path());
        assertEquals(r.root(), r.entries().get(5).cid());
        assertTrue(r.entries().subList(0, 5).stream().allMatch(e -> e.path().startsWith("order/")));
    }
}
