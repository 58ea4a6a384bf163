package io.hypha.multiaddr;

import io.hypha.testing.ConformanceVectors;
import java.nio.file.Path;

/** Locates the shared multiaddr vectors (system property {@code hypha.vectors}); skips when absent. */
final class MultiaddrVectors {
    private MultiaddrVectors() {}

    static Path file(String name) {
        return ConformanceVectors.require("multiaddr/" + name);
    }
}
