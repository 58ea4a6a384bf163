package io.hypha.node.repo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvStoreDatastoreTest {
    @TempDir
    Path dir;

    private MvStoreDatastore ds;

    @BeforeEach
    void open() throws IOException {
        ds = MvStoreDatastore.open(dir);
    }

    @AfterEach
    void close() {
        ds.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> keys(Stream<Datastore.Entry> entries) {
        try (entries) {
            return entries.map(e -> new String(e.key(), StandardCharsets.UTF_8)).toList();
        }
    }

    @Test
    void putGetDelete() {
        assertEquals(Optional.empty(), ds.get(b("/a")));
        ds.put(b("/a"), b("1"));
        assertArrayEquals(b("1"), ds.get(b("/a")).orElseThrow());
        ds.put(b("/a"), b("2"));
        assertArrayEquals(b("2"), ds.get(b("/a")).orElseThrow());
        assertTrue(ds.has(b("/a")));
        assertTrue(ds.delete(b("/a")));
        assertFalse(ds.delete(b("/a")));
        assertFalse(ds.has(b("/a")));
    }

    @Test
    void scanReturnsOnlyThePrefixInUnsignedKeyOrder() {
        ds.put(b("/pins/recursive/b"), b(""));
        ds.put(b("/pins/recursive/a"), b(""));
        ds.put(new byte[] {'/', 'p', 'i', 'n', 's', '/', 'r', 'e', 'c', 'u', 'r', 's', 'i', 'v', 'e', '/', (byte) 0xff},
                b(""));
        ds.put(b("/pins/direct/a"), b(""));
        ds.put(b("/pins/recursivf"), b(""));
        List<String> found = keys(ds.scan(b("/pins/recursive/")));
        assertEquals(3, found.size(), found.toString());
        assertEquals("/pins/recursive/a", found.get(0));
        assertEquals("/pins/recursive/b", found.get(1));
        assertEquals(5, keys(ds.scan(new byte[0])).size());
        assertEquals(List.of(), keys(ds.scan(b("/zzz"))));
    }

    @Test
    void scanIsASnapshot() {
        ds.put(b("/k/1"), b("x"));
        try (Stream<Datastore.Entry> s = ds.scan(b("/k/"))) {
            ds.put(b("/k/2"), b("y"));
            assertEquals(1, s.count());
        }
    }

    @Test
    void batchesApplyTogetherAndSurviveReopening() throws IOException {
        ds.put(b("/gone"), b("x"));
        ds.write(List.of(Datastore.Mutation.put(b("/one"), b("1")), Datastore.Mutation.put(b("/two"), b("2")),
                Datastore.Mutation.delete(b("/gone"))));
        ds.close();
        ds = MvStoreDatastore.open(dir);
        assertArrayEquals(b("1"), ds.get(b("/one")).orElseThrow());
        assertArrayEquals(b("2"), ds.get(b("/two")).orElseThrow());
        assertFalse(ds.has(b("/gone")));
    }

    @Test
    void limitsAndClosedStoreAreTypedErrors() {
        assertThrows(IllegalArgumentException.class, () -> ds.put(new byte[0], b("x")));
        assertThrows(IllegalArgumentException.class, () -> ds.put(new byte[Datastore.MAX_KEY_BYTES + 1], b("x")));
        assertThrows(IllegalArgumentException.class, () -> ds.put(b("/k"), new byte[Datastore.MAX_VALUE_BYTES + 1]));
        ds.put(b("/k"), new byte[Datastore.MAX_VALUE_BYTES]);
        ds.close();
        ds.close();
        DatastoreException e = assertThrows(DatastoreException.class, () -> ds.get(b("/k")));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
