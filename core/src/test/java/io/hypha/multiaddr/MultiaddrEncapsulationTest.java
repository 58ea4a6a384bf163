package io.hypha.multiaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MultiaddrEncapsulationTest {

    @Test
    void encapsulateAppends() {
        Multiaddr ip = Multiaddr.parse("/ip4/1.2.3.4");
        Multiaddr tcp = Multiaddr.parse("/tcp/80");
        Multiaddr both = ip.encapsulate(tcp);
        assertEquals("/ip4/1.2.3.4/tcp/80", both.toString());
        assertEquals(Multiaddr.parse("/ip4/1.2.3.4/tcp/80"), both);
        assertEquals("/ip4/1.2.3.4/tcp/80/ws", both.encapsulate(Component.of(Protocol.WS)).toString());
        assertEquals("/ip4/1.2.3.4", ip.toString()); // unchanged
    }

    @Test
    void encapsulatingAfterAPathIsRejected() {
        Multiaddr unix = Multiaddr.parse("/unix/tmp/sock");
        assertThrows(MultiaddrException.class, () -> unix.encapsulate(Multiaddr.parse("/tls")));
        assertEquals("/ip4/1.2.3.4/unix/tmp/sock", Multiaddr.parse("/ip4/1.2.3.4").encapsulate(unix).toString());
    }

    /** go-multiaddr TestDecapsulate; an empty expectation means nothing is left. */
    @ParameterizedTest
    @CsvSource({
        "/ip4/1.2.3.4/tcp/1234, /ip4/1.2.3.4, ''",
        "/ip4/1.2.3.4, /ip4/1.2.3.4/tcp/1234, /ip4/1.2.3.4",
        "/ip4/1.2.3.5/tcp/1234, /ip4/5.3.2.1, /ip4/1.2.3.5/tcp/1234",
        "/ip4/1.2.3.5/udp/1234/quic-v1, /udp/1234, /ip4/1.2.3.5",
        "/ip4/1.2.3.6/udp/1234/quic-v1, /udp/1234/quic-v1, /ip4/1.2.3.6",
        "/ip4/1.2.3.7/tcp/1234, /ws, /ip4/1.2.3.7/tcp/1234",
        "/dnsaddr/wss.com/tcp/4001, /ws, /dnsaddr/wss.com/tcp/4001",
        "/dnsaddr/wss.com/tcp/4001/ws, /wss, /dnsaddr/wss.com/tcp/4001/ws",
        "/dnsaddr/wss.com/ws, /wss, /dnsaddr/wss.com/ws",
        "/dnsaddr/wss.com/ws, /dnsaddr/wss.com, ''",
        "/dnsaddr/wss.com/tcp/4001/wss, /wss, /dnsaddr/wss.com/tcp/4001",
        // the last occurrence goes, with everything after it
        "/ip4/1.2.3.4/tcp/1/ip4/1.2.3.4/tcp/1/ws, /ip4/1.2.3.4/tcp/1, /ip4/1.2.3.4/tcp/1",
        "/ip4/1.2.3.4/tcp/1/tls/tcp/1, /tcp/1, /ip4/1.2.3.4/tcp/1/tls",
        // whole components only: /tcp/12 does not match /tcp/1
        "/ip4/1.2.3.4/tcp/12, /tcp/1, /ip4/1.2.3.4/tcp/12",
    })
    void decapsulateRemovesTheLastOccurrence(String left, String right, String expected) {
        Multiaddr result = Multiaddr.parse(left).decapsulate(Multiaddr.parse(right));
        if (expected.isEmpty()) {
            assertTrue(result.isEmpty());
            assertEquals("", result.toString());
            assertEquals(0, result.bytes().length);
        } else {
            assertEquals(expected, result.toString());
        }
    }

    @Test
    void decapsulateReturnsThisWhenAbsentOrEmpty() {
        Multiaddr m = Multiaddr.parse("/ip4/1.2.3.4/tcp/1");
        assertSame(m, m.decapsulate(Multiaddr.parse("/udp/1")));
        assertSame(m, m.decapsulate(Multiaddr.of()));
        assertSame(m, m.decapsulate(Protocol.QUIC));
    }

    @Test
    void decapsulateThenEncapsulateRoundTrips() {
        for (String s : List.of("/ip4/1.2.3.4/tcp/1234", "/ip4/1.2.3.5/udp/1234/quic-v1", "/dnsaddr/wss.com/ws",
                "/dnsaddr/wss.com/tcp/4001/wss", "/ip4/1.2.3.4/tcp/80/unix/a/b")) {
            Multiaddr m = Multiaddr.parse(s);
            List<Component> cs = m.components();
            Multiaddr last = Multiaddr.of(cs.get(cs.size() - 1));
            Multiaddr butLast = m.decapsulate(last);
            assertEquals(Multiaddr.of(cs.subList(0, cs.size() - 1).toArray(Component[]::new)), butLast);
            assertEquals(s, butLast.encapsulate(last).toString());
        }
    }

    @Test
    void decapsulateByProtocolCutsAtTheLastOne() {
        Multiaddr m = Multiaddr.parse("/ip4/1.2.3.4/tcp/1/p2p-circuit/ip4/5.6.7.8/tcp/2/ws");
        assertEquals("/ip4/1.2.3.4/tcp/1/p2p-circuit/ip4/5.6.7.8", m.decapsulate(Protocol.TCP).toString());
        assertEquals("/ip4/1.2.3.4/tcp/1", m.decapsulate(Protocol.P2P_CIRCUIT).toString());
        assertTrue(m.decapsulate(Protocol.IP4).toString().equals("/ip4/1.2.3.4/tcp/1/p2p-circuit"));
        assertTrue(Multiaddr.parse("/ip4/1.2.3.4").decapsulate(Protocol.IP4).isEmpty());
    }

    @Test
    void emptyMultiaddrIsNeutral() {
        Multiaddr empty = Multiaddr.of();
        Multiaddr m = Multiaddr.parse("/tcp/1");
        assertTrue(empty.isEmpty());
        assertSame(m, empty.encapsulate(m));
        assertSame(m, m.encapsulate(empty));
        assertEquals(empty, Multiaddr.parse("/tcp/1").decapsulate(m));
        assertSame(empty, empty.decapsulate(m));
        // the empty multiaddr is not a valid address on the wire or in text
        assertThrows(MultiaddrException.class, () -> Multiaddr.decode(empty.bytes()));
        assertThrows(MultiaddrException.class, () -> Multiaddr.parse(empty.toString()));
    }
}
