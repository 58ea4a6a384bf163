package io.hypha.node.car;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Varint;
import io.hypha.node.TestVectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CarHeaderTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesRootsThenVersion() {
        Cid root = Cid.decode("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
        String expected = "a2" + "65726f6f7473" + "81" + "d82a" + "5823" + "00" + HEX.formatHex(root.bytes())
                + "6776657273696f6e" + "01";
        assertEquals(expected, HEX.formatHex(new CarHeader(List.of(root)).encode()));
    }

    @Test
    void fixtureHeadersDecodeAndReEncodeIdentically() throws IOException {
        for (Path car : TestVectors.carFiles()) {
            byte[] bytes = Files.readAllBytes(car);
            Varint.Decoded length = Varint.decode(bytes, 0);
            byte[] header = Arrays.copyOfRange(bytes, length.length(), length.length() + (int) length.value());
            CarHeader decoded = CarHeader.decode(header);
            assertEquals(1, decoded.roots().size(), car.toString());
            assertArrayEquals(header, decoded.encode(), car.toString());
        }
    }

    @Test
    void manyRootsUseLongerLengths() throws CarFormatException {
        Cid root = Cid.decode("bafybeihchr7vmgjaasntayyatmp5sv6xza57iy2h4xj7g46bpjij6yhrmy");
        List<Cid> roots = java.util.Collections.nCopies(300, root);
        assertEquals(roots, CarHeader.decode(new CarHeader(roots).encode()).roots());
    }

    @Test
    void malformedHeadersAreRejected() {
        assertRejected("a16776657273696f6e01", "no \"roots\"");
        assertRejected("a165726f6f747380", "no \"version\"");
        assertRejected("a265726f6f7473806776657273696f6e03", "version 3");
        assertRejected("a365726f6f7473806776657273696f6e0163666f6f01", "unexpected key \"foo\"");
        assertRejected("a265726f6f74738065726f6f747380", "duplicate key \"roots\"");
        assertRejected("a265726f6f747381d82b42000167" + "76657273696f6e01", "tag 43");
        assertRejected("a265726f6f7473814200016776657273696f6e01", "major type 2");
        assertRejected("a265726f6f747381d82a420101" + "6776657273696f6e01", "0x00-prefixed");
        assertRejected("bf", "indefinite");
        assertRejected("a265726f6f74738067", "runs past");
        assertRejected("a265726f6f7473806776657273696f6e0100", "after the header map");
    }

    private static void assertRejected(String hex, String expected) {
        CarFormatException e = assertThrows(CarFormatException.class, () -> CarHeader.decode(HEX.parseHex(hex)), hex);
        assertEquals(CarFormatException.HEADER, e.section());
        assertTrue(e.getMessage().contains(expected), hex + ": " + e.getMessage());
    }
}
