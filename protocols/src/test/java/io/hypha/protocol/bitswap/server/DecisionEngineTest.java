package io.hypha.protocol.bitswap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multicodec;
import io.hypha.multiformats.Multihash;
import io.hypha.peer.PeerId;
import io.hypha.protocol.bitswap.message.BlockPresence;
import io.hypha.protocol.bitswap.message.WantlistEntry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecisionEngineTest {
    private static final int MAX_WANTS = 1024;
    private static final int MAX_OUTSTANDING = 1 << 20;
    private static final int TARGET = 16 * 1024;
    private static final int REPLACE = 1024;
    private static final int BIG = 4096;
    private static final int SMALL = 100;

    private static final PeerId ALICE = peer(1);
    private static final PeerId BOB = peer(2);

    private final DecisionEngine engine = new DecisionEngine(MAX_WANTS, MAX_OUTSTANDING, TARGET, REPLACE);

    // ---- helpers

    static PeerId peer(int n) {
        return PeerId.fromMultihash(Multihash.of(HashAlgorithm.SHA2_256, digest(0x7000_0000 + n)));
    }

    /**
     * 32 bytes that look like a digest, cheaper than hashing: a counter in the first bytes spread into hash-like
     * bits would collide in {@code Arrays.hashCode}, which real sha2-256 digests do not.
     */
    static byte[] digest(int n) {
        ByteBuffer b = ByteBuffer.allocate(32);
        for (int i = 0; i < 4; i++) {
            b.putLong(mix(n * 4L + i));
        }
        return b.array();
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A CIDv1 raw block; distinct n give distinct multihashes. */
    static Cid cid(int n) {
        return Cid.v1(Multicodec.RAW, Multihash.of(HashAlgorithm.SHA2_256, digest(n)));
    }

    static Cid v0(int n) {
        return Cid.v0(Multihash.of(HashAlgorithm.SHA2_256, digest(n)));
    }

    static Map<Cid, OptionalInt> has(Cid cid, int size) {
        return Map.of(cid, OptionalInt.of(size));
    }

    static Map<Cid, OptionalInt> lacks(Cid cid) {
        return Map.of(cid, OptionalInt.empty());
    }

    void want(PeerId peer, WantlistEntry e, Map<Cid, OptionalInt> sizes) {
        engine.receiveWantlist(peer, false, List.of(e), sizes);
    }

    Envelope next() {
        Optional<Envelope> e = engine.nextEnvelope();
        assertTrue(e.isPresent(), "an envelope is due");
        return e.get();
    }

    Envelope nextDone() {
        Envelope e = next();
        engine.envelopeDone(e, true);
        return e;
    }

    void assertNoEnvelope() {
        assertEquals(Optional.empty(), engine.nextEnvelope());
    }

    // ---- answering wants

    @Test
    void wantBlockForAHeldBlockSendsTheBlockAndEndsTheWant() {
        want(ALICE, WantlistEntry.wantBlock(cid(1), 1, true), has(cid(1), BIG));
        assertEquals(1, engine.wantlist(ALICE).size());

        Envelope e = next();
        assertEquals(ALICE, e.peer());
        assertEquals(List.of(cid(1)), e.blocks());
        assertEquals(List.of(), e.presences());
        assertEquals(BIG, e.blockBytes());
        assertEquals(0, e.pendingBytes());
        assertEquals(List.of(), engine.wantlist(ALICE), "a handed-out block ends the want");
        assertNoEnvelope();

        engine.envelopeDone(e, true);
        LedgerSnapshot l = engine.ledger(ALICE);
        assertEquals(BIG, l.bytesSent());
        assertEquals(1, l.blocksSent());
        assertEquals(1, l.exchanged());
        assertEquals(0, l.wants());
    }

    @Test
    void wantHaveForABigHeldBlockSendsHaveAndEndsTheWant() {
        want(ALICE, WantlistEntry.wantHave(cid(1), 1, true), has(cid(1), REPLACE + 1));
        Envelope e = next();
        assertEquals(List.of(), e.blocks());
        assertEquals(List.of(BlockPresence.have(cid(1))), e.presences());
        assertEquals(0, e.blockBytes());
        assertEquals(List.of(), engine.wantlist(ALICE));
    }

    @Test
    void wantHaveForASmallHeldBlockSendsTheBlock() {
        want(ALICE, WantlistEntry.wantHave(cid(1), 1, false), has(cid(1), REPLACE));
        Envelope e = next();
        assertEquals(List.of(cid(1)), e.blocks());
        assertEquals(List.of(), e.presences());
        assertEquals(REPLACE, e.blockBytes());
        assertEquals(List.of(), engine.wantlist(ALICE));
    }

    @Test
    void aLackedBlockIsAnsweredDontHaveOnlyWhenAskedAndTheWantStays() {
        want(ALICE, WantlistEntry.wantBlock(cid(1), 1, false), lacks(cid(1)));
        assertNoEnvelope();
        assertEquals(1, engine.wantlist(ALICE).size());

        want(ALICE, WantlistEntry.wantHave(cid(2), 1, true), lacks(cid(2)));
        Envelope e = next();
        assertEquals(List.of(BlockPresence.dontHave(cid(2))), e.presences());
        assertEquals(List.of(), e.blocks());
        assertEquals(2, engine.wantlist(ALICE).size(), "DONT_HAVE answered wants stay");
        assertNoEnvelope();
    }

    @Test
    void aLackedBlockAddedLaterAnswersTheWantsWaitingForIt() {
        want(ALICE, WantlistEntry.wantBlock(cid(1), 1, true), lacks(cid(1)));
        want(ALICE, WantlistEntry.wantHave(cid(2), 1, true), lacks(cid(2)));
        want(ALICE, WantlistEntry.wantHave(cid(3), 1, false), lacks(cid(3)));
        nextDone(); // the DONT_HAVEs
        engine.blocksAdded(Map.of(cid(1), BIG, cid(2), BIG, cid(3), SMALL));

        Envelope e = next();
        assertEquals(Set.of(cid(1), cid(3)), new HashSet<>(e.blocks()));
        assertEquals(List.of(BlockPresence.have(cid(2))), e.presences());
        assertEquals(List.of(), engine.wantlist(ALICE));
        assertEquals(0, engine.lackingIndexSize());
    }

    @Test
    void blocksAddedMatchesByMultihashAndAnswersUnderTheCidTheyAskedWith() {
        want(ALICE, WantlistEntry.wantBlock(v0(7), 1, false), lacks(v0(7)));
        want(BOB, WantlistEntry.wantBlock(cid(7), 1, false), lacks(cid(7)));
        assertNotEquals(v0(7), cid(7));

        engine.blocksAdded(Map.of(cid(7), BIG)); // stored under its CIDv1

        Map<PeerId, List<Cid>> sent = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            Envelope e = nextDone();
            sent.put(e.peer(), e.blocks());
        }
        assertEquals(Map.of(ALICE, List.of(v0(7)), BOB, List.of(cid(7))), sent);
        assertNoEnvelope();
    }

    @Test
    void blocksAddedIgnoresBlocksNobodyWants() {
        want(ALICE, WantlistEntry.wantBlock(cid(1), 1, false), lacks(cid(1)));
        engine.blocksAdded(Map.of(cid(2), BIG));
        assertNoEnvelope();
        assertEquals(1, engine.wantlist(ALICE).size());
    }

    // ---- cancels and repeats

    @Test
    void cancelRemovesTheWantAndItsQueuedAnswer() {
        want(ALICE, WantlistEntry.wantBlock(cid(1), 1, false), has(cid(1), BIG));
        want(ALICE, WantlistEntry.wantHave(cid(2), 1, false), lacks(cid(2)));
        want(ALICE, WantlistEntry.cancel(cid(1)), Map.of());
        want(ALICE, WantlistEntry.cancel(cid(2)), Map.of());
        assertNoEnvelope();
        assertEquals(List.of(), engine.wantlist(ALICE));
        assertEquals(0, engine.lackingIndexSize());
        engine.blocksAdded(Map.of(cid(2), BIG));
        assertNoEnvelope();
    }

    @Test
    void cancelAfterHandOutChangesNothingAlreadyHandedOut() {
        want(ALICE, WantlistEntry.wantBlock(cid(1), 1, false), has(cid(1), BIG));
        Envelope e = next();
        want(ALICE, WantlistEntry.cancel(cid(1)), Map.of());
        engine.envelopeDone(e, true);
        assertEquals(1, engine.ledger(ALICE).blocksSent());
    }

    @Test
    void aWantBlockSupersedesAWantHaveForTheSameCid() {
        want(ALICE, WantlistEntry.wantHave(cid(1), 1, true), has(cid(1), BIG));
        want(ALICE, WantlistEntry.wantBlock(cid(1), 5, true), has(cid(1), BIG));
        assertEquals(List.of(WantlistEntry.wantBlock(cid(1), 5, true)), engine.wantlist(ALICE));
        assertEquals(1, engine.queuedTasks(ALICE), "one task per CID");
        Envelope e = next();
        assertEquals(List.of(cid(1)), e.blocks());
        assertEquals(List.of(), e.presences());
        assertNoEnvelope();
    }

    @Test
    void aWantHaveDoesNotDowngradeAWantBlockButUpdatesItsPriority() {
        want(ALICE, WantlistEntry.wantBlock(cid(1), 1, false), has(cid(1), BIG));
        want(ALICE, WantlistEntry.wantHave(cid(1), 9, false), has(cid(1), BIG));
        assertEquals(List.of(WantlistEntry.wantBlock(cid(1), 9, false)), engine.wantlist(ALICE));
        assertEquals(1, engine.queuedTasks(ALICE));
        Envelope e = next();
        assertEquals(List.of(cid(1)), e.blocks());
        assertEquals(List.of(), e.presences());
    }

    @Test
    void aRepeatedWantInOneMessageQueuesOneTask() {
        WantlistEntry w = WantlistEntry.wantHave(cid(1), 1, true);
        engine.receiveWantlist(ALICE, false, List.of(w, w, w), has(cid(1), BIG));
        assertEquals(1, engine.queuedTasks(ALICE));
        assertEquals(List.of(BlockPresence.have(cid(1))), next().presences());
        assertNoEnvelope();
    }

    @Test
    void aRepeatedPriorityReordersTheQueue() {
        engine.receiveWantlist(ALICE, false, List.of(
                WantlistEntry.wantHave(cid(1), 1, false),
                WantlistEntry.wantHave(cid(2), 2, false),
                WantlistEntry.wantHave(cid(1), 3, false)),
                Map.of(cid(1), OptionalInt.of(BIG), cid(2), OptionalInt.of(BIG)));
        assertEquals(List.of(BlockPresence.have(cid(1)), BlockPresence.have(cid(2))), next().presences());
    }

    @Test
    void extremePrioritiesOrderCorrectly() {
        engine.receiveWantlist(ALICE, false, List.of(
                WantlistEntry.wantHave(cid(1), Integer.MIN_VALUE, false),
                WantlistEntry.wantHave(cid(2), Integer.MAX_VALUE, false),
                WantlistEntry.wantHave(cid(3), 0, false)),
                Map.of(cid(1), OptionalInt.of(BIG), cid(2), OptionalInt.of(BIG), cid(3), OptionalInt.of(BIG)));
        assertEquals(List.of(cid(2), cid(3), cid(1)), cids(engine.wantlist(ALICE)));
        assertEquals(List.of(BlockPresence.have(cid(2)), BlockPresence.have(cid(3)), BlockPresence.have(cid(1))),
                next().presences());
    }

    @Test
    void aFullWantlistReplacesThePeersWants() {
        engine.receiveWantlist(ALICE, false, List.of(
                WantlistEntry.wantBlock(cid(1), 1, false),
                WantlistEntry.wantBlock(cid(2), 1, false),
                WantlistEntry.wantBlock(cid(3), 1, false)),
                Map.of(cid(1), OptionalInt.of(BIG), cid(2), OptionalInt.empty(), cid(3), OptionalInt.of(BIG)));
        engine.receiveWantlist(ALICE, true, List.of(
                WantlistEntry.wantBlock(cid(3), 2, false),
                WantlistEntry.wantHave(cid(4), 1, true)),
                Map.of(cid(3), OptionalInt.of(BIG), cid(4), OptionalInt.empty()));

        assertEquals(List.of(WantlistEntry.wantBlock(cid(3), 2, false), WantlistEntry.wantHave(cid(4), 1, true)),
                engine.wantlist(ALICE));
        Envelope e = next();
        assertEquals(List.of(cid(3)), e.blocks(), "the dropped want's queued block is gone");
        assertEquals(List.of(BlockPresence.dontHave(cid(4))), e.presences());
        assertNoEnvelope();
        engine.blocksAdded(Map.of(cid(2), BIG));
        assertNoEnvelope();
        assertEquals(1, engine.lackingIndexSize(), "only cid 4 waits");

        engine.receiveWantlist(ALICE, true, List.of(), Map.of());
        assertEquals(List.of(), engine.wantlist(ALICE));
        assertEquals(0, engine.lackingIndexSize());
    }

    // ---- the queue and envelopes

    @Test
    void tasksGoOutByPriorityThenArrival() {
        List<WantlistEntry> entries = List.of(
                WantlistEntry.wantHave(cid(1), 1, false),
                WantlistEntry.wantHave(cid(2), 5, false),
                WantlistEntry.wantHave(cid(3), 1, false),
                WantlistEntry.wantHave(cid(4), 5, false));
        Map<Cid, OptionalInt> sizes = new HashMap<>();
        entries.forEach(e -> sizes.put(e.cid(), OptionalInt.of(BIG)));
        engine.receiveWantlist(ALICE, false, entries, sizes);
        assertEquals(List.of(BlockPresence.have(cid(2)), BlockPresence.have(cid(4)), BlockPresence.have(cid(1)),
                BlockPresence.have(cid(3))), next().presences());
    }

    @Test
    void envelopesPackBlocksUpToTheTargetAndPresencesAlongside() {
        List<WantlistEntry> entries = new ArrayList<>();
        Map<Cid, OptionalInt> sizes = new HashMap<>();
        for (int i = 0; i < 10; i++) { // 10 blocks of 4 KiB: 4 fit in 16 KiB
            entries.add(WantlistEntry.wantBlock(cid(i), 10, false));
            sizes.put(cid(i), OptionalInt.of(BIG));
        }
        entries.add(WantlistEntry.wantHave(cid(100), 20, true));
        sizes.put(cid(100), OptionalInt.empty());
        engine.receiveWantlist(ALICE, false, entries, sizes);

        Envelope first = nextDone();
        assertEquals(List.of(cid(0), cid(1), cid(2), cid(3)), first.blocks());
        assertEquals(List.of(BlockPresence.dontHave(cid(100))), first.presences());
        assertEquals(4L * BIG, first.blockBytes());
        assertEquals(6 * BIG, first.pendingBytes());
        Envelope second = nextDone();
        assertEquals(4, second.blocks().size());
        assertEquals(2 * BIG, second.pendingBytes());
        Envelope third = nextDone();
        assertEquals(2, third.blocks().size());
        assertEquals(0, third.pendingBytes());
        assertNoEnvelope();
    }

    @Test
    void aBlockBiggerThanTheTargetGoesAlone() {
        engine.receiveWantlist(ALICE, false, List.of(
                WantlistEntry.wantBlock(cid(1), 3, false),
                WantlistEntry.wantBlock(cid(2), 2, false),
                WantlistEntry.wantBlock(cid(3), 1, false)),
                Map.of(cid(1), OptionalInt.of(SMALL), cid(2), OptionalInt.of(TARGET * 2),
                        cid(3), OptionalInt.of(SMALL)));
        assertEquals(List.of(cid(1)), nextDone().blocks());
        Envelope big = nextDone();
        assertEquals(List.of(cid(2)), big.blocks());
        assertEquals(TARGET * 2, big.blockBytes());
        assertEquals(List.of(cid(3)), nextDone().blocks());
    }

    @Test
    void pendingBytesIsCappedAtIntMax() {
        int gib = 1 << 30;
        engine.receiveWantlist(ALICE, false, List.of(
                WantlistEntry.wantBlock(cid(1), 3, false),
                WantlistEntry.wantBlock(cid(2), 2, false),
                WantlistEntry.wantBlock(cid(3), 1, false),
                WantlistEntry.wantBlock(cid(4), 1, false)),
                Map.of(cid(1), OptionalInt.of(SMALL), cid(2), OptionalInt.of(gib), cid(3), OptionalInt.of(gib),
                        cid(4), OptionalInt.of(gib)));
        assertEquals(Integer.MAX_VALUE, next().pendingBytes());
    }

    @Test
    void twoPeersWithManyBlocksAlternate() {
        for (PeerId p : List.of(ALICE, BOB)) {
            List<WantlistEntry> entries = new ArrayList<>();
            Map<Cid, OptionalInt> sizes = new HashMap<>();
            for (int i = 0; i < 100; i++) {
                entries.add(WantlistEntry.wantBlock(cid(i), 1, false));
                sizes.put(cid(i), OptionalInt.of(TARGET));
            }
            engine.receiveWantlist(p, false, entries, sizes);
        }
        // Done at once: both always at zero outstanding, so least recently served decides.
        PeerId previous = null;
        Map<PeerId, Integer> served = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            Envelope e = nextDone();
            assertNotEquals(previous, e.peer(), "envelope " + i);
            previous = e.peer();
            served.merge(e.peer(), 1, Integer::sum);
        }
        assertEquals(Map.of(ALICE, 100, BOB, 100), served);
        assertNoEnvelope();
    }

    @Test
    void twoPeersAlternateWhileTheirEnvelopesAreOutstanding() {
        DecisionEngine roomy = new DecisionEngine(MAX_WANTS, Integer.MAX_VALUE, TARGET, REPLACE);
        for (PeerId p : List.of(ALICE, BOB)) {
            List<WantlistEntry> entries = new ArrayList<>();
            Map<Cid, OptionalInt> sizes = new HashMap<>();
            for (int i = 0; i < 100; i++) {
                entries.add(WantlistEntry.wantBlock(cid(i), 1, false));
                sizes.put(cid(i), OptionalInt.of(TARGET));
            }
            roomy.receiveWantlist(p, false, entries, sizes);
        }
        // Never done: fewest outstanding bytes decides, and neither starves.
        PeerId previous = null;
        for (int i = 0; i < 200; i++) {
            Envelope e = roomy.nextEnvelope().orElseThrow();
            assertNotEquals(previous, e.peer(), "envelope " + i);
            previous = e.peer();
        }
        assertTrue(roomy.nextEnvelope().isEmpty());
    }

    @Test
    void aPeerAtItsOutstandingLimitWaitsForEnvelopeDone() {
        DecisionEngine tight = new DecisionEngine(MAX_WANTS, 2 * TARGET, TARGET, REPLACE);
        for (int i = 0; i < 10; i++) {
            tight.receiveWantlist(ALICE, false, List.of(WantlistEntry.wantBlock(cid(i), 1, false)),
                    has(cid(i), TARGET));
        }
        Envelope a = tight.nextEnvelope().orElseThrow();
        Envelope b = tight.nextEnvelope().orElseThrow();
        assertEquals(Optional.empty(), tight.nextEnvelope(), "2 x target outstanding is the limit");

        // Another peer is not held up by Alice's limit.
        tight.receiveWantlist(BOB, false, List.of(WantlistEntry.wantBlock(cid(50), 1, false)), has(cid(50), SMALL));
        assertEquals(BOB, tight.nextEnvelope().orElseThrow().peer());
        assertEquals(Optional.empty(), tight.nextEnvelope());

        tight.envelopeDone(a, true);
        Envelope c = tight.nextEnvelope().orElseThrow();
        assertEquals(ALICE, c.peer());
        assertEquals(Optional.empty(), tight.nextEnvelope());
        tight.envelopeDone(a, true); // a second done for the same envelope changes nothing
        assertEquals(Optional.empty(), tight.nextEnvelope());
        tight.envelopeDone(b, false);
        assertEquals(ALICE, tight.nextEnvelope().orElseThrow().peer());
        assertEquals(TARGET, tight.ledger(ALICE).bytesSent(), "only the envelope sent counts");
    }

    @Test
    void anEnvelopeNotSentLeavesItsWantsEndedAndCountsNothing() {
        want(ALICE, WantlistEntry.wantBlock(cid(1), 1, false), has(cid(1), BIG));
        engine.envelopeDone(next(), false);
        assertEquals(List.of(), engine.wantlist(ALICE));
        LedgerSnapshot l = engine.ledger(ALICE);
        assertEquals(0, l.bytesSent());
        assertEquals(0, l.blocksSent());
        assertEquals(0, l.exchanged());
        assertNoEnvelope();
        // The peer re-asks and is answered again.
        want(ALICE, WantlistEntry.wantBlock(cid(1), 1, false), has(cid(1), BIG));
        assertEquals(List.of(cid(1)), next().blocks());
    }

    // ---- the wantlist bound

    @Test
    void tenThousandWantsKeepTheWantlistAtItsLimitAndWantsForHeldBlocksSurvive() {
        Set<Cid> held = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            boolean have = i % 10 == 0; // 1,000 held blocks, fewer than the limit of 1,024
            Cid c = cid(i);
            if (have) {
                held.add(c);
            }
            want(ALICE, WantlistEntry.wantBlock(c, i % 7, true), have ? has(c, SMALL) : lacks(c));
            assertTrue(engine.ledger(ALICE).wants() <= MAX_WANTS);
        }
        List<WantlistEntry> wants = engine.wantlist(ALICE);
        assertEquals(MAX_WANTS, wants.size());
        Set<Cid> kept = new HashSet<>();
        wants.forEach(w -> kept.add(w.cid()));
        assertTrue(kept.containsAll(held), "every want for a block we hold survives");
        assertEquals(MAX_WANTS, engine.ledger(ALICE).wants());
        assertEquals(MAX_WANTS - held.size(), engine.lackingIndexSize());
    }

    @Test
    void overflowEvictsTheLowestPriorityWantForALackedBlockFirst() {
        DecisionEngine small = new DecisionEngine(3, MAX_OUTSTANDING, TARGET, REPLACE);
        small.receiveWantlist(ALICE, false, List.of(
                WantlistEntry.wantBlock(cid(1), 5, false),
                WantlistEntry.wantBlock(cid(2), 1, false),
                WantlistEntry.wantBlock(cid(3), 9, false),
                WantlistEntry.wantBlock(cid(4), 0, false)),
                Map.of(cid(1), OptionalInt.empty(), cid(2), OptionalInt.empty(), cid(3), OptionalInt.of(BIG),
                        cid(4), OptionalInt.empty()));
        assertEquals(List.of(cid(3), cid(1), cid(4)), cids(small.wantlist(ALICE)));
    }

    @Test
    void onceAllWantsAreForHeldBlocksOnlyAHigherPriorityHeldWantGetsIn() {
        DecisionEngine small = new DecisionEngine(2, MAX_OUTSTANDING, TARGET, REPLACE);
        small.receiveWantlist(ALICE, false, List.of(
                WantlistEntry.wantBlock(cid(1), 5, false),
                WantlistEntry.wantBlock(cid(2), 3, false)),
                Map.of(cid(1), OptionalInt.of(BIG), cid(2), OptionalInt.of(BIG)));
        small.receiveWantlist(ALICE, false, List.of(WantlistEntry.wantBlock(cid(3), 9, true)), lacks(cid(3)));
        assertEquals(List.of(cid(1), cid(2)), cids(small.wantlist(ALICE)), "a lacked block's want is dropped");
        small.receiveWantlist(ALICE, false, List.of(WantlistEntry.wantBlock(cid(4), 3, false)), has(cid(4), BIG));
        assertEquals(List.of(cid(1), cid(2)), cids(small.wantlist(ALICE)), "equal priority does not outrank");
        small.receiveWantlist(ALICE, false, List.of(WantlistEntry.wantBlock(cid(5), 4, false)), has(cid(5), BIG));
        assertEquals(List.of(cid(1), cid(5)), cids(small.wantlist(ALICE)));

        Envelope e = small.nextEnvelope().orElseThrow();
        assertEquals(List.of(cid(1), cid(5)), e.blocks(), "the replaced want's queued block went with it");
        assertEquals(0, e.pendingBytes());
        assertTrue(small.nextEnvelope().isEmpty());
    }

    @Test
    void wantCancelChurnLeavesNothingBehind() {
        for (int i = 0; i < 100_000; i++) {
            Cid c = cid(i);
            boolean have = i % 2 == 0;
            want(ALICE, WantlistEntry.wantHave(c, i, true), have ? has(c, BIG) : lacks(c));
            want(ALICE, WantlistEntry.cancel(c), Map.of());
        }
        assertEquals(List.of(), engine.wantlist(ALICE));
        assertEquals(0, engine.queuedTasks(ALICE));
        assertEquals(0, engine.lackingIndexSize());
        assertNoEnvelope();
    }

    // ---- ledgers and peers

    @Test
    void receivedAndSentMessagesCountInTheLedger() {
        engine.received(ALICE, 2, 300);
        engine.received(ALICE, 0, 0);
        want(ALICE, WantlistEntry.wantBlock(cid(1), 1, false), has(cid(1), BIG));
        nextDone();
        LedgerSnapshot l = engine.ledger(ALICE);
        assertEquals(new LedgerSnapshot(ALICE, BIG, 300, 1, 2, 3, 0), l);
        assertEquals((double) BIG / 301, l.debtRatio());
    }

    @Test
    void anUnknownPeerHasAnEmptyLedger() {
        assertEquals(new LedgerSnapshot(BOB, 0, 0, 0, 0, 0, 0), engine.ledger(BOB));
        assertEquals(List.of(), engine.wantlist(BOB));
        assertEquals(List.of(), engine.peers());
    }

    @Test
    void aDisconnectedPeerLeavesNothingAndItsLateEnvelopeDoneIsHarmless() {
        DecisionEngine tight = new DecisionEngine(MAX_WANTS, TARGET, TARGET, REPLACE);
        tight.receiveWantlist(ALICE, false, List.of(
                WantlistEntry.wantBlock(cid(1), 1, false),
                WantlistEntry.wantBlock(cid(2), 1, false),
                WantlistEntry.wantHave(cid(3), 1, true)),
                Map.of(cid(1), OptionalInt.of(TARGET), cid(2), OptionalInt.of(TARGET), cid(3), OptionalInt.empty()));
        tight.received(ALICE, 1, 10);
        Envelope old = tight.nextEnvelope().orElseThrow();
        assertEquals(List.of(ALICE), tight.peers());

        tight.peerDisconnected(ALICE);
        assertEquals(List.of(), tight.peers());
        assertEquals(new LedgerSnapshot(ALICE, 0, 0, 0, 0, 0, 0), tight.ledger(ALICE));
        assertEquals(0, tight.lackingIndexSize());
        assertEquals(Optional.empty(), tight.nextEnvelope());
        tight.blocksAdded(Map.of(cid(3), SMALL));
        assertEquals(Optional.empty(), tight.nextEnvelope());

        // It comes back and fills its new limit; the old envelope's done must not free room in the new ledger.
        tight.receiveWantlist(ALICE, false, List.of(
                WantlistEntry.wantBlock(cid(1), 1, false),
                WantlistEntry.wantBlock(cid(2), 1, false)),
                Map.of(cid(1), OptionalInt.of(TARGET), cid(2), OptionalInt.of(TARGET)));
        Envelope fresh = tight.nextEnvelope().orElseThrow();
        tight.envelopeDone(old, true);
        assertEquals(Optional.empty(), tight.nextEnvelope());
        assertEquals(0, tight.ledger(ALICE).bytesSent());
        tight.envelopeDone(fresh, true);
        assertEquals(ALICE, tight.nextEnvelope().orElseThrow().peer());
        assertEquals(TARGET, tight.ledger(ALICE).bytesSent());
    }

    @Test
    void disconnectingOnePeerKeepsTheOthersWants() {
        want(ALICE, WantlistEntry.wantBlock(cid(1), 1, false), lacks(cid(1)));
        want(BOB, WantlistEntry.wantBlock(cid(1), 1, false), lacks(cid(1)));
        engine.peerDisconnected(ALICE);
        engine.peerDisconnected(ALICE);
        engine.blocksAdded(Map.of(cid(1), BIG));
        Envelope e = nextDone();
        assertEquals(BOB, e.peer());
        assertNoEnvelope();
    }

    // ---- performance, printed not asserted

    @Test
    void aMillionWantsPrintHowLongTheyTake() {
        DecisionEngine big = new DecisionEngine(MAX_WANTS, MAX_OUTSTANDING, TARGET, REPLACE);
        int peers = 100;
        int perMessage = 100;
        List<PeerId> ids = new ArrayList<>();
        for (int p = 0; p < peers; p++) {
            ids.add(peer(100 + p));
        }
        long start = System.nanoTime();
        int n = 0;
        long envelopes = 0;
        while (n < 1_000_000) {
            PeerId p = ids.get((n / perMessage) % peers);
            List<WantlistEntry> entries = new ArrayList<>(perMessage);
            Map<Cid, OptionalInt> sizes = new HashMap<>();
            for (int i = 0; i < perMessage; i++, n++) {
                Cid c = cid(n);
                entries.add(i % 3 == 0 ? WantlistEntry.wantBlock(c, n % 11, true)
                        : WantlistEntry.wantHave(c, n % 11, true));
                sizes.put(c, n % 4 == 0 ? OptionalInt.of(BIG) : OptionalInt.empty());
            }
            big.receiveWantlist(p, false, entries, sizes);
            for (Optional<Envelope> e = big.nextEnvelope(); e.isPresent(); e = big.nextEnvelope()) {
                big.envelopeDone(e.get(), true);
                envelopes++;
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        long kept = 0;
        for (PeerId p : ids) {
            kept += big.ledger(p).wants();
        }
        System.out.printf("DecisionEngine: %,d wants from %d peers in %,d ms (%,d envelopes, %,d wants kept)%n",
                n, peers, ms, envelopes, kept);
        assertTrue(kept <= (long) peers * MAX_WANTS);
    }

    private static List<Cid> cids(List<WantlistEntry> wants) {
        return wants.stream().map(WantlistEntry::cid).toList();
    }
}
