package io.hypha.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.peer.PeerId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionManagerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final class Conn implements ConnectionManager.Managed {
        final PeerId peer;
        final Instant opened;
        boolean trimmed;

        Conn(PeerId peer, Instant opened) {
            this.peer = peer;
            this.opened = opened;
        }

        @Override
        public PeerId peer() {
            return peer;
        }

        @Override
        public Instant openedAt() {
            return opened;
        }

        @Override
        public void trim() {
            trimmed = true;
        }
    }

    private static PeerId peer() {
        return PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519).publicKey());
    }

    @Test
    void trimsTheLeastValuableOutsideTheGracePeriodDownToLowWater() {
        Instant now = T0.plusSeconds(100);
        ConnectionManager cm = new ConnectionManager(new ConnectionManagerConfig(4, 5, Duration.ofSeconds(20)),
                Clock.fixed(now, ZoneOffset.UTC));
        List<Conn> conns = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Conn c = new Conn(peer(), T0.plusSeconds(i)); // all older than the grace period
            conns.add(c);
            cm.add(c);
        }
        Conn young = new Conn(peer(), now.minusSeconds(5));
        cm.add(young);
        cm.tagPeer(conns.get(7).peer(), "bitswap", 10);
        cm.protect(conns.get(6).peer(), "bootstrap");
        assertTrue(cm.aboveHighWater());
        List<ConnectionManager.Managed> victims = cm.selectForTrim();
        assertEquals(9 - 4, victims.size());
        Set<ConnectionManager.Managed> v = new HashSet<>(victims);
        assertFalse(v.contains(young), "inside its grace period");
        assertFalse(v.contains(conns.get(6)), "protected");
        assertFalse(v.contains(conns.get(7)), "valued");
        // among equals the newest go first: the oldest relationships stay
        assertFalse(v.contains(conns.get(0)));
        victims.forEach(m -> cm.remove(m));
        assertEquals(4, cm.connectionCount());
        assertTrue(cm.selectForTrim().isEmpty(), "at low water");
        assertEquals(5, cm.trimmedCount());
    }

    @Test
    void tagsAreDroppedWithTheLastConnectionAndProtectionsStay() {
        ConnectionManager cm = new ConnectionManager(ConnectionManagerConfig.DEFAULT, Clock.systemUTC());
        PeerId p = peer();
        cm.tagPeer(p, "x", 5);
        assertEquals(0, cm.value(p), "not connected: not kept");
        Conn c = new Conn(p, T0);
        cm.add(c);
        cm.tagPeer(p, "x", 5);
        cm.tagPeer(p, "y", 2);
        assertEquals(7, cm.value(p));
        cm.protect(p, "a");
        cm.protect(p, "b");
        cm.remove(c);
        assertEquals(0, cm.value(p));
        assertTrue(cm.isProtected(p));
        assertTrue(cm.unprotect(p, "a"));
        assertFalse(cm.unprotect(p, "b"));
        assertFalse(cm.isProtected(p));
    }
}
