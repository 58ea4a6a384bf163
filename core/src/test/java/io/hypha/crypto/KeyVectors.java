package io.hypha.crypto;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hypha.testing.ConformanceVectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * The shared key vectors ({@code crypto/peer-id-keys.csv} and go-libp2p's signature fixtures) in the
 * directory named by the {@code hypha.vectors} system property. Tests using them are skipped, with
 * a message, when the directory is absent.
 */
public final class KeyVectors {
    /** The message go-libp2p's {@code fixture_test.go} signed to produce {@code <n>.sig}. */
    public static final byte[] FIXTURE_MESSAGE = "Libp2p is the _best_!".getBytes(StandardCharsets.US_ASCII);

    private KeyVectors() {}

    /** One row of {@code peer-id-keys.csv}. */
    public record Row(String keyType, String kind, byte[] protobuf) {}

    /** The {@code crypto} vector directory; skips the calling test when it is not there. */
    public static Path directory() {
        return ConformanceVectors.require("crypto");
    }

    /** Every data row of {@code peer-id-keys.csv}. */
    public static List<Row> keyRows() {
        Path csv = directory().resolve("peer-id-keys.csv");
        try {
            return Files.readAllLines(csv).stream()
                    .skip(1)
                    .filter(line -> !line.isBlank())
                    .map(line -> line.split(",", -1))
                    .map(cols -> new Row(cols[0], cols[1], HexFormat.of().parseHex(cols[2].strip())))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The row for {@code keyType} ("ed25519", "rsa", ...) and {@code kind} ("public", "private"). */
    public static byte[] key(String keyType, String kind) {
        return keyRows().stream()
                .filter(row -> row.keyType().equals(keyType) && row.kind().equals(kind))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + keyType + " " + kind + " row in peer-id-keys.csv"))
                .protobuf();
    }

    /** The bytes of fixture file {@code name} (e.g. {@code "0.sig"}). */
    public static byte[] fixture(String name) {
        try {
            return Files.readAllBytes(directory().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
