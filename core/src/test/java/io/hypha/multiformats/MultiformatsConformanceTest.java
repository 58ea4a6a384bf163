package io.hypha.multiformats;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hypha.testing.ConformanceVectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every row of the public multiformats vectors ({@code ../shared/vectors}, passed as system property
 * {@code hypha.vectors}); skipped when the folder is absent.
 */
class MultiformatsConformanceTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final List<String> MULTIBASE_FILES =
            List.of("basic.csv", "leading_zero.csv", "two_leading_zeros.csv", "case_insensitivity.csv");

    @TestFactory
    Stream<DynamicTest> multibaseRowsEncodeAndDecode() throws IOException {
        Path dir = vectors("multibase");
        if (dir == null) {
            return skipped("multibase");
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : MULTIBASE_FILES) {
            List<String> lines = Files.readAllLines(dir.resolve(file), UTF_8);
            byte[] input = unescape(unquote(lines.get(0).substring(lines.get(0).indexOf(',') + 1)));
            boolean canonical = !file.equals("case_insensitivity.csv");
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String name = line.substring(0, line.indexOf(',')).trim();
                String text = unquote(line.substring(line.indexOf(',') + 1));
                tests.add(DynamicTest.dynamicTest(file + " " + name, () -> {
                    Multibase base = Multibase.forName(name);
                    assertArrayEquals(input, Multibase.decode(text), "decode");
                    assertEquals(base, Multibase.of(text));
                    String encoded = base.encode(input);
                    if (canonical) {
                        assertEquals(text, encoded, "encode");
                    } else {
                        // The row is in mixed case; the encoder writes its prefix's case.
                        assertTrue(encoded.equalsIgnoreCase(text), () -> "encode " + encoded + " vs " + text);
                    }
                }));
            }
        }
        assertTrue(tests.size() >= 70, "expected every row, found " + tests.size());
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> multibasePrefixTableMatches() throws IOException {
        Path dir = vectors("multibase");
        if (dir == null) {
            return skipped("multibase");
        }
        List<String> lines = Files.readAllLines(dir.resolve("multibase.csv"), UTF_8);
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split(",");
            if (cols.length < 3 || cols[2].trim().equals("none")) {
                continue;
            }
            int codePoint = Integer.parseInt(cols[0].trim().substring(2), 16);
            String name = cols[2].trim();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                Multibase base = Multibase.forName(name);
                assertEquals(codePoint, base.prefixCodePoint());
                assertEquals(base, Multibase.forPrefix(codePoint));
            }));
        }
        assertEquals(Multibase.values().length - 1, tests.size(), "every base but identity (listed as none)");
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> multihashRowsEncode() throws IOException {
        Path dir = vectors("multihash");
        if (dir == null) {
            return skipped("multihash");
        }
        List<String> lines = Files.readAllLines(dir.resolve("test_cases.csv"), UTF_8);
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split(",");
            // The file's "sha3" is SHA3-512 (code 0x14), truncated for the shorter rows.
            String name = cols[0].equals("sha3") ? "sha3-512" : cols[0];
            int bits = Integer.parseInt(cols[1]);
            // The input column is hashed as the ASCII text it is, not as hexadecimal.
            byte[] input = cols[2].getBytes(UTF_8);
            String expected = cols[3];
            tests.add(DynamicTest.dynamicTest(line, () -> {
                Multihash mh = Multihash.digest(HashAlgorithm.forName(name), input, bits / 8);
                assertEquals(expected, mh.toHex());
                Multihash decoded = Multihash.decode(HEX.parseHex(expected));
                assertEquals(mh, decoded);
                assertEquals(bits / 8, decoded.digestLength());
                assertTrue(decoded.verify(input));
            }));
        }
        assertEquals(260, tests.size(), "rows in test_cases.csv");
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> multicodecEntriesMatchTheTable() throws IOException {
        Path dir = vectors("multicodec");
        if (dir == null) {
            return skipped("multicodec");
        }
        java.util.Map<String, String[]> table = new java.util.HashMap<>();
        List<String> lines = Files.readAllLines(dir.resolve("table.csv"), UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split(",", -1);
            if (cols.length >= 3) {
                table.put(cols[0].trim(), new String[] {cols[1].trim(), cols[2].trim()});
            }
        }
        return Stream.of(Multicodec.values()).map(c -> DynamicTest.dynamicTest(c.codecName(), () -> {
            String[] row = table.get(c.codecName());
            assertTrue(row != null, () -> c.codecName() + " is not in table.csv");
            assertEquals(row[0], c.tag(), "tag");
            assertEquals(Long.decode(row[1]).longValue(), c.code(), "code");
        }));
    }

    /** The vector folder, or null when it is absent. */
    static Path vectors(String folder) {
        return ConformanceVectors.find(folder).filter(Files::isDirectory).orElse(null);
    }

    /** A single skipped test saying why, so an absent folder shows up in the report rather than as nothing. */
    static Stream<DynamicTest> skipped(String folder) {
        String why = "public vectors folder " + folder + " not found under -Dhypha.vectors="
                + System.getProperty("hypha.vectors") + "; conformance rows skipped";
        return Stream.of(DynamicTest.dynamicTest(folder + " vectors", () -> assumeTrue(false, why)));
    }

    private static String unquote(String s) {
        String t = s.trim();
        return t.substring(1, t.length() - 1);
    }

    /** The vector files write a NUL byte as the four characters {@code \x00}. */
    private static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); ) {
            if (s.startsWith("\\x", i)) {
                out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 4;
            } else {
                int cp = s.codePointAt(i);
                out.writeBytes(Character.toString(cp).getBytes(UTF_8));
                i += Character.charCount(cp);
            }
        }
        return out.toByteArray();
    }
}
