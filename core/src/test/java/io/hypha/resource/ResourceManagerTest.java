package io.hypha.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.peer.PeerId;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each limit of the resource manager, attacked at its boundary, and the accounting returned to zero. */
class ResourceManagerTest {
    private static final long MIB = 1024 * 1024;

    private static PeerId peer() {
        return PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519).publicKey());
    }

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void handshakingSlotsAreTheirOwnPool() throws Exception {
        ResourceManager rm = new ResourceManager(ResourceLimits.forMemory(64 * MIB)
                .with(Limit.HANDSHAKING_INBOUND, 2).with(Limit.CONNECTIONS_PER_IP, 100));
        ConnectionScope a = rm.openConnection(true, ip("10.0.0.1"));
        ConnectionScope b = rm.openConnection(true, ip("10.0.0.2"));
        ResourceLimitException e = assertThrows(ResourceLimitException.class, () -> rm.openConnection(true, ip("10.0.0.3")));
        assertEquals(Limit.HANDSHAKING_INBOUND, e.limit());
        assertTrue(e.getMessage().contains("MaxHandshakingInbound"), e.getMessage());
        // our own dials are not starved by inbound handshakes
        ConnectionScope out = rm.openConnection(false, null);
        // an authenticated connection leaves the transient pool
        a.setPeer(peer());
        ConnectionScope c = rm.openConnection(true, ip("10.0.0.3"));
        assertEquals(1, rm.stats().connectionsInbound());
        assertEquals(2, rm.stats().handshakingInbound());
        for (ConnectionScope s : List.of(a, b, c, out)) {
            s.close();
            s.close(); // idempotent
        }
        assertIdle(rm);
        assertEquals(1, rm.stats().refusals(Limit.HANDSHAKING_INBOUND));
    }

    @Test
    void perIpAndPerSubnetLimitsWithLoopbackExempt() throws Exception {
        ResourceManager rm = new ResourceManager(ResourceLimits.forMemory(64 * MIB)
                .with(Limit.CONNECTIONS_PER_IP, 2).with(Limit.CONNECTIONS_PER_SUBNET, 3));
        List<ConnectionScope> open = new ArrayList<>();
        open.add(rm.openConnection(true, ip("192.0.2.1")));
        open.add(rm.openConnection(true, ip("192.0.2.1")));
        assertEquals(Limit.CONNECTIONS_PER_IP,
                assertThrows(ResourceLimitException.class, () -> rm.openConnection(true, ip("192.0.2.1"))).limit());
        open.add(rm.openConnection(true, ip("192.0.2.200")));
        // the /24 is full; the neighbouring /24 is not
        assertEquals(Limit.CONNECTIONS_PER_SUBNET,
                assertThrows(ResourceLimitException.class, () -> rm.openConnection(true, ip("192.0.2.7"))).limit());
        open.add(rm.openConnection(true, ip("192.0.3.7")));
        // an IPv4-mapped IPv6 address is the same IPv4 host
        assertEquals(Limit.CONNECTIONS_PER_IP,
                assertThrows(ResourceLimitException.class, () -> rm.openConnection(true, ip("::ffff:192.0.2.1"))).limit());
        // IPv6: one /56 shares a budget whatever /64 or address is used
        open.add(rm.openConnection(true, ip("2001:db8:0:1::1")));
        open.add(rm.openConnection(true, ip("2001:db8:0:2::1")));
        open.add(rm.openConnection(true, ip("2001:db8:0:3::1")));
        assertEquals(Limit.CONNECTIONS_PER_SUBNET,
                assertThrows(ResourceLimitException.class, () -> rm.openConnection(true, ip("2001:db8:0:ff::9"))).limit());
        open.add(rm.openConnection(true, ip("2001:db8:0:100::1"))); // another /56
        // loopback is exempt by default, as in go-libp2p
        for (int i = 0; i < 10; i++) {
            open.add(rm.openConnection(true, ip("127.0.0.1")));
        }
        // outbound connections are not counted per IP
        for (int i = 0; i < 5; i++) {
            open.add(rm.openConnection(false, ip("192.0.2.1")));
        }
        open.forEach(ConnectionScope::close);
        assertIdle(rm);

        ResourceManager strict = new ResourceManager(ResourceLimits.forMemory(64 * MIB)
                .with(Limit.CONNECTIONS_PER_IP, 2).withLimitLoopback(true));
        ConnectionScope x = strict.openConnection(true, ip("127.0.0.1"));
        ConnectionScope y = strict.openConnection(true, ip("127.0.0.1"));
        assertThrows(ResourceLimitException.class, () -> strict.openConnection(true, ip("127.0.0.1")));
        strict.openConnection(true, ip("127.0.0.2")).close();
        x.close();
        y.close();
        assertIdle(strict);
    }

    @Test
    void establishedAndPerPeerConnectionLimits() throws Exception {
        ResourceManager rm = new ResourceManager(ResourceLimits.forMemory(64 * MIB)
                .with(Limit.CONNECTIONS_INBOUND, 3).with(Limit.CONNECTIONS_PER_PEER, 2));
        PeerId p = peer();
        ConnectionScope a = rm.openConnection(true, null);
        ConnectionScope b = rm.openConnection(true, null);
        ConnectionScope c = rm.openConnection(true, null);
        a.setPeer(p);
        b.setPeer(p);
        assertEquals(Limit.CONNECTIONS_PER_PEER, assertThrows(ResourceLimitException.class, () -> c.setPeer(p)).limit());
        c.setPeer(peer());
        assertEquals(Limit.CONNECTIONS_INBOUND,
                assertThrows(ResourceLimitException.class, () -> rm.openConnection(true, null)).limit());
        a.close();
        b.close();
        c.close();
        assertIdle(rm);
    }

    @Test
    void memoryIsBoundedPerConnectionPeerAndNode() throws Exception {
        ResourceLimits limits = new ResourceLimits(10 * MIB, 6 * MIB, 4 * MIB, 100, 100, 10, 100, 100, 100, 100,
                false, 100, 100, 100, 100, 100, 100, RateLimit.UNLIMITED, RateLimit.UNLIMITED);
        ResourceManager rm = new ResourceManager(limits);
        PeerId p = peer();
        ConnectionScope c1 = rm.openConnection(true, null);
        c1.setPeer(p);
        StreamScope s1 = c1.openStream(true);
        s1.reserveMemory(3 * MIB);
        assertFalse(s1.tryReserveMemory(2 * MIB), "over the connection's 4 MiB");
        assertEquals(Limit.MEMORY_PER_CONNECTION,
                assertThrows(ResourceLimitException.class, () -> s1.reserveMemory(2 * MIB)).limit());
        ConnectionScope c2 = rm.openConnection(true, null);
        c2.setPeer(p);
        StreamScope s2 = c2.openStream(false);
        s2.reserveMemory(3 * MIB);
        assertEquals(Limit.MEMORY_PER_PEER,
                assertThrows(ResourceLimitException.class, () -> s2.reserveMemory(MIB)).limit());
        ConnectionScope c3 = rm.openConnection(true, null);
        c3.setPeer(peer());
        StreamScope s3 = c3.openStream(true);
        s3.reserveMemory(4 * MIB);
        assertEquals(10 * MIB, rm.stats().memory());
        ConnectionScope c4 = rm.openConnection(true, null);
        c4.setPeer(peer());
        assertEquals(Limit.MEMORY, assertThrows(ResourceLimitException.class, () -> c4.reserveMemory(1)).limit());
        c4.close();
        assertEquals(6 * MIB, rm.peerMemory(p));
        s1.releaseMemory(MIB);
        assertEquals(9 * MIB, rm.stats().memory());
        s2.close();
        assertEquals(6 * MIB, rm.stats().memory());
        // closing a connection returns its streams' memory even before they close, and only once
        c1.close();
        assertEquals(4 * MIB, rm.stats().memory());
        s1.close();
        assertEquals(4 * MIB, rm.stats().memory());
        c2.close();
        s3.close();
        c3.close();
        assertIdle(rm);
    }

    @Test
    void streamLimitsPerConnectionPeerProtocolAndNode() throws Exception {
        ResourceLimits limits = ResourceLimits.forMemory(64 * MIB).with(Limit.STREAMS_PER_CONNECTION, 4)
                .with(Limit.STREAMS_PER_PEER, 6).with(Limit.STREAMS_PER_PROTOCOL, 3)
                .with(Limit.STREAMS_PER_PROTOCOL_PER_PEER, 2).with(Limit.STREAMS_INBOUND, 8);
        ResourceManager rm = new ResourceManager(limits);
        PeerId p = peer();
        ConnectionScope c1 = rm.openConnection(true, null);
        c1.setPeer(p);
        List<StreamScope> streams = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            streams.add(c1.openStream(true));
        }
        assertEquals(Limit.STREAMS_PER_CONNECTION, assertThrows(ResourceLimitException.class, () -> c1.openStream(true)).limit());
        ConnectionScope c2 = rm.openConnection(true, null);
        c2.setPeer(p);
        streams.add(c2.openStream(true));
        streams.add(c2.openStream(true));
        assertEquals(Limit.STREAMS_PER_PEER, assertThrows(ResourceLimitException.class, () -> c2.openStream(true)).limit());
        streams.get(0).setProtocol("/x");
        streams.get(1).setProtocol("/x");
        assertEquals(Limit.STREAMS_PER_PROTOCOL_PER_PEER,
                assertThrows(ResourceLimitException.class, () -> streams.get(2).setProtocol("/x")).limit());
        streams.get(2).setProtocol("/y");
        ConnectionScope c3 = rm.openConnection(true, null);
        c3.setPeer(peer());
        StreamScope other = c3.openStream(true);
        other.setProtocol("/x");
        StreamScope another = c3.openStream(true);
        assertEquals(Limit.STREAMS_PER_PROTOCOL, assertThrows(ResourceLimitException.class, () -> another.setProtocol("/x")).limit());
        assertEquals(Limit.STREAMS_INBOUND, assertThrows(ResourceLimitException.class, () -> c3.openStream(true)).limit());
        // outbound streams are counted apart
        StreamScope out = c3.openStream(false);
        out.setProtocol("/x");
        streams.get(0).close();
        another.setProtocol("/x");
        streams.forEach(StreamScope::close);
        for (StreamScope s : List.of(other, another, out)) {
            s.close();
        }
        c1.close();
        c2.close();
        c3.close();
        assertIdle(rm);
    }

    @Test
    void defaultsScaleWithTheMemoryBudget() {
        ResourceLimits small = ResourceLimits.forMemory(64 * MIB);
        assertEquals(16 * MIB, small.memoryPerConnection());
        assertEquals(32 * MIB, small.memoryPerPeer());
        assertEquals(512, small.connectionsInbound());
        ResourceLimits large = ResourceLimits.forMemory(4096 * MIB);
        assertEquals(ResourceLimits.MAX_DEFAULT_MEMORY_PER_CONNECTION, large.memoryPerConnection());
        assertEquals(ResourceLimits.MAX_DEFAULT_MEMORY_PER_PEER, large.memoryPerPeer());
        assertEquals(4096, large.connectionsInbound());
        ResourceLimits here = ResourceLimits.defaults();
        assertTrue(here.memory() >= ResourceLimits.MIN_MEMORY);
        for (Limit l : Limit.values()) {
            assertTrue(here.valueOf(l) > 0, l.name());
            long expected = l == Limit.STREAM_OPEN_RATE || l == Limit.STREAM_RESET_RATE ? 21 : 7; // rates: burst = 3 s
            assertEquals(expected, here.with(l, 7).valueOf(l), l.name());
        }
    }

    private static void assertIdle(ResourceManager rm) {
        ResourceStats s = rm.stats();
        assertEquals(0, s.memory(), "memory");
        assertEquals(0, s.connectionsInbound() + s.connectionsOutbound(), "connections");
        assertEquals(0, s.handshakingInbound() + s.handshakingOutbound(), "handshaking");
        assertEquals(0, s.streamsInbound() + s.streamsOutbound(), "streams");
        assertEquals(0, s.peers(), "peer accounts");
    }
}
