package io.hypha.node;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hypha.testing.ConformanceVectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The public conformance vectors, found through the {@code hypha.vectors} system property that surefire
 * passes. Tests that need them are skipped (with the reason) when the folder is absent.
 */
public final class TestVectors {
    private TestVectors() {}

    /** The vectors' {@code subdir}, or a skipped test when it is not available. */
    public static Path dir(String subdir) {
        return ConformanceVectors.require(subdir);
    }

    /** The CAR fixtures, sorted by name. */
    public static List<Path> carFiles() {
        try (Stream<Path> files = Files.list(dir("car"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".car")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One CAR fixture by file name. */
    public static Path car(String name) {
        Path p = dir("car").resolve(name);
        assumeTrue(Files.isRegularFile(p), "CAR fixture " + p + " is absent; test skipped");
        return p;
    }
}
