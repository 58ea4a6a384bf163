package io.hypha.protocol.kad.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multihash;
import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.KadProtocol;
import io.hypha.protocol.kad.routing.RoutingTable.Offer;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private Instant now = T0;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private final Random random = new Random(42);
    private final ManualClock clock = new ManualClock();
    private final PeerId self = randomPeer(random);
    private final KadKey selfKey = KadKey.ofPeer(self);

    static PeerId randomPeer(Random random) {
        byte[] digest = new byte[32];
        random.nextBytes(digest);
        return PeerId.fromMultihash(Multihash.of(HashAlgorithm.SHA2_256, digest));
    }

    /** A random peer whose key shares exactly {@code cpl} leading bits with ours (2^(cpl+1) tries on average). */
    private PeerId peerInBucket(int cpl) {
        while (true) {
            PeerId p = randomPeer(random);
            if (selfKey.commonPrefixLength(KadKey.ofPeer(p)) == cpl) {
                return p;
            }
        }
    }

    /** Offers a peer a moment after the previous one, so last-seen times differ. */
    private Offer offer(RoutingTable table, PeerId peer) {
        clock.advance(Duration.ofSeconds(1));
        return table.offer(peer);
    }

    private static List<PeerId> bucket(RoutingTable table, int cpl) {
        return table.buckets().get(cpl).peers();
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new RoutingTable(self, 0, clock));
        RoutingTable table = new RoutingTable(self, 20, clock);
        assertThrows(IllegalArgumentException.class, () -> table.closest(selfKey, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> table.refreshed(256));
        assertThrows(IllegalArgumentException.class, () -> table.dueForRefresh(Duration.ofMinutes(10), -1));
    }

    @Test
    void peersLandInTheBucketOfTheirCommonPrefixLength() {
        RoutingTable table = new RoutingTable(self, 1_000, clock);
        List<PeerId> offered = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            PeerId p = randomPeer(random);
            offered.add(p);
            assertEquals(new Offer.Added(p), table.offer(p));
        }
        assertEquals(500, table.size());
        int deepest = 0;
        for (PeerId p : offered) {
            assertTrue(table.contains(p));
            deepest = Math.max(deepest, selfKey.commonPrefixLength(KadKey.ofPeer(p)));
        }
        List<RoutingTable.BucketView> views = table.buckets();
        assertEquals(deepest + 1, views.size(), "buckets up to the deepest non-empty one");
        List<PeerId> inOrder = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            RoutingTable.BucketView v = views.get(i);
            assertEquals(i, v.commonPrefixLength());
            assertEquals(Instant.EPOCH, v.lastRefreshed());
            for (PeerId p : v.peers()) {
                assertEquals(i, selfKey.commonPrefixLength(KadKey.ofPeer(p)));
            }
            inOrder.addAll(v.peers());
        }
        assertEquals(inOrder, table.peers());
        // About half of random keys differ from ours in the first bit.
        assertTrue(views.get(0).peers().size() > 200 && views.get(0).peers().size() < 300);
    }

    @Test
    void weAreNeverAdded() {
        RoutingTable table = new RoutingTable(self, 20, clock);
        assertInstanceOf(Offer.Rejected.class, table.offer(self));
        assertFalse(table.contains(self));
        assertFalse(table.remove(self));
        table.seen(self);
        assertEquals(0, table.size());
        assertEquals(List.of(), table.buckets());
    }

    @Test
    void bucketsKeepLeastRecentlySeenFirst() {
        RoutingTable table = new RoutingTable(self, 4, clock);
        PeerId a = peerInBucket(0);
        PeerId b = peerInBucket(0);
        PeerId c = peerInBucket(0);
        offer(table, a);
        offer(table, b);
        offer(table, c);
        assertEquals(List.of(a, b, c), bucket(table, 0));
        assertEquals(new Offer.Refreshed(a), offer(table, a));
        assertEquals(List.of(b, c, a), bucket(table, 0));
        clock.advance(Duration.ofSeconds(1));
        table.seen(b);
        assertEquals(List.of(c, a, b), bucket(table, 0));
        table.seen(peerInBucket(0));
        assertEquals(List.of(c, a, b), bucket(table, 0), "seeing a stranger changes nothing");
        assertTrue(table.remove(a));
        assertFalse(table.remove(a));
        assertEquals(List.of(c, b), bucket(table, 0));
    }

    @Test
    void fullBucketKeepsTheOldPeerWhenItAnswersThePing() {
        RoutingTable table = new RoutingTable(self, 2, clock);
        PeerId a = peerInBucket(0);
        PeerId b = peerInBucket(0);
        PeerId c = peerInBucket(0);
        offer(table, a);
        offer(table, b);
        assertEquals(new Offer.PingFirst(a, c), offer(table, c));
        assertFalse(table.contains(c));
        clock.advance(Duration.ofSeconds(1));
        table.pingResult(a, true);
        assertEquals(List.of(b, a), bucket(table, 0), "the live peer is marked seen");
        assertFalse(table.contains(c));
        table.pingResult(a, false);
        assertTrue(table.contains(a), "a second result for a settled ping is ignored");
        assertEquals(new Offer.PingFirst(b, c), offer(table, c), "the next candidate starts a new ping");
    }

    @Test
    void fullBucketEvictsTheOldPeerWhenThePingFails() {
        RoutingTable table = new RoutingTable(self, 2, clock);
        PeerId a = peerInBucket(0);
        PeerId b = peerInBucket(0);
        PeerId c = peerInBucket(0);
        offer(table, a);
        offer(table, b);
        assertEquals(new Offer.PingFirst(a, c), offer(table, c));
        table.pingResult(a, false);
        assertFalse(table.contains(a));
        assertEquals(List.of(b, c), bucket(table, 0));
        assertEquals(2, table.size());
        table.pingResult(a, false);
        assertEquals(List.of(b, c), bucket(table, 0));
    }

    @Test
    void aCandidateWaitingForAPingSeenBeforeLaterPeersEntersBeforeThem() {
        RoutingTable table = new RoutingTable(self, 2, clock);
        PeerId a = peerInBucket(0);
        PeerId b = peerInBucket(0);
        PeerId c = peerInBucket(0);
        offer(table, a);
        offer(table, b);
        offer(table, c);
        clock.advance(Duration.ofSeconds(1));
        table.seen(b);
        table.pingResult(a, false);
        assertEquals(List.of(c, b), bucket(table, 0), "c was seen before b's last answer");
    }

    @Test
    void oneCandidateWaitsPerBucketAndTheNewestWins() {
        RoutingTable table = new RoutingTable(self, 2, clock);
        PeerId a = peerInBucket(0);
        PeerId b = peerInBucket(0);
        PeerId c = peerInBucket(0);
        PeerId d = peerInBucket(0);
        PeerId e = peerInBucket(0);
        offer(table, a);
        offer(table, b);
        assertEquals(new Offer.PingFirst(a, c), offer(table, c));
        Offer replaced = offer(table, d);
        assertEquals(c, assertInstanceOf(Offer.Rejected.class, replaced).peer(), "c gives way to d, no new ping");
        Offer again = offer(table, d);
        assertEquals(d, assertInstanceOf(Offer.Rejected.class, again).peer(), "d is already waiting");
        assertEquals(d, assertInstanceOf(Offer.Rejected.class, offer(table, e)).peer());

        // Another bucket has its own ping.
        PeerId x = peerInBucket(1);
        PeerId y = peerInBucket(1);
        PeerId z = peerInBucket(1);
        offer(table, x);
        offer(table, y);
        assertEquals(new Offer.PingFirst(x, z), offer(table, z));

        table.pingResult(a, false);
        assertEquals(List.of(b, e), bucket(table, 0));
        assertFalse(table.contains(c));
        assertFalse(table.contains(d));
        assertEquals(4, table.size(), "candidates are not counted");
    }

    @Test
    void aPingWithoutResultIsAbandonedAfterAWhile() {
        RoutingTable table = new RoutingTable(self, 1, clock);
        PeerId a = peerInBucket(0);
        PeerId c = peerInBucket(0);
        PeerId d = peerInBucket(0);
        offer(table, a);
        assertEquals(new Offer.PingFirst(a, c), offer(table, c));
        clock.advance(RoutingTable.PING_ABANDONED_AFTER.minusSeconds(2));
        assertInstanceOf(Offer.Rejected.class, offer(table, d));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(new Offer.PingFirst(a, c), offer(table, c), "the ping is given up: ask again");
    }

    @Test
    void removingAPeerLetsTheWaitingCandidateIn() {
        RoutingTable table = new RoutingTable(self, 2, clock);
        PeerId a = peerInBucket(0);
        PeerId b = peerInBucket(0);
        PeerId c = peerInBucket(0);
        PeerId d = peerInBucket(0);
        offer(table, a);
        offer(table, b);
        assertEquals(new Offer.PingFirst(a, c), offer(table, c));
        assertTrue(table.remove(b));
        assertEquals(List.of(a, c), bucket(table, 0));
        table.pingResult(a, false);
        assertTrue(table.contains(a), "that ping no longer decides anything");

        assertEquals(new Offer.PingFirst(a, d), offer(table, d));
        assertFalse(table.remove(d), "the waiting candidate is not in the table");
        table.pingResult(a, false);
        assertEquals(List.of(a, c), bucket(table, 0), "its ping was forgotten with it");
    }

    @Test
    void closestMatchesABruteForceSortOnLargeTables() {
        // Big buckets hold every peer offered; small ones the usual shape (full shallow buckets).
        checkClosest(new RoutingTable(self, 2_000, clock), 1_500);
        checkClosest(new RoutingTable(self, KadProtocol.K, clock), 5_000);
    }

    private void checkClosest(RoutingTable table, int offered) {
        for (int i = 0; i < offered; i++) {
            table.offer(randomPeer(random));
        }
        List<PeerId> all = table.peers();
        List<KadKey> targets = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] b = new byte[32];
            random.nextBytes(b);
            targets.add(KadKey.fromDigest(b));
        }
        targets.add(selfKey);
        for (int i = 0; i < 10; i++) {
            targets.add(KadKey.ofPeer(all.get(random.nextInt(all.size()))));
            targets.add(KadKey.of(table.randomTargetForBucket(random.nextInt(RoutingTable.MAX_REFRESH_CPL + 1),
                    random)));
        }
        Map<PeerId, BigInteger> keys = new HashMap<>();
        for (PeerId p : all) {
            keys.put(p, new BigInteger(1, KadKey.ofPeer(p).bytes()));
        }
        for (KadKey target : targets) {
            // The oracle: XOR distances as numbers, sorted in full.
            BigInteger t = new BigInteger(1, target.bytes());
            Map<PeerId, BigInteger> distances = new HashMap<>();
            keys.forEach((p, k) -> distances.put(p, k.xor(t)));
            List<PeerId> sorted = new ArrayList<>(all);
            sorted.sort(Comparator.comparing(distances::get));
            for (int count : new int[] {0, 1, KadProtocol.K, 100, all.size(), all.size() + 5}) {
                assertEquals(sorted.subList(0, Math.min(count, sorted.size())), table.closest(target, count),
                        "target " + target + ", count " + count);
            }
        }
    }

    @Test
    void closestOfAnEmptyTableIsEmpty() {
        assertEquals(List.of(), new RoutingTable(self, 20, clock).closest(selfKey, 20));
    }

    @Test
    void bucketsAreDueForRefreshUntilRefreshed() {
        RoutingTable table = new RoutingTable(self, 20, clock);
        Duration interval = Duration.ofMinutes(10);
        assertEquals(List.of(), table.dueForRefresh(interval, 15), "an empty table has nothing to refresh");
        table.offer(peerInBucket(0));
        table.offer(peerInBucket(3));
        assertEquals(List.of(0, 1, 2, 3), table.dueForRefresh(interval, 15), "empty buckets below the deepest too");
        assertEquals(List.of(0, 1), table.dueForRefresh(interval, 1));

        table.refreshed(1);
        table.refreshed(3);
        assertEquals(List.of(0, 2), table.dueForRefresh(interval, 15));
        assertEquals(clock.instant(), table.buckets().get(1).lastRefreshed());
        clock.advance(interval.minusSeconds(1));
        table.refreshed(0);
        assertEquals(List.of(2), table.dueForRefresh(interval, 15));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of(1, 2, 3), table.dueForRefresh(interval, 15));
    }

    @Test
    void refreshStopsAtTheDeepestBucketWeCanMakeAKeyFor() {
        RoutingTable table = new RoutingTable(self, 20, clock);
        table.offer(peerInBucket(RoutingTable.MAX_REFRESH_CPL + 1));
        List<Integer> due = table.dueForRefresh(Duration.ofMinutes(10), 255);
        assertEquals(RoutingTable.MAX_REFRESH_CPL + 1, due.size());
        assertEquals(RoutingTable.MAX_REFRESH_CPL, due.getLast());
    }

    @Test
    void refreshTargetsLandInTheirBucket() {
        RoutingTable table = new RoutingTable(self, 20, clock);
        for (int cpl = 0; cpl <= RoutingTable.MAX_REFRESH_CPL; cpl++) {
            byte[] target = table.randomTargetForBucket(cpl, random);
            assertEquals(34, target.length);
            assertEquals(0x12, target[0]);
            assertEquals(0x20, target[1]);
            assertEquals(cpl, selfKey.commonPrefixLength(KadKey.of(target)), "cpl " + cpl);
            // A FIND_NODE target is shaped like a peer id: its key is the key of that peer.
            assertEquals(KadKey.of(target), KadKey.ofPeer(PeerId.fromBytes(target)));
        }
        assertThrows(IllegalArgumentException.class, () -> table.randomTargetForBucket(-1, random));
        assertThrows(IllegalArgumentException.class,
                () -> table.randomTargetForBucket(RoutingTable.MAX_REFRESH_CPL + 1, random));
    }

    @Test
    void aBrokenRandomGeneratorEndsTheSearchForATarget() {
        RoutingTable table = new RoutingTable(self, 20, clock);
        RandomGenerator zeros = () -> 0L;
        byte[] fixed = new byte[34];
        fixed[0] = 0x12;
        fixed[1] = 0x20;
        int fixedCpl = selfKey.commonPrefixLength(KadKey.of(fixed));
        int other = fixedCpl == 0 ? 1 : 0;
        assertThrows(IllegalStateException.class, () -> table.randomTargetForBucket(other, zeros));
    }
}
