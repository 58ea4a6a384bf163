package io.hypha.security.noise;

import io.hypha.testing.ConformanceVectors;
import java.io.IOException;
import java.nio.file.Files;

/** Locates the shared public vectors (system property {@code hypha.vectors}); tests are skipped without them. */
final class NoiseVectors {
    static final String CACOPHONY_XX = "noise/cacophony-XX_25519_ChaChaPoly_SHA256.json";

    static String read(String relative) throws IOException {
        return Files.readString(ConformanceVectors.require(relative));
    }

    private NoiseVectors() {}
}
