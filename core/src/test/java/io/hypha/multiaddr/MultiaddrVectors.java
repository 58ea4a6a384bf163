package io.hypha.multiaddr;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared multiaddr vectors (system property {@code hypha.vectors}); skips when absent. */
final class MultiaddrVectors {
    private MultiaddrVectors() {}

    static Path file(String name) {
        String dir = System.getProperty("hypha.vectors");
        assumeTrue(dir != null && !dir.isBlank(), "system property hypha.vectors not set: skipping vector test");
        Path path = Path.of(dir, "multiaddr", name);
        assumeTrue(Files.isRegularFile(path), "vector file " + path + " absent: skipping vector test");
        return path;
    }
}
