package io.hypha.multiaddr;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of multiaddr decoding and parsing (Jazzer; corpus in
 * {@code src/test/resources/io/hypha/multiaddr/MultiaddrCodecFuzzTestInputs/decodeAndParse}). Each input is decoded
 * as the binary form and parsed as UTF-8 text, so the corpus holds real encodings of both forms. Only
 * {@link MultiaddrException} may escape. A decoded multiaddr must give back exactly the bytes it came from, its text
 * must parse back to it, and its text form must be a fixed point; a parsed one must survive the trip through bytes and
 * print the same text again. {@link MultiaddrFuzzTest} keeps the seeded mutation tests of the same properties.
 */
class MultiaddrCodecFuzzTest {
    /** Just above {@link Multiaddr#MAX_ENCODED_LENGTH}: the limit check itself stays reachable. */
    private static final int MAX_INPUT = Multiaddr.MAX_ENCODED_LENGTH + 16;

    @FuzzTest
    void decodeAndParse(byte[] input) {
        if (input.length > MAX_INPUT) {
            return;
        }
        binary(input);
        text(new String(input, UTF_8));
    }

    private static void binary(byte[] input) {
        Multiaddr m;
        try {
            m = Multiaddr.decode(input);
        } catch (MultiaddrException rejected) {
            return;
        }
        assertFalse(m.isEmpty());
        assertArrayEquals(input, m.bytes());
        assertEquals(m, Multiaddr.of(m.components().toArray(Component[]::new)));
        String text = m.toString();
        Multiaddr parsed = Multiaddr.parse(text);
        assertEquals(m, parsed);
        assertEquals(text, parsed.toString());
    }

    private static void text(String input) {
        Multiaddr m;
        try {
            m = Multiaddr.parse(input);
        } catch (MultiaddrException rejected) {
            return;
        }
        assertFalse(m.isEmpty());
        Multiaddr decoded = Multiaddr.decode(m.bytes());
        assertEquals(m, decoded);
        String text = m.toString();
        assertEquals(text, decoded.toString());
        assertEquals(m, Multiaddr.parse(text));
        assertEquals(text, Multiaddr.parse(text).toString());
    }
}
