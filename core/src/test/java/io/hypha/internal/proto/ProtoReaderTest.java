package io.hypha.internal.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtoReaderTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void skippingALengthDelimitedFieldLandsOnTheNextField() {
        // field 1000 = "abc", then field 1 = varint 7
        ProtoReader r = new ProtoReader(HEX.parseHex("c23e03616263" + "0807"), "test");
        assertTrue(r.next());
        assertEquals(1000, r.field());
        r.skip();
        assertTrue(r.next());
        assertEquals(1, r.field());
        assertEquals(7, r.varint());
        assertFalse(r.next());
    }

    @Test
    void aLengthAbove2To63IsRejectedNotUsed() {
        // field 2, length-delimited, length varint whose tenth byte sets bit 63
        byte[] in = HEX.parseHex("12" + "9d8caaeadae5c5b2872b" + "00");
        ProtoReader read = new ProtoReader(in, "test");
        assertTrue(read.next());
        assertThrows(ProtoException.class, () -> read.bytes(Integer.MAX_VALUE));
        ProtoReader skip = new ProtoReader(in, "test");
        assertTrue(skip.next());
        assertThrows(ProtoException.class, skip::skip);
    }

    @Test
    void aVarintThatOverflows64BitsIsRejected() {
        ProtoReader max = new ProtoReader(HEX.parseHex("08" + "ffffffffffffffffff01"), "test");
        assertTrue(max.next());
        assertEquals(-1L, max.varint()); // 2^64 - 1, the raw 64 bits
        ProtoReader over = new ProtoReader(HEX.parseHex("08" + "ffffffffffffffffff02"), "test");
        assertTrue(over.next());
        ProtoException e = assertThrows(ProtoException.class, over::varint);
        assertTrue(e.getMessage().contains("overflows 64 bits"), e.getMessage());
        ProtoReader eleven = new ProtoReader(HEX.parseHex("08" + "8080808080808080808001"), "test");
        assertTrue(eleven.next());
        assertThrows(ProtoException.class, eleven::varint);
    }

    @Test
    void unsignedReadsCheckTheirRange() {
        ProtoReader r = new ProtoReader(HEX.parseHex("08ffffffff0f" + "0880808080" + "10" + "08ffffffffffffffff7f"
                + "0880808080808080808001"), "test");
        assertTrue(r.next());
        assertEquals(-1, r.uint32()); // 2^32 - 1, held in an int
        assertTrue(r.next());
        assertTrue(assertThrows(ProtoException.class, r::uint32).getMessage().contains("32 bits"));
        assertTrue(r.next());
        assertEquals(Long.MAX_VALUE, r.uint64());
        assertTrue(r.next());
        assertTrue(assertThrows(ProtoException.class, r::uint64).getMessage().contains("larger than"));
    }

    @Test
    void errorsNameTheFieldAndItsOffset() {
        ProtoReader r = new ProtoReader(HEX.parseHex("0802" + "120b68"), "UnixFS Data", n -> n == 2 ? "Data" : null);
        assertTrue(r.next());
        assertEquals(0, r.fieldOffset());
        assertEquals(2, r.varint());
        assertEquals(2, r.position());
        assertTrue(r.next());
        assertEquals(2, r.fieldOffset());
        ProtoException e = assertThrows(ProtoException.class, r::bytes);
        assertEquals("UnixFS Data: Data at byte 3 claims 11 bytes but only 1 remain", e.getMessage());

        ProtoReader unnamed = new ProtoReader(HEX.parseHex("0a01" + "00" + "1a03" + "000000"), "m");
        assertTrue(unnamed.next());
        ProtoException wire = assertThrows(ProtoException.class, unnamed::varint);
        assertEquals("m: field 1 at byte 0 has wire type 2, expected 0", wire.getMessage());
    }

    @Test
    void embeddedMessagesKeepAbsoluteOffsetsAndTheirOwnNames() {
        // field 3 = { field 1 = varint 5, field 2 = "ab" }, then field 4 = varint 1
        ProtoReader r = new ProtoReader(HEX.parseHex("1a06" + "0805" + "12026162" + "2001"), "outer");
        assertTrue(r.next());
        ProtoReader inner = r.message(16, "inner", n -> n == 2 ? "Name" : null);
        assertTrue(inner.next());
        assertEquals(2, inner.fieldOffset());
        assertEquals(5, inner.varint());
        assertTrue(inner.next());
        assertEquals("ab", inner.string(16));
        assertFalse(inner.next());
        assertTrue(r.next());
        assertEquals(4, r.field());
        assertEquals(1, r.varint());
        assertFalse(r.next());
        ProtoReader tooLong = new ProtoReader(HEX.parseHex("1a06" + "0805" + "12026162"), "outer");
        assertTrue(tooLong.next());
        assertThrows(ProtoException.class, () -> tooLong.message(5, "inner"));
    }

    @Test
    void packedUint64ReadsOneRunAndNoFurther() {
        List<Long> values = new ArrayList<>();
        ProtoReader r = new ProtoReader(HEX.parseHex("2204" + "01" + "ac02" + "00" + "2001"), "test");
        assertTrue(r.next());
        r.packedUint64(values::add);
        assertEquals(List.of(1L, 300L, 0L), values);
        assertTrue(r.next());
        assertEquals(1, r.uint64());
        // a varint whose continuation bit runs past the packed run, into the next field
        ProtoReader past = new ProtoReader(HEX.parseHex("2202" + "01ac" + "02"), "test");
        assertTrue(past.next());
        assertTrue(assertThrows(ProtoException.class, () -> past.packedUint64(v -> { })).getMessage()
                .contains("truncated varint"));
    }

    @Test
    void fieldNumbersUpToProtobufsMaximumAreAccepted() {
        ProtoReader max = new ProtoReader(HEX.parseHex("f8ffffff0f" + "00"), "test"); // field 2^29 - 1, varint
        assertTrue(max.next());
        assertEquals((1 << 29) - 1, max.field());
        ProtoException over = assertThrows(ProtoException.class,
                () -> new ProtoReader(HEX.parseHex("8080808010" + "00"), "test").next()); // field 2^29
        assertTrue(over.getMessage().contains("invalid field number 536870912 at byte 0"), over.getMessage());
    }

    @Test
    void varintSizeIsTheWrittenLength() {
        for (long v : new long[] {0, 1, 127, 128, 300, 16383, 16384, Integer.MAX_VALUE, Long.MAX_VALUE, -1, Long.MIN_VALUE}) {
            assertEquals(new ProtoWriter().rawVarint(v).size(), ProtoWriter.varintSize(v), Long.toString(v));
        }
        assertEquals(10, ProtoWriter.varintSize(-1));
    }
}
