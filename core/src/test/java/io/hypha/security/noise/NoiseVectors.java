package io.hypha.security.noise;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared public vectors (system property {@code hypha.vectors}); tests are skipped without them. */
final class NoiseVectors {
    static final String CACOPHONY_XX = "noise/cacophony-XX_25519_ChaChaPoly_SHA256.json";

    static String read(String relative) throws IOException {
        String dir = System.getProperty("hypha.vectors");
        assumeTrue(dir != null, "system property hypha.vectors not set: skipping the public vector test");
        Path file = Path.of(dir).resolve(relative);
        assumeTrue(Files.isRegularFile(file), "vector file " + file + " absent: skipping the public vector test");
        return Files.readString(file);
    }

    private NoiseVectors() {}
}
