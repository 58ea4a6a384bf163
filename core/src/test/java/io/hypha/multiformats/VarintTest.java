package io.hypha.multiformats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class VarintTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesSpecExamples() {
        // multiformats/unsigned-varint README and SPEC-NOTES 1.1
        assertEquals("00", HEX.formatHex(Varint.encode(0)));
        assertEquals("01", HEX.formatHex(Varint.encode(1)));
        assertEquals("7f", HEX.formatHex(Varint.encode(127)));
        assertEquals("8001", HEX.formatHex(Varint.encode(128)));
        assertEquals("ff01", HEX.formatHex(Varint.encode(255)));
        assertEquals("ac02", HEX.formatHex(Varint.encode(300)));
        assertEquals("a503", HEX.formatHex(Varint.encode(0x01a5)));
        assertEquals("808001", HEX.formatHex(Varint.encode(16384)));
        assertEquals("ffffffffffffffff7f", HEX.formatHex(Varint.encode(Long.MAX_VALUE)));
    }

    @Test
    void roundTripsAcrossBoundaries() {
        for (int shift = 0; shift < 63; shift++) {
            for (long delta = -1; delta <= 1; delta++) {
                long v = (1L << shift) + delta;
                if (v < 0) {
                    continue;
                }
                byte[] enc = Varint.encode(v);
                assertEquals(Varint.size(v), enc.length);
                Varint.Decoded d = Varint.decode(enc, 0);
                assertEquals(v, d.value());
                assertEquals(enc.length, d.length());
                assertEquals(v, Varint.read(ByteBuffer.wrap(enc)));
            }
        }
    }

    @Test
    void rejectsTruncatedOverlongAndNonMinimal() {
        assertThrows(MultiformatException.class, () -> Varint.decode(new byte[0], 0));
        assertThrows(MultiformatException.class, () -> Varint.decode(HEX.parseHex("80"), 0));
        assertThrows(MultiformatException.class, () -> Varint.decode(HEX.parseHex("8000"), 0));
        assertThrows(MultiformatException.class, () -> Varint.decode(HEX.parseHex("ff80"), 0)); // truncated
        assertThrows(MultiformatException.class, () -> Varint.decode(HEX.parseHex("81808080808080808000"), 0));
        assertThrows(MultiformatException.class, () -> Varint.decode(HEX.parseHex("ffffffffffffffffff01"), 0));
        assertThrows(MultiformatException.class, () -> Varint.read(ByteBuffer.wrap(HEX.parseHex("ff8000"))));
        assertThrows(IllegalArgumentException.class, () -> Varint.encode(-1));
    }

    @Test
    void decodeRespectsLimitAndOffset() {
        byte[] buf = HEX.parseHex("00ac02");
        assertEquals(new Varint.Decoded(300, 2), Varint.decode(buf, 1));
        assertThrows(MultiformatException.class, () -> Varint.decode(buf, 1, 2));
        assertArrayEquals(HEX.parseHex("ac02"), Varint.encode(300));
    }
}
