package io.hypha.multiformats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of {@link Varint} decoding (Jazzer; corpus in
 * {@code src/test/resources/io/hypha/multiformats/VarintFuzzTestInputs/decode}). Every input is read by each
 * decoding entry point: {@link Varint#decode(byte[], int)} at offset 0, {@link Varint#decode(byte[], int, int)} at
 * offset 1 and one byte short of the end, {@link Varint#read} and {@link Varint#readInt}. Only
 * {@link MultiformatException} may escape; the entry points must agree with each other, and a decoded value must
 * re-encode to exactly the bytes it was read from (the encoding is minimal, so it is unique).
 */
class VarintFuzzTest {
    @FuzzTest
    void decode(byte[] input) {
        Varint.Decoded decoded = decodeOrNull(input, 0, input.length);
        checkRead(input, decoded);
        if (decoded != null) {
            assertTrue(decoded.value() >= 0 && decoded.value() <= Varint.MAX_VALUE, "value " + decoded.value());
            assertTrue(decoded.length() >= 1 && decoded.length() <= Varint.MAX_BYTES, "length " + decoded.length());
            assertArrayEquals(Arrays.copyOf(input, decoded.length()), Varint.encode(decoded.value()));
            assertEquals(decoded.length(), Varint.size(decoded.value()));
        }
        if (input.length >= 2) {
            // an offset and a limit must behave exactly as a copy of that range
            int limit = input.length - 1;
            Varint.Decoded inRange = decodeOrNull(input, 1, limit);
            Varint.Decoded inCopy = decodeOrNull(Arrays.copyOfRange(input, 1, limit), 0, limit - 1);
            assertEquals(inCopy, inRange, "decode(in, 1, " + limit + ") differs from decoding a copy of that range");
        }
        assertThrows(MultiformatException.class, () -> Varint.decode(input, input.length + 1, input.length));
    }

    /** {@link Varint#read} agrees with {@code decoded}; {@link Varint#readInt} enforces its bound. */
    private static void checkRead(byte[] input, Varint.Decoded decoded) {
        ByteBuffer in = ByteBuffer.wrap(input);
        if (decoded == null) {
            assertThrows(MultiformatException.class, () -> Varint.read(in));
            return;
        }
        assertEquals(decoded.value(), Varint.read(in));
        assertEquals(decoded.length(), in.position());
        if (decoded.value() > Integer.MAX_VALUE) {
            assertThrows(MultiformatException.class,
                    () -> Varint.readInt(ByteBuffer.wrap(input), Integer.MAX_VALUE, "value"));
            return;
        }
        int value = (int) decoded.value();
        assertEquals(value, Varint.readInt(ByteBuffer.wrap(input), value, "value"));
        if (value > 0) {
            assertThrows(MultiformatException.class, () -> Varint.readInt(ByteBuffer.wrap(input), value - 1, "value"));
        }
    }

    private static Varint.Decoded decodeOrNull(byte[] input, int offset, int limit) {
        try {
            return Varint.decode(input, offset, limit);
        } catch (MultiformatException rejected) {
            return null;
        }
    }
}
