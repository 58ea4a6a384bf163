package io.hypha.multiaddr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hypha.multiformats.Varint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every scenario of multiformats/multiaddr {@code test/multiaddr.feature}. Steps are matched
 * exactly; a step this runner does not know fails the scenario, so a grown upstream file cannot pass
 * silently.
 */
class MultiaddrFeatureConformanceTest {
    private static final HexFormat HEX = HexFormat.of();

    @TestFactory
    List<DynamicTest> scenarios() throws IOException {
        List<String> lines = Files.readAllLines(MultiaddrVectors.file("multiaddr.feature"), StandardCharsets.UTF_8);
        List<DynamicTest> tests = new ArrayList<>();
        String name = null;
        List<String> steps = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("Scenario:")) {
                if (name != null) {
                    tests.add(scenario(name, steps));
                }
                name = line.substring("Scenario:".length()).strip();
                steps = new ArrayList<>();
            } else if (name != null && !line.isEmpty() && !line.startsWith("#")) {
                steps.add(line);
            }
        }
        if (name != null) {
            tests.add(scenario(name, steps));
        }
        assertTrue(tests.size() >= 2, "found only " + tests.size() + " scenarios");
        return tests;
    }

    private static DynamicTest scenario(String name, List<String> steps) {
        List<String> copy = List.copyOf(steps);
        return DynamicTest.dynamicTest(name, () -> run(copy));
    }

    private static void run(List<String> steps) {
        Multiaddr addr = null;
        for (int i = 0; i < steps.size(); i++) {
            String step = steps.get(i);
            if (step.startsWith("Given the multiaddr ")) {
                String given = step.substring("Given the multiaddr ".length());
                addr = given.startsWith("0x") ? Multiaddr.decode(hex(given)) : Multiaddr.parse(given);
                // whichever form was given, the other form must read back to the same multiaddr
                assertEquals(addr, Multiaddr.parse(addr.toString()));
                assertEquals(addr, Multiaddr.decode(addr.bytes()));
            } else if (step.startsWith("Then the packed form is ")) {
                assertArrayEquals(hex(step.substring("Then the packed form is ".length())), require(addr).bytes());
            } else if (step.startsWith("And the packed size is ")) {
                assertEquals(bytesCount(step), require(addr).bytes().length);
            } else if (step.startsWith("Then the string form is ")) {
                assertEquals(step.substring("Then the string form is ".length()), require(addr).toString());
            } else if (step.startsWith("And the string size is ")) {
                assertEquals(bytesCount(step), require(addr).toString().getBytes(StandardCharsets.UTF_8).length);
            } else if (step.equals("And the components are:")) {
                List<Map<String, String>> rows = new ArrayList<>();
                String[] header = null;
                while (i + 1 < steps.size() && steps.get(i + 1).startsWith("|")) {
                    String[] cells = cells(steps.get(++i));
                    if (header == null) {
                        header = cells;
                    } else {
                        Map<String, String> row = new LinkedHashMap<>();
                        for (int c = 0; c < header.length; c++) {
                            row.put(header[c], c < cells.length ? cells[c] : "");
                        }
                        rows.add(row);
                    }
                }
                checkComponents(require(addr), rows);
            } else {
                fail("unknown step '" + step + "': teach this runner the new step");
            }
        }
    }

    private static void checkComponents(Multiaddr addr, List<Map<String, String>> rows) {
        List<Component> components = addr.components();
        assertEquals(rows.size(), components.size(), "component count");
        for (int i = 0; i < rows.size(); i++) {
            Component c = components.get(i);
            for (Map.Entry<String, String> cell : rows.get(i).entrySet()) {
                String expected = cell.getValue();
                switch (cell.getKey()) {
                    case "string" -> assertEquals(expected, c.toString());
                    case "stringSize" -> assertEquals(Integer.parseInt(expected),
                            c.toString().getBytes(StandardCharsets.UTF_8).length);
                    case "packed" -> assertArrayEquals(hex(expected), c.bytes());
                    case "packedSize" -> assertEquals(Integer.parseInt(expected), c.bytes().length);
                    case "value" -> assertEquals(expected, c.valueString());
                    case "valueSize" -> assertEquals(Integer.parseInt(expected), c.value().length);
                    case "protocol" -> assertEquals(expected, c.protocol().protocolName());
                    case "codec" -> assertEquals(Integer.parseInt(expected), c.protocol().code());
                    case "uvarint" -> assertArrayEquals(hex(expected), Varint.encode(c.protocol().code()));
                    case "lengthPrefix" -> {
                        if (expected.isEmpty()) {
                            assertTrue(!c.protocol().isLengthPrefixed(), "no length prefix expected");
                        } else {
                            assertTrue(c.protocol().isLengthPrefixed(), "length prefix expected");
                            assertArrayEquals(hex(expected), Varint.encode(c.value().length));
                        }
                    }
                    case "rawValue" -> assertArrayEquals(hex(expected), c.value());
                    default -> fail("unknown column '" + cell.getKey() + "': teach this runner the new column");
                }
            }
        }
    }

    private static Multiaddr require(Multiaddr addr) {
        assertNotNull(addr, "a step ran before 'Given the multiaddr'");
        return addr;
    }

    private static String[] cells(String row) {
        String inner = row.substring(1, row.lastIndexOf('|'));
        return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toArray(String[]::new);
    }

    private static int bytesCount(String step) {
        String[] words = step.split(" ");
        assertEquals("bytes", words[words.length - 1], step);
        return Integer.parseInt(words[words.length - 2]);
    }

    private static byte[] hex(String text) {
        assertTrue(text.startsWith("0x"), text);
        return HEX.parseHex(text.substring(2));
    }
}
