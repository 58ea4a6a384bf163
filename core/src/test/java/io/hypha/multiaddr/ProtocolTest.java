package io.hypha.multiaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProtocolTest {

    @Test
    void codesFromTheSpecNotes() {
        // SPEC-NOTES 1.10 and multicodec table.csv
        assertEquals(0x04, Protocol.IP4.code());
        assertEquals(0x06, Protocol.TCP.code());
        assertEquals(0x0111, Protocol.UDP.code());
        assertEquals(0x29, Protocol.IP6.code());
        assertEquals(0x38, Protocol.DNSADDR.code());
        assertEquals(0x0122, Protocol.P2P_CIRCUIT.code());
        assertEquals(0x01cd, Protocol.QUIC_V1.code());
        assertEquals(0x01d2, Protocol.CERTHASH.code());
        assertEquals(0x01a5, Protocol.P2P.code());
        assertEquals(0x0309, Protocol.MEMORY.code());
        assertEquals(7367777, Protocol.PLAINTEXTV2.code());
    }

    @Test
    void lookupsByCodeAndNameAreInverse() {
        Set<String> names = new HashSet<>();
        for (Protocol p : Protocol.values()) {
            assertEquals(Optional.of(p), Protocol.byCode(p.code()));
            assertEquals(Optional.of(p), Protocol.byName(p.protocolName()));
            assertTrue(names.add(p.protocolName()), "duplicate name " + p.protocolName());
            assertEquals(p.protocolName(), p.toString());
        }
    }

    @Test
    void ipfsIsAnAliasOfP2p() {
        assertEquals(Optional.of(Protocol.P2P), Protocol.byName("ipfs"));
        assertEquals("p2p", Protocol.P2P.protocolName());
        assertEquals(java.util.List.of("ipfs"), Protocol.P2P.aliases());
    }

    @Test
    void unknownLookupsAreEmpty() {
        assertEquals(Optional.empty(), Protocol.byCode(0));
        assertEquals(Optional.empty(), Protocol.byCode(-1));
        assertEquals(Optional.empty(), Protocol.byCode(1L << 40));
        assertEquals(Optional.empty(), Protocol.byName("IP4")); // case-sensitive
        assertEquals(Optional.empty(), Protocol.byName(""));
    }

    @Test
    void sizes() {
        assertEquals(32, Protocol.IP4.sizeBits());
        assertEquals(128, Protocol.IP6.sizeBits());
        assertEquals(Protocol.LENGTH_PREFIXED, Protocol.DNS.sizeBits());
        assertTrue(Protocol.UNIX.isPath());
        assertFalse(Protocol.HTTP_PATH.isPath());
        assertFalse(Protocol.TLS.hasValue());
        assertTrue(Protocol.P2P.isLengthPrefixed());
    }
}
