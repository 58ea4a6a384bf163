package io.hypha.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The public conformance vectors (multibase, multihash, multiaddr, keys, Noise, CAR, IPNS), found through the
 * {@code hypha.vectors} system property the build sets to the {@code vectors} folder beside the checkout.
 * Tests that need them are skipped when they are absent, and the first skip in a test JVM says so on the
 * console, with the folder it looked in, so a run without them never looks like a full pass.
 */
public final class ConformanceVectors {
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private ConformanceVectors() {}

    /** {@code relative} under the vectors folder if it exists there. */
    public static Optional<Path> find(String relative) {
        String root = System.getProperty("hypha.vectors");
        if (root == null || root.isBlank()) {
            warn("the system property hypha.vectors is not set");
            return Optional.empty();
        }
        Path path = Path.of(root).resolve(relative).normalize();
        if (!Files.exists(path)) {
            warn(path + " does not exist");
            return Optional.empty();
        }
        return Optional.of(path);
    }

    /** {@code relative} under the vectors folder; the calling test is skipped, saying why, when it is absent. */
    public static Path require(String relative) {
        Optional<Path> path = find(relative);
        assumeTrue(path.isPresent(), () -> "conformance vectors absent (" + relative + " under -Dhypha.vectors="
                + System.getProperty("hypha.vectors") + "): test skipped");
        return path.get();
    }

    private static void warn(String why) {
        if (WARNED.compareAndSet(false, true)) {
            System.out.println("[WARNING] public conformance vectors not found (" + why + "): the tests that check"
                    + " against them are SKIPPED in this run; put the vectors folder beside the checkout or give Maven"
                    + " -Dhypha.vectors.dir=DIR");
        }
    }
}
