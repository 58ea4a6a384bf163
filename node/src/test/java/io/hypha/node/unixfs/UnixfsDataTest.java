package io.hypha.node.unixfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnixfsDataTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void helloWorldLeafMatchesKubo() {
        // SPEC-NOTES 2.4: the dag-pb Data of the `hello world` leaf is 08 02 12 0b "hello world" 18 0b
        byte[] wire = HEX.parseHex("0802120b68656c6c6f20776f726c64180b");
        UnixfsData d = UnixfsData.decode(wire);
        assertEquals(UnixfsType.FILE, d.type());
        assertEquals("hello world", new String(d.data(), StandardCharsets.US_ASCII));
        assertEquals(11L, d.filesize());
        assertEquals(List.of(), d.blocksizes());
        UnixfsData built = UnixfsData.file("hello world".getBytes(StandardCharsets.US_ASCII), 11, List.of());
        assertArrayEquals(wire, built.encode());
        assertEquals(d, built);
    }

    @Test
    void emptyFileHasNoDataField() {
        byte[] wire = HEX.parseHex("08021800");
        UnixfsData d = UnixfsData.decode(wire);
        assertNull(d.data());
        assertEquals(0L, d.filesize());
        assertArrayEquals(wire, UnixfsData.file(null, 0, List.of()).encode());
    }

    @Test
    void directoryIsTypeOnly() {
        assertArrayEquals(HEX.parseHex("0801"), UnixfsData.directory().encode());
        assertEquals(UnixfsType.DIRECTORY, UnixfsData.decode(HEX.parseHex("0801")).type());
    }

    @Test
    void blocksizesAreWrittenUnpackedAndReadEitherWay() {
        // SPEC-NOTES 1.11: multiblock.txt root = Type=2, filesize=1026, blocksizes 256,256,256,256,2
        UnixfsData d = UnixfsData.file(null, 1026, List.of(256L, 256L, 256L, 256L, 2L));
        byte[] unpacked = HEX.parseHex("0802188208208002208002208002208002" + "2002");
        assertArrayEquals(unpacked, d.encode());
        assertEquals(d, UnixfsData.decode(unpacked));
        byte[] packed = HEX.parseHex("08021882082209800280028002800202");
        assertEquals(d, UnixfsData.decode(packed));
    }

    @Test
    void hamtFieldsModeAndMtimeRoundTrip() {
        UnixfsData d = new UnixfsData(UnixfsType.HAMT_SHARD, new byte[] {1, 2}, null, List.of(), 0x22L, 256L,
                0755, new UnixTime(-5, 123));
        UnixfsData back = UnixfsData.decode(d.encode());
        assertEquals(d, back);
        assertEquals(0x22L, back.hashType());
        assertEquals(256L, back.fanout());
        assertEquals(0755, back.mode());
        assertEquals(new UnixTime(-5, 123), back.mtime());
        // mtime.Seconds -5 is a ten-byte varint; fractional nanoseconds a fixed32
        assertTrue(HEX.formatHex(d.encode()).contains("421008fbffffffffffffffff01157b000000"));
    }

    @Test
    void unknownFieldsAreSkipped() {
        // field 15 varint 1 after the type
        assertEquals(UnixfsType.FILE, UnixfsData.decode(HEX.parseHex("08027801")).type());
    }

    @Test
    void malformedInputIsRejectedWithItsOffset() {
        UnixfsException missingType = assertThrows(UnixfsException.class, () -> UnixfsData.decode(HEX.parseHex("1800")));
        assertTrue(missingType.getMessage().contains("Type"), missingType.getMessage());
        UnixfsException duplicate = assertThrows(UnixfsException.class, () -> UnixfsData.decode(HEX.parseHex("08020801")));
        assertTrue(duplicate.getMessage().contains("byte 2"), duplicate.getMessage());
        UnixfsException truncated = assertThrows(UnixfsException.class, () -> UnixfsData.decode(HEX.parseHex("0802120b68")));
        assertTrue(truncated.getMessage().contains("Data at byte 3"), truncated.getMessage());
        assertThrows(UnixfsException.class, () -> UnixfsData.decode(HEX.parseHex("0806")));
        assertThrows(UnixfsException.class, () -> UnixfsData.decode(HEX.parseHex("0a00")));
        // fractional nanoseconds 0 is outside the spec's 1..999999999
        assertThrows(UnixfsException.class, () -> UnixfsData.decode(HEX.parseHex("08024207080115" + "00000000")));
    }
}
