package io.hypha.protocol.bitswap.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.block.Block;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multihash;
import io.hypha.peer.PeerId;
import io.hypha.protocol.bitswap.BitswapProtocol;
import io.hypha.protocol.bitswap.message.BlockPresence;
import io.hypha.protocol.bitswap.message.WantType;
import io.hypha.protocol.bitswap.message.WantlistEntry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BitswapClientTest {
    private static final Duration SEARCH_DELAY = Duration.ofSeconds(1);
    private static final Duration REBROADCAST = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final BitswapClient.Timers TIMERS = new BitswapClient.Timers(SEARCH_DELAY, REBROADCAST, TIMEOUT);

    private static final PeerId A = peer(1);
    private static final PeerId B = peer(2);
    private static final PeerId C = peer(3);
    private static final PeerId D = peer(4);

    record Sent(PeerId peer, List<WantlistEntry> entries) {}

    record Search(long session, Cid cid) {}

    record Received(long session, Cid cid, Block block) {}

    record GaveUp(long session, Cid cid, String why) {}

    /** Records every output, in order. */
    static final class Recorder implements BitswapClient.Output {
        final List<Sent> sent = new ArrayList<>();
        final List<Search> searches = new ArrayList<>();
        final List<Received> received = new ArrayList<>();
        final List<GaveUp> gaveUp = new ArrayList<>();

        @Override
        public void send(PeerId peer, List<WantlistEntry> entries) {
            sent.add(new Sent(peer, List.copyOf(entries)));
        }

        @Override
        public void findProviders(long session, Cid cid) {
            searches.add(new Search(session, cid));
        }

        @Override
        public void received(long session, Cid cid, Block block) {
            received.add(new Received(session, cid, block));
        }

        @Override
        public void gaveUp(long session, Cid cid, String why) {
            gaveUp.add(new GaveUp(session, cid, why));
        }

        void clear() {
            sent.clear();
            searches.clear();
            received.clear();
            gaveUp.clear();
        }

        /** Every entry sent to {@code peer}, in order, over all messages. */
        List<WantlistEntry> to(PeerId peer) {
            List<WantlistEntry> out = new ArrayList<>();
            for (Sent s : sent) {
                if (s.peer().equals(peer)) {
                    out.addAll(s.entries());
                }
            }
            return out;
        }

        long messagesTo(PeerId peer) {
            return sent.stream().filter(s -> s.peer().equals(peer)).count();
        }

        List<WantlistEntry> all() {
            return sent.stream().flatMap(s -> s.entries().stream()).toList();
        }
    }

    private final Recorder out = new Recorder();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    // ---- helpers

    static PeerId peer(int n) {
        return PeerId.fromMultihash(Multihash.digest(HashAlgorithm.SHA2_256, ("peer " + n).getBytes(StandardCharsets.UTF_8)));
    }

    /** A raw block (CIDv1, sha2-256); distinct n give distinct blocks. */
    static Block block(int n) {
        return Block.raw(("block " + n).getBytes(StandardCharsets.UTF_8));
    }

    static Cid cid(int n) {
        return block(n).cid();
    }

    static WantlistEntry wantBlock(Cid cid) {
        return WantlistEntry.wantBlock(cid, 0, true);
    }

    static WantlistEntry wantHave(Cid cid) {
        return WantlistEntry.wantHave(cid, 0, true);
    }

    /** The entry with its priority zeroed, to compare kind and flags only. */
    static WantlistEntry kind(WantlistEntry e) {
        return new WantlistEntry(e.cid(), 0, e.cancel(), e.type(), e.sendDontHave());
    }

    static List<WantlistEntry> kinds(List<WantlistEntry> entries) {
        return entries.stream().map(BitswapClientTest::kind).toList();
    }

    BitswapClient client(boolean routing) {
        return new BitswapClient(out, TIMERS, routing);
    }

    void advance(Duration d) {
        now = now.plus(d);
    }

    void connect(BitswapClient client, PeerId... peers) {
        for (PeerId p : peers) {
            client.peerConnected(p, true, now);
        }
    }

    /** Opens {@code session} and makes {@code peers} its peers (they said HAVE, the first sent the block). */
    void sessionWithPeers(BitswapClient client, long session, PeerId... peers) {
        client.openSession(session);
        Block b = block(-1_000 - (int) session);
        client.want(session, b.cid(), now);
        for (PeerId p : peers) {
            client.receivedPresences(p, List.of(BlockPresence.have(b.cid())), now);
        }
        assertTrue(client.receivedBlock(peers[0], b, now));
        assertEquals(List.of(peers), client.sessionPeers(session));
        out.clear();
    }

    // ---- a want's first send

    @Test
    void firstWantWithNoSessionPeersBroadcastsWantHaveAndOneWantBlock() {
        BitswapClient client = client(true);
        connect(client, A, B, C);
        client.openSession(1);
        client.want(1, cid(1), now);

        assertEquals(List.of(wantBlock(cid(1))), kinds(out.to(A)));
        assertEquals(List.of(wantHave(cid(1))), kinds(out.to(B)));
        assertEquals(List.of(wantHave(cid(1))), kinds(out.to(C)));
        assertEquals(1, out.all().stream().filter(e -> e.type() == WantType.BLOCK).count());
        assertEquals(3, out.sent.size());
        assertEquals(List.of(cid(1)), client.wantlist());
        assertEquals(1, client.openWants());
    }

    @Test
    void sessionWithPeersSendsWantBlockToLeastLoadedAndWantHaveToTheOthers() {
        BitswapClient client = client(true);
        connect(client, A, B, C, D);
        sessionWithPeers(client, 1, A, B, C);

        client.want(1, cid(1), now);
        assertEquals(List.of(wantBlock(cid(1))), kinds(out.to(A)));
        assertEquals(List.of(wantHave(cid(1))), kinds(out.to(B)));
        assertEquals(List.of(wantHave(cid(1))), kinds(out.to(C)));
        assertEquals(List.of(), out.to(D), "a connected peer outside the session is not asked");

        out.clear();
        client.want(1, cid(2), now); // A holds a want-block now: B is least loaded
        assertEquals(List.of(wantHave(cid(2))), kinds(out.to(A)));
        assertEquals(List.of(wantBlock(cid(2))), kinds(out.to(B)));
        assertEquals(List.of(wantHave(cid(2))), kinds(out.to(C)));
    }

    // ---- answers

    @Test
    void haveAddsThePeerToTheSessionAndGetsAWantBlockWhenNoneIsInFlight() {
        BitswapClient client = client(true);
        connect(client, A, B, C);
        client.openSession(1);
        client.want(1, cid(1), now);
        out.clear();

        client.receivedPresences(B, List.of(BlockPresence.have(cid(1))), now);
        assertEquals(List.of(B), client.sessionPeers(1));
        assertEquals(List.of(), out.sent, "A still holds the want-block");

        client.receivedPresences(A, List.of(BlockPresence.dontHave(cid(1))), now);
        assertEquals(List.of(wantBlock(cid(1))), kinds(out.to(B)));
        out.clear();

        // a HAVE for a want nobody holds a want-block for gets one at once
        client.want(1, cid(2), now); // to the session peer B only
        assertEquals(List.of(B), out.sent.stream().map(Sent::peer).toList());
        client.receivedPresences(B, List.of(BlockPresence.dontHave(cid(2))), now); // then A and C are asked
        out.clear();
        client.receivedPresences(C, List.of(BlockPresence.have(cid(2))), now);
        assertEquals(List.of(wantBlock(cid(2))), kinds(out.to(C)));
        assertEquals(List.of(B, C), client.sessionPeers(1));
    }

    @Test
    void dontHaveFromTheWantBlockPeerMovesTheWantBlockToAPeerThatSaidHave() {
        BitswapClient client = client(true);
        connect(client, A, B, C);
        client.openSession(1);
        client.want(1, cid(1), now);
        client.receivedPresences(C, List.of(BlockPresence.have(cid(1))), now);
        out.clear();

        client.receivedPresences(A, List.of(BlockPresence.dontHave(cid(1))), now);
        assertEquals(List.of(C), out.sent.stream().map(Sent::peer).toList());
        assertEquals(List.of(wantBlock(cid(1))), kinds(out.to(C)));
        assertEquals(List.of(), out.gaveUp);
    }

    @Test
    void everyPeerDecliningAsksTheRestThenSearchesThenGivesUp() {
        BitswapClient client = client(true);
        connect(client, A, B, C);
        sessionWithPeers(client, 1, A);

        client.want(1, cid(1), now);
        assertEquals(List.of(A), out.sent.stream().map(Sent::peer).toList());
        out.clear();

        client.receivedPresences(A, List.of(BlockPresence.dontHave(cid(1))), now);
        assertEquals(List.of(wantHave(cid(1))), kinds(out.to(B)));
        assertEquals(List.of(wantHave(cid(1))), kinds(out.to(C)));
        out.clear();

        client.receivedPresences(B, List.of(BlockPresence.dontHave(cid(1))), now);
        client.receivedPresences(C, List.of(BlockPresence.dontHave(cid(1))), now);
        assertEquals(List.of(), out.searches, "the search starts on the next tick");
        assertEquals(List.of(), out.gaveUp);

        client.tick(now);
        assertEquals(List.of(new Search(1, cid(1))), out.searches);
        client.tick(now);
        assertEquals(1, out.searches.size(), "one search per want at a time");

        client.providerSearchDone(1, cid(1), now);
        assertEquals(1, out.gaveUp.size());
        assertEquals(cid(1), out.gaveUp.getFirst().cid());
        assertEquals(0, client.openWants());
        assertEquals(List.of(), out.received);
    }

    @Test
    void everyPeerDecliningWithoutRoutingGivesUpAtOnce() {
        BitswapClient client = client(false);
        connect(client, A, B);
        client.openSession(1);
        client.want(1, cid(1), now);
        client.receivedPresences(A, List.of(BlockPresence.dontHave(cid(1))), now);
        assertEquals(List.of(), out.gaveUp, "B has not answered");
        client.receivedPresences(B, List.of(BlockPresence.dontHave(cid(1))), now);
        assertEquals(List.of(cid(1)), out.gaveUp.stream().map(GaveUp::cid).toList());
        assertEquals(List.of(), out.searches);
        assertEquals(0, client.openWants());
    }

    @Test
    void aFoundProviderGetsTheWantBlock() {
        BitswapClient client = client(true);
        client.openSession(1);
        client.want(1, cid(1), now);
        client.tick(now); // no peer at all: the search starts at once
        assertEquals(List.of(new Search(1, cid(1))), out.searches);

        client.peerConnected(A, true, now); // the driver connects the provider, then reports it
        out.clear();
        client.providerFound(1, A, now);
        client.providerSearchDone(1, cid(1), now);
        assertEquals(List.of(), out.gaveUp);
        assertEquals(List.of(A), client.sessionPeers(1));
        assertTrue(client.receivedBlock(A, block(1), now));
        assertEquals(1, out.received.size());
    }

    @Test
    void aWantWithNoPeerAndNoRoutingWaitsTheSearchDelayForOne() {
        BitswapClient client = client(false);
        client.openSession(1);
        client.want(1, cid(1), now);
        client.want(1, cid(2), now);
        advance(SEARCH_DELAY.minusMillis(1));
        client.tick(now);
        assertEquals(List.of(), out.gaveUp);

        client.peerConnected(A, false, now);
        assertEquals(List.of(WantlistEntry.wantBlock(cid(1), 0, false), WantlistEntry.wantBlock(cid(2), 0, false)),
                kinds(out.to(A)), "an optimistic want-block each");
        assertEquals(1, out.messagesTo(A));
        advance(SEARCH_DELAY);
        client.tick(now);
        assertEquals(List.of(), out.gaveUp);

        client.openSession(2); // a new want, and A gone: nobody to ask
        client.peerDisconnected(A, now);
        out.clear();
        client.want(2, cid(3), now);
        advance(SEARCH_DELAY.minusMillis(1));
        client.tick(now);
        assertEquals(List.of(), out.gaveUp);
        advance(Duration.ofMillis(1));
        client.tick(now);
        assertEquals(List.of(cid(3)), out.gaveUp.stream().map(GaveUp::cid).toList());
    }

    // ---- blocks

    @Test
    void aBlockCompletesEverySessionWantingItAndCancelsWithTheOtherPeers() {
        BitswapClient client = client(true);
        connect(client, A, B, C);
        Block b = block(1);
        Cid v0 = Cid.v0(b.cid().multihash());
        client.openSession(1);
        client.openSession(2);
        client.want(1, v0, now);
        client.want(2, b.cid(), now);
        out.clear();

        assertTrue(client.receivedBlock(B, b, now));
        assertEquals(2, out.received.size());
        Received r1 = out.received.stream().filter(r -> r.session() == 1).findFirst().orElseThrow();
        Received r2 = out.received.stream().filter(r -> r.session() == 2).findFirst().orElseThrow();
        assertEquals(v0, r1.cid());
        assertEquals(v0, r1.block().cid(), "the block handed out carries the CID asked for");
        assertArrayEquals(b.data(), r1.block().data());
        assertEquals(b, r2.block());
        assertEquals(List.of(), out.to(B), "no cancel to the sender");
        assertEquals(List.of(WantlistEntry.cancel(v0), WantlistEntry.cancel(b.cid())), out.to(A));
        assertEquals(List.of(WantlistEntry.cancel(v0), WantlistEntry.cancel(b.cid())), out.to(C));
        assertEquals(List.of(B), client.sessionPeers(1));
        assertEquals(0, client.openWants());
        assertEquals(List.of(), client.wantlist());

        assertFalse(client.receivedBlock(A, b, now), "a second copy is wanted by nobody");
    }

    @Test
    void aBlockNobodyWantsIsRefused() {
        BitswapClient client = client(true);
        connect(client, A);
        client.openSession(1);
        client.want(1, cid(1), now);
        out.clear();
        assertFalse(client.receivedBlock(A, block(2), now));
        assertEquals(List.of(), out.received);
        assertEquals(List.of(), out.sent);
        assertEquals(1, client.openWants());
    }

    // ---- peers leaving, sessions closing

    @Test
    void aDisconnectedPeersWantBlockMovesOn() {
        BitswapClient client = client(true);
        connect(client, A, B, C);
        client.openSession(1);
        client.want(1, cid(1), now);
        client.receivedPresences(A, List.of(BlockPresence.have(cid(1))), now);
        client.receivedPresences(B, List.of(BlockPresence.have(cid(1))), now);
        out.clear();

        client.peerDisconnected(A, now);
        assertEquals(List.of(wantBlock(cid(1))), kinds(out.to(B)));
        assertEquals(List.of(B), client.sessionPeers(1));
        assertEquals(1, out.sent.size());
    }

    @Test
    void theLastUndecidedPeerLeavingEndsAWantEveryOtherPeerDeclined() {
        BitswapClient client = client(false);
        connect(client, A, B);
        client.openSession(1);
        client.want(1, cid(1), now);
        client.receivedPresences(A, List.of(BlockPresence.dontHave(cid(1))), now);
        assertEquals(List.of(), out.gaveUp);

        client.peerDisconnected(B, now); // B never answered; A said no: nobody is left to have it
        assertEquals(List.of(cid(1)), out.gaveUp.stream().map(GaveUp::cid).toList());
    }

    @Test
    void closingASessionCancelsItsWantsSilently() {
        BitswapClient client = client(true);
        connect(client, A, B);
        client.openSession(1);
        client.want(1, cid(1), now);
        out.clear();

        client.closeSession(1);
        assertEquals(List.of(WantlistEntry.cancel(cid(1))), out.to(A));
        assertEquals(List.of(WantlistEntry.cancel(cid(1))), out.to(B));
        assertEquals(0, client.openWants());
        assertEquals(0, client.sessions());
        advance(TIMEOUT);
        client.tick(now);
        assertEquals(List.of(), out.received);
        assertEquals(List.of(), out.gaveUp);
        assertFalse(client.receivedBlock(A, block(1), now));
    }

    @Test
    void closingASessionFreesTheWantBlocksItHeld() {
        BitswapClient client = client(true);
        connect(client, A, B);
        sessionWithPeers(client, 1, A, B);
        client.want(1, cid(1), now); // want-block to A
        client.closeSession(1);

        sessionWithPeers(client, 2, A, B);
        client.want(2, cid(2), now);
        assertEquals(List.of(wantBlock(cid(2))), kinds(out.to(A)), "A holds no want-block any more");
    }

    @Test
    void closingOneSessionKeepsAnotherSessionsWantOfTheSameCid() {
        BitswapClient client = client(true);
        connect(client, A, B);
        client.openSession(1);
        client.openSession(2);
        client.want(1, cid(1), now);
        client.want(2, cid(1), now);
        out.clear();

        client.closeSession(1);
        assertEquals(List.of(), out.sent, "session 2 still wants it from A and B");
        assertTrue(client.receivedBlock(A, block(1), now));
        assertEquals(List.of(new Received(2, cid(1), block(1))), out.received);
        assertEquals(List.of(WantlistEntry.cancel(cid(1))), out.to(B));
    }

    // ---- timers

    @Test
    void rebroadcastResendsWantHavesButNotASecondWantBlock() {
        BitswapClient client = client(false);
        connect(client, A, B);
        client.openSession(1);
        client.want(1, cid(1), now);
        out.clear();

        advance(REBROADCAST.minusMillis(1));
        client.tick(now);
        assertEquals(List.of(), out.sent);

        advance(Duration.ofMillis(1));
        client.tick(now);
        assertEquals(List.of(), out.to(A), "A still holds the want-block");
        assertEquals(List.of(wantHave(cid(1))), kinds(out.to(B)));
        out.clear();

        advance(REBROADCAST); // A sat on its want-block for two intervals: it goes to B
        client.tick(now);
        assertEquals(List.of(wantHave(cid(1))), kinds(out.to(A)));
        assertEquals(List.of(wantBlock(cid(1))), kinds(out.to(B)));
        assertEquals(List.of(), out.gaveUp);
    }

    @Test
    void aWantNobodySendsWithinTheTimeoutGivesUp() {
        BitswapClient client = client(true);
        connect(client, A);
        client.openSession(1);
        client.want(1, cid(1), now);
        client.receivedPresences(A, List.of(BlockPresence.have(cid(1))), now);
        out.clear();

        advance(TIMEOUT.minusMillis(1));
        client.tick(now);
        assertEquals(List.of(), out.gaveUp);
        out.clear();
        advance(Duration.ofMillis(1));
        client.tick(now);
        assertEquals(List.of(cid(1)), out.gaveUp.stream().map(GaveUp::cid).toList());
        assertEquals(List.of(WantlistEntry.cancel(cid(1))), out.to(A));
        assertEquals(0, client.openWants());
    }

    @Test
    void providerSearchRunsOnceAtATimePerSession() {
        BitswapClient client = client(true);
        client.openSession(1);
        client.openSession(2);
        client.want(1, cid(1), now);
        client.want(1, cid(2), now);
        client.want(2, cid(3), now);
        client.tick(now);
        assertEquals(List.of(new Search(1, cid(1)), new Search(2, cid(3))),
                out.searches.stream().sorted(Comparator.comparingLong(Search::session)).toList());
        out.clear();

        advance(REBROADCAST.multipliedBy(3));
        client.tick(now);
        assertEquals(List.of(), out.searches, "session 1 and 2 are still searching");

        client.providerSearchDone(1, cid(1), now); // found nobody: cid(1) gives up
        assertEquals(List.of(cid(1)), out.gaveUp.stream().map(GaveUp::cid).toList());
        client.tick(now);
        assertEquals(List.of(new Search(1, cid(2))), out.searches);
    }

    // ---- bounds

    @Test
    void wantsBeyondMaxOpenWantsGiveUpAtOnce() {
        BitswapClient client = client(true);
        client.openSession(1);
        for (int i = 0; i < BitswapClient.MAX_OPEN_WANTS; i++) {
            client.want(1, cid(i), now);
        }
        assertEquals(BitswapClient.MAX_OPEN_WANTS, client.openWants());
        assertEquals(List.of(), out.gaveUp);

        Cid extra = cid(BitswapClient.MAX_OPEN_WANTS);
        client.want(1, extra, now);
        assertEquals(List.of(extra), out.gaveUp.stream().map(GaveUp::cid).toList());
        assertEquals(BitswapClient.MAX_OPEN_WANTS, client.openWants());

        assertTrue(client.receivedBlock(null, block(0), now)); // one slot frees
        out.clear();
        client.want(1, extra, now);
        assertEquals(List.of(), out.gaveUp);
        assertEquals(BitswapClient.MAX_OPEN_WANTS, client.openWants());
    }

    @Test
    void aSessionKeepsAtMostMaxSessionPeers() {
        BitswapClient client = client(true);
        List<PeerId> peers = new ArrayList<>();
        for (int i = 0; i < BitswapClient.MAX_SESSION_PEERS + 6; i++) {
            peers.add(peer(100 + i));
            client.peerConnected(peers.getLast(), true, now);
        }
        client.openSession(1);
        client.want(1, cid(1), now);
        for (PeerId p : peers) {
            client.receivedPresences(p, List.of(BlockPresence.have(cid(1))), now);
        }
        assertEquals(peers.subList(0, BitswapClient.MAX_SESSION_PEERS), client.sessionPeers(1));
    }

    // ---- messages

    @Test
    void entriesAreBatchedPerPeerPerCallAndSplitAtTheMessageLimit() {
        BitswapClient client = client(true);
        client.openSession(1);
        int n = 2 * BitswapProtocol.MAX_WANTS_PER_MESSAGE + 500;
        for (int i = 0; i < n; i++) {
            client.want(1, cid(i), now);
        }
        assertEquals(List.of(), out.sent);

        client.peerConnected(A, true, now);
        assertEquals(List.of(BitswapProtocol.MAX_WANTS_PER_MESSAGE, BitswapProtocol.MAX_WANTS_PER_MESSAGE, 500),
                out.sent.stream().map(s -> s.entries().size()).toList());
        assertTrue(out.all().stream().allMatch(e -> e.type() == WantType.BLOCK && !e.cancel()));
        out.clear();

        client.closeSession(1);
        assertEquals(3, out.messagesTo(A));
        assertTrue(out.all().stream().allMatch(WantlistEntry::cancel));
        assertEquals(n, out.all().size());
    }

    @Test
    void aWantToSeveralPeersIsOneMessageEach() {
        BitswapClient client = client(true);
        connect(client, A, B, C);
        client.openSession(1);
        client.want(1, cid(1), now);
        assertEquals(1, out.messagesTo(A));
        assertEquals(1, out.messagesTo(B));
        assertEquals(1, out.messagesTo(C));
    }

    @Test
    void peersWithoutHaveGetWantBlocksWithoutSendDontHave() {
        BitswapClient client = client(true);
        client.peerConnected(A, false, now);
        client.peerConnected(B, true, now);
        client.openSession(1);
        client.want(1, cid(1), now); // want-block to A (first), want-have to B
        client.want(1, cid(2), now); // want-block to B (less loaded), A asked with a want-block too
        assertEquals(List.of(wantHave(cid(1)), wantBlock(cid(2))), kinds(out.to(B)));
        advance(REBROADCAST);
        client.tick(now);
        advance(REBROADCAST);
        client.tick(now);

        List<WantlistEntry> toA = out.to(A);
        assertTrue(toA.size() >= 2);
        for (WantlistEntry e : toA) {
            assertEquals(WantType.BLOCK, e.type(), e.toString());
            assertFalse(e.sendDontHave(), e.toString());
        }
    }

    @Test
    void prioritiesDecreaseInWantOrder() {
        BitswapClient client = client(true);
        connect(client, A);
        client.openSession(1);
        client.openSession(2);
        for (int i = 0; i < 10; i++) {
            client.want(i % 2 + 1, cid(i), now);
        }
        List<WantlistEntry> toA = out.to(A);
        assertEquals(10, toA.size());
        for (int i = 1; i < toA.size(); i++) {
            assertEquals(cid(i), toA.get(i).cid());
            assertTrue(toA.get(i).priority() < toA.get(i - 1).priority(), toA.toString());
        }
    }

    @Test
    void wantBlocksSpreadEvenlyOverTheSessionPeers() {
        BitswapClient client = client(true);
        connect(client, A, B, C, D);
        sessionWithPeers(client, 1, A, B, C, D);
        for (int i = 0; i < 1000; i++) {
            client.want(1, cid(i), now);
        }
        Map<PeerId, Integer> blocks = new HashMap<>();
        for (Sent s : out.sent) {
            for (WantlistEntry e : s.entries()) {
                if (e.type() == WantType.BLOCK) {
                    blocks.merge(s.peer(), 1, Integer::sum);
                }
            }
        }
        assertEquals(1000, blocks.values().stream().mapToInt(Integer::intValue).sum());
        for (PeerId p : List.of(A, B, C, D)) {
            int n = blocks.getOrDefault(p, 0);
            assertTrue(n >= 200 && n <= 300, p + " got " + n + " want-blocks: " + blocks.values());
        }

        // as A sends the blocks it was asked for, it has the fewest in flight and gets the next want-block
        List<Cid> atA = out.to(A).stream().filter(e -> e.type() == WantType.BLOCK).map(WantlistEntry::cid).toList();
        out.clear();
        for (int i = 0; i < 1000; i++) {
            if (atA.contains(cid(i))) {
                assertTrue(client.receivedBlock(A, block(i), now));
            }
        }
        out.clear();
        client.want(1, cid(5000), now);
        assertEquals(List.of(wantBlock(cid(5000))), kinds(out.to(A)));
    }
}
