package io.hypha.multiaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every row of multiformats/multiaddr {@code protocols.csv} is in {@link Protocol}, with its size. */
class ProtocolTableConformanceTest {

    @Test
    void everyCsvRowIsKnownWithItsSize() throws IOException {
        List<String> lines = Files.readAllLines(MultiaddrVectors.file("protocols.csv"), StandardCharsets.UTF_8);
        int rows = 0;
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", 4);
            int code = Integer.parseInt(fields[0].strip());
            String size = fields[1].strip();
            String name = fields[2].strip();
            Protocol byName = Protocol.byName(name).orElseThrow(() -> new AssertionError("unknown name " + name));
            assertEquals(code, byName.code(), name);
            assertEquals(byName, Protocol.byCode(code).orElseThrow(), name);
            if (byName == Protocol.MEMORY) {
                // documented deviation: go and rust encode memory as a fixed 64-bit number
                assertEquals("V", size, "the csv changed its memory size; revisit Protocol.MEMORY");
                assertEquals(64, byName.sizeBits());
            } else if (size.equals("V")) {
                assertTrue(byName.isLengthPrefixed(), name + " should be length-prefixed");
            } else {
                assertEquals(Integer.parseInt(size), byName.sizeBits(), name);
            }
            rows++;
        }
        assertTrue(rows >= 40, "read only " + rows + " rows from protocols.csv");
    }
}
