package io.hypha.multiformats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MulticodecTest {
    @Test
    void knowsTheCodesTheNodeUses() {
        // SPEC-NOTES 1.10
        assertEquals(0x70, Multicodec.DAG_PB.code());
        assertEquals(0x55, Multicodec.RAW.code());
        assertEquals(0x0129, Multicodec.DAG_JSON.code());
        assertEquals(0x72, Multicodec.LIBP2P_KEY.code());
        assertEquals(0x01a5, Multicodec.P2P.code());
        assertEquals(0x706c61, Multicodec.PLAINTEXTV2.code());
        assertEquals("ipld", Multicodec.DAG_CBOR.tag());
        assertEquals("quic-v1", Multicodec.QUIC_V1.codecName());
        assertEquals(Optional.of(Multicodec.WEBTRANSPORT), Multicodec.forCode(0x01d1));
        assertEquals(Optional.empty(), Multicodec.forCode(0x0309));
        assertEquals(Multicodec.P2P_CIRCUIT, Multicodec.forName("p2p-circuit"));
        assertThrows(MultiformatException.class, () -> Multicodec.forName("memory"));
    }

    @Test
    void namesAndCodesAreUniqueAndHashesAgreeWithHashAlgorithm() {
        Set<Long> codes = new HashSet<>();
        for (Multicodec c : Multicodec.values()) {
            assertTrue(codes.add(c.code()), c.codecName());
            assertEquals(c, Multicodec.forName(c.codecName()));
            assertEquals(Optional.of(c), Multicodec.forCode(c.code()));
        }
        for (HashAlgorithm a : HashAlgorithm.values()) {
            Multicodec c = Multicodec.forName(a.multicodecName());
            assertEquals(a.code(), c.code(), a.name());
            assertEquals("multihash", c.tag(), a.name());
        }
    }
}
