package io.hypha.internal.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
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
}
