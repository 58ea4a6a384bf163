package io.hypha.protocol.kad.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.KadProtocol;
import io.hypha.protocol.kad.query.ClosestPeersQuery.Action;
import io.hypha.protocol.kad.query.ClosestPeersQuery.Outcome;
import io.hypha.protocol.kad.routing.KadKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClosestPeersQueryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** The default lookup with alpha 3 (rust-libp2p's) instead of 10: the step-by-step tests count three slots. */
    private static final QueryConfig DEFAULTS = new QueryConfig(QueryConfig.defaults().k(), 3,
            QueryConfig.defaults().beta(), QueryConfig.defaults().rpcTimeout(), QueryConfig.defaults().deadline());
    private static final int K = DEFAULTS.k();
    private static final Duration RPC_TIMEOUT = DEFAULTS.rpcTimeout();

    private final Random random = new Random(7);

    private static KadKey randomKey(Random random) {
        byte[] b = new byte[KadKey.BYTES];
        random.nextBytes(b);
        return KadKey.fromDigest(b);
    }

    /** {@code n} random peers, closest to {@code target} first. */
    private List<PeerId> peersByDistance(int n, KadKey target) {
        List<PeerId> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(SimulatedNetwork.randomPeer(random));
        }
        out.sort(Comparator.comparing(p -> KadKey.ofPeer(p).distance(target)));
        return out;
    }

    private static PeerId send(Action action) {
        return assertInstanceOf(Action.Send.class, action).peer();
    }

    /** Sends until the query waits; returns the peers asked. */
    private static List<PeerId> sendAll(ClosestPeersQuery q, Instant now) {
        List<PeerId> sent = new ArrayList<>();
        Action a;
        while ((a = q.next(now)) instanceof Action.Send s) {
            sent.add(s.peer());
        }
        assertInstanceOf(Action.Wait.class, a);
        return sent;
    }

    // ---- Simulated network ----

    /** What one simulated lookup did. */
    private record Run(Outcome outcome, List<PeerId> result, ClosestPeersQuery.Stats stats, int maxInFlight,
            Set<PeerId> heard) {}

    /** How the simulated answers reach the query. */
    private enum Delivery {
        /** Each answer as it arrives, the query deciding in between: the real thing. */
        ON_ARRIVAL,
        /** All answers due are handed over before the query decides again: a lookup in rounds of alpha requests. */
        IN_ROUNDS
    }

    /** Slow peers answer this long after their RPC timeout. */
    private static final Duration SLOW_BY = Duration.ofSeconds(5);

    /**
     * Drives a lookup over {@code net} as the node would, with time passed in: each request is answered after a
     * random 10 to 300 ms, except by {@code unreachable} peers (never) and {@code slow} ones (well after the RPC
     * timeout).
     */
    private Run lookup(SimulatedNetwork net, PeerId self, KadKey target, QueryConfig config, Set<PeerId> unreachable,
            Set<PeerId> slow, Delivery delivery) {
        record Arrival(Instant at, long seq, PeerId peer) {}
        PriorityQueue<Arrival> arrivals =
                new PriorityQueue<>(Comparator.comparing(Arrival::at).thenComparing(Arrival::seq));
        Map<PeerId, Instant> outstanding = new HashMap<>();
        Set<PeerId> asked = new HashSet<>();
        Instant now = T0;
        // Our own routing table seeds the lookup; it never holds ourselves.
        List<PeerId> seeds = net.answer(self, target, config.k(), self);
        Set<PeerId> heard = new HashSet<>(seeds);
        ClosestPeersQuery q = new ClosestPeersQuery(target, seeds, config, now);
        int maxInFlight = 0;
        long seq = 0;
        while (true) {
            Action action = q.next(now);
            switch (action) {
                case Action.Send s -> {
                    assertTrue(asked.add(s.peer()), "asked twice: " + s.peer());
                    assertFalse(s.peer().equals(self));
                    outstanding.put(s.peer(), now);
                    final Instant t = now;
                    int live = (int) outstanding.values().stream()
                            .filter(at -> t.isBefore(at.plus(config.rpcTimeout()))).count();
                    maxInFlight = Math.max(maxInFlight, live);
                    if (slow.contains(s.peer())) {
                        arrivals.add(new Arrival(now.plus(config.rpcTimeout()).plus(SLOW_BY), seq++, s.peer()));
                    } else if (!unreachable.contains(s.peer())) {
                        arrivals.add(new Arrival(now.plusMillis(10 + random.nextInt(291)), seq++, s.peer()));
                    }
                }
                case Action.Wait w -> {
                    assertTrue(w.until().isAfter(now), "a wait must move time forward");
                    boolean delivered = false;
                    while (!arrivals.isEmpty() && !arrivals.peek().at().isAfter(w.until())) {
                        Arrival first = arrivals.poll();
                        now = first.at();
                        outstanding.remove(first.peer());
                        List<PeerId> answer = net.answer(first.peer(), target, config.k(), self);
                        if (!q.isFinished()) {
                            heard.addAll(answer);
                        }
                        q.onSuccess(first.peer(), answer, now);
                        delivered = true;
                        if (delivery == Delivery.ON_ARRIVAL) {
                            break;
                        }
                    }
                    if (!delivered) {
                        now = w.until();
                    }
                }
                case Action.Finished f -> {
                    return new Run(f.outcome(), q.result(), q.stats(), maxInFlight, heard);
                }
            }
        }
    }

    @Test
    void findsTheTrueClosestPeersOnASimulatedNetwork() {
        SimulatedNetwork net = new SimulatedNetwork(1_000, K, random);
        PeerId self = net.peers().getFirst();
        KadKey target = randomKey(random);
        Run run = lookup(net, self, target, DEFAULTS, Set.of(), Set.of(), Delivery.ON_ARRIVAL);
        assertEquals(Outcome.CONVERGED, run.outcome());
        assertEquals(net.trueClosest(target, K, p -> !p.equals(self)), run.result());
        assertEquals(DEFAULTS.alpha(), run.maxInFlight(), "alpha requests in flight, never more");
        assertEquals(0, run.stats().timeouts());
        assertTrue(run.stats().requests() - run.stats().successes() <= DEFAULTS.alpha(),
                "every request answered but those still in flight at the end");
        System.out.printf("one lookup on 1,000 peers: %d requests, %s%n", run.stats().requests(),
                Duration.between(run.stats().started(), run.stats().ended()));
    }

    @Test
    void findsTheTrueClosestPeersForAHundredRandomTargets() {
        SimulatedNetwork net = new SimulatedNetwork(1_000, K, random);
        for (Delivery delivery : Delivery.values()) {
            int requests = 0;
            for (int i = 0; i < 100; i++) {
                PeerId self = net.peers().get(random.nextInt(net.peers().size()));
                KadKey target =
                        i % 10 == 0 ? KadKey.ofPeer(net.peers().get(random.nextInt(1_000))) : randomKey(random);
                Run run = lookup(net, self, target, DEFAULTS, Set.of(), Set.of(), delivery);
                String what = delivery + " lookup " + i;
                assertEquals(Outcome.CONVERGED, run.outcome(), what);
                assertEquals(net.trueClosest(target, K, p -> !p.equals(self)), run.result(), what);
                assertTrue(run.maxInFlight() <= DEFAULTS.alpha(), what);
                requests += run.stats().requests();
            }
            System.out.printf("1,000 peers, k=%d alpha=%d, answers %s: %.1f requests per lookup on average%n", K,
                    DEFAULTS.alpha(), delivery, requests / 100.0);
        }
    }

    /**
     * With peers that do not answer, the true k closest that do may be out of reach: servers keep naming the dead
     * ones, which take places in their k-peer answers. So the lookup is held to what it heard: its result must
     * be the k closest peers that answer among every peer it was told of, and come close to the truth.
     */
    @Test
    void unreachablePeersCostTimeoutsButTheLookupConverges() {
        SimulatedNetwork net = new SimulatedNetwork(1_000, K, random);
        PeerId self = net.peers().getFirst();
        Set<PeerId> unreachable = new HashSet<>();
        for (PeerId p : net.peers()) {
            if (!p.equals(self) && random.nextInt(5) == 0) {
                unreachable.add(p);
            }
        }
        int timeouts = 0;
        int found = 0;
        for (int i = 0; i < 10; i++) {
            KadKey target = randomKey(random);
            Run run = lookup(net, self, target, DEFAULTS, unreachable, Set.of(), Delivery.ON_ARRIVAL);
            assertEquals(Outcome.CONVERGED, run.outcome(), "lookup " + i);
            assertEquals(net.trueClosest(target, K, p -> run.heard().contains(p) && !unreachable.contains(p)),
                    run.result(), "lookup " + i);
            List<PeerId> truth = net.trueClosest(target, K, p -> !p.equals(self) && !unreachable.contains(p));
            int overlap = (int) truth.stream().filter(run.result()::contains).count();
            assertTrue(overlap >= K - 5, "lookup " + i + " found only " + overlap + " of the true k closest");
            found += overlap;
            assertTrue(Duration.between(run.stats().started(), run.stats().ended())
                    .compareTo(DEFAULTS.deadline()) < 0);
            assertTrue(run.stats().successes() + run.stats().timeouts() <= run.stats().requests());
            timeouts += run.stats().timeouts();
        }
        assertTrue(timeouts > 0, "the unreachable peers were asked and timed out");
        System.out.printf("20%% unreachable: %d timeouts over 10 lookups, %.1f of the true %d closest found%n",
                timeouts, found / 10.0, K);
    }

    @Test
    void slowClosestPeersCostOneTimeoutEachAndAreLeftOut() {
        SimulatedNetwork net = new SimulatedNetwork(1_000, K, random);
        PeerId self = net.peers().getFirst();
        KadKey target = randomKey(random);
        // The three closest answer long after their timeout: the lookup gives up on them once, goes on, and has
        // ended by the time their answers come (which are then ignored, not counted).
        List<PeerId> truth = net.trueClosest(target, K, p -> !p.equals(self));
        Set<PeerId> slow = Set.copyOf(truth.subList(0, 3));
        Run run = lookup(net, self, target, DEFAULTS, Set.of(), slow, Delivery.ON_ARRIVAL);
        assertEquals(Outcome.CONVERGED, run.outcome());
        assertEquals(net.trueClosest(target, K, p -> run.heard().contains(p) && !slow.contains(p)), run.result());
        assertEquals(truth.subList(3, K), run.result().subList(0, K - 3), "the next closest all answered");
        assertEquals(3, run.stats().timeouts());
        assertTrue(run.stats().successes() + 3 <= run.stats().requests());
        Duration took = Duration.between(run.stats().started(), run.stats().ended());
        assertTrue(took.compareTo(RPC_TIMEOUT) >= 0 && took.compareTo(RPC_TIMEOUT.plus(SLOW_BY)) < 0, took.toString());
    }

    // ---- The state machine, step by step ----

    @Test
    void keepsAlphaRequestsInFlight() {
        KadKey target = randomKey(random);
        List<PeerId> peers = peersByDistance(10, target);
        ClosestPeersQuery q = new ClosestPeersQuery(target, peers, DEFAULTS, T0);
        assertEquals(peers.subList(0, 3), sendAll(q, T0), "the three closest first");
        assertEquals(new Action.Wait(T0.plus(RPC_TIMEOUT)), q.next(T0));
        assertEquals(Set.copyOf(peers.subList(0, 3)), Set.copyOf(q.inFlight()));

        Instant t1 = T0.plusSeconds(1);
        q.onSuccess(peers.get(1), List.of(), t1);
        assertEquals(peers.get(3), send(q.next(t1)), "an answer frees one slot");
        assertInstanceOf(Action.Wait.class, q.next(t1));
        q.onFailure(peers.get(2), t1);
        assertEquals(peers.get(4), send(q.next(t1)), "so does a failure");
        assertEquals(new Action.Wait(T0.plus(RPC_TIMEOUT)), q.next(t1), "the oldest request times out first");
        assertEquals(new ClosestPeersQuery.Stats(5, 1, 1, 0, T0, null), q.stats());
    }

    @Test
    void aTimeoutFreesTheSlotAndIsCounted() {
        KadKey target = randomKey(random);
        List<PeerId> peers = peersByDistance(5, target);
        QueryConfig config = new QueryConfig(K, 1, 1, RPC_TIMEOUT, Duration.ofMinutes(1));
        ClosestPeersQuery q = new ClosestPeersQuery(target, peers, config, T0);
        assertEquals(peers.getFirst(), send(q.next(T0)));
        Instant justBefore = T0.plus(RPC_TIMEOUT).minusMillis(1);
        assertEquals(new Action.Wait(T0.plus(RPC_TIMEOUT)), q.next(justBefore));
        assertEquals(peers.get(1), send(q.next(T0.plus(RPC_TIMEOUT))));
        assertEquals(1, q.stats().timeouts());
        assertEquals(List.of(peers.get(1), peers.getFirst()), List.copyOf(q.inFlight()),
                "the timed-out request is still matched when its answer comes");
    }

    @Test
    void aLateAnswerIsMergedButCountedOnce() {
        KadKey target = randomKey(random);
        List<PeerId> peers = peersByDistance(4, target);
        PeerId a = peers.get(1);
        PeerId closer = peers.get(0);
        QueryConfig config = new QueryConfig(2, 1, 1, RPC_TIMEOUT, Duration.ofMinutes(1));
        ClosestPeersQuery q = new ClosestPeersQuery(target, List.of(a, peers.get(3)), config, T0);
        assertEquals(a, send(q.next(T0)));
        Instant late = T0.plus(RPC_TIMEOUT);
        assertEquals(peers.get(3), send(q.next(late)), "a timed out");
        q.onSuccess(a, List.of(closer), late.plusSeconds(1));
        q.onSuccess(a, List.of(closer), late.plusSeconds(1));
        q.onFailure(a, late.plusSeconds(1));
        assertEquals(new ClosestPeersQuery.Stats(2, 1, 0, 1, T0, null), q.stats());
        assertEquals(List.of(a), q.result(), "a answered after all");
        assertEquals(List.of(peers.get(3)), List.copyOf(q.inFlight()));
        assertInstanceOf(Action.Wait.class, q.next(late.plusSeconds(1)), "a's slot was freed once already");
        q.onSuccess(peers.get(3), List.of(), late.plusSeconds(2));
        assertEquals(closer, send(q.next(late.plusSeconds(2))), "the peer a named is asked");
        q.onSuccess(closer, List.of(), late.plusSeconds(3));
        assertEquals(new Action.Finished(Outcome.CONVERGED), q.next(late.plusSeconds(3)));
        assertEquals(List.of(closer, a), q.result());
    }

    @Test
    void answersFromPeersNotAskedAreIgnored() {
        KadKey target = randomKey(random);
        List<PeerId> peers = peersByDistance(3, target);
        ClosestPeersQuery q = new ClosestPeersQuery(target, List.of(peers.get(2)), DEFAULTS, T0);
        q.onSuccess(peers.get(2), List.of(peers.get(0)), T0);
        q.onSuccess(peers.get(1), List.of(peers.get(0)), T0);
        q.onFailure(peers.get(1), T0);
        assertEquals(new ClosestPeersQuery.Stats(0, 0, 0, 0, T0, null), q.stats());
        assertEquals(List.of(), q.result());
        assertEquals(List.of(peers.get(2)), sendAll(q, T0), "nothing was merged");
    }

    @Test
    void seenPeersAreAskedOnce() {
        KadKey target = randomKey(random);
        List<PeerId> peers = peersByDistance(4, target);
        PeerId a = peers.get(3);
        ClosestPeersQuery q = new ClosestPeersQuery(target, List.of(a, a, a), DEFAULTS, T0);
        assertEquals(List.of(a), sendAll(q, T0));
        q.onSuccess(a, List.of(a, peers.get(2), peers.get(2), peers.get(1)), T0);
        assertEquals(List.of(peers.get(1), peers.get(2)), sendAll(q, T0));
        q.onSuccess(peers.get(1), List.of(a, peers.get(2)), T0);
        q.onSuccess(peers.get(2), List.of(peers.get(1)), T0);
        assertEquals(new Action.Finished(Outcome.CONVERGED), q.next(T0));
        assertEquals(3, q.stats().requests());
        assertEquals(List.of(peers.get(1), peers.get(2), a), q.result());
    }

    @Test
    void candidatesAreBoundedToTheClosestFourK() {
        KadKey target = randomKey(random);
        int k = 2;
        int bound = k * ClosestPeersQuery.CANDIDATES_PER_K;
        QueryConfig config = new QueryConfig(k, 1, 1, RPC_TIMEOUT, Duration.ofMinutes(1));
        List<PeerId> peers = peersByDistance(1 + 1_000, target);
        PeerId seed = peers.getLast();
        ClosestPeersQuery q = new ClosestPeersQuery(target, List.of(seed), config, T0);
        assertEquals(seed, send(q.next(T0)));
        // A hostile answer: a thousand peers, the closest at the end. Only the first 4k are looked at.
        List<PeerId> flood = new ArrayList<>(peers.subList(0, 1_000)).reversed();
        q.onSuccess(seed, flood, T0);
        Set<PeerId> asked = new HashSet<>();
        Action a;
        Instant now = T0;
        while ((a = q.next(now)) instanceof Action.Send s) {
            asked.add(s.peer());
            now = now.plusMillis(1);
            q.onFailure(s.peer(), now);
        }
        assertEquals(new Action.Finished(Outcome.CONVERGED), a);
        // The first 4k of the answer are the farthest of the flood; the seed answered, so it keeps its place and
        // the farthest of those gives way.
        assertEquals(Set.copyOf(flood.subList(1, bound)), asked);
        assertEquals(List.of(seed), q.result());
    }

    @Test
    void farCandidatesAreDroppedForCloserOnes() {
        KadKey target = randomKey(random);
        int k = 2;
        int bound = k * ClosestPeersQuery.CANDIDATES_PER_K;
        QueryConfig config = new QueryConfig(k, 1, 1, RPC_TIMEOUT, Duration.ofMinutes(1));
        List<PeerId> peers = peersByDistance(2 * bound, target);
        List<PeerId> far = peers.subList(bound, 2 * bound);
        List<PeerId> near = peers.subList(0, bound);
        ClosestPeersQuery q = new ClosestPeersQuery(target, far, config, T0);
        PeerId first = send(q.next(T0));
        assertEquals(far.getFirst(), first);
        q.onSuccess(first, near, T0);
        Set<PeerId> asked = new HashSet<>();
        Action a;
        while ((a = q.next(T0)) instanceof Action.Send s) {
            asked.add(s.peer());
            q.onFailure(s.peer(), T0);
        }
        assertEquals(Set.copyOf(near.subList(0, bound - 1)), asked,
                "the far seeds gave their places to the near peers; the far one that answered kept its place");
        assertEquals(new Action.Finished(Outcome.CONVERGED), a);
        assertEquals(List.of(first), q.result());
    }

    @Test
    void aRequestInFlightBeyondTheKClosestDoesNotHoldTheLookup() {
        KadKey target = randomKey(random);
        List<PeerId> p = peersByDistance(3, target);
        QueryConfig config = new QueryConfig(2, 3, 1, RPC_TIMEOUT, Duration.ofMinutes(1));
        ClosestPeersQuery q = new ClosestPeersQuery(target, p, config, T0);
        assertEquals(p, sendAll(q, T0));
        q.onSuccess(p.get(0), List.of(), T0);
        q.onSuccess(p.get(1), List.of(), T0);
        assertEquals(new Action.Finished(Outcome.CONVERGED), q.next(T0));
        assertEquals(List.of(p.get(0), p.get(1)), q.result());
    }

    @Test
    void aRequestInFlightAmongTheKClosestIsAwaited() {
        KadKey target = randomKey(random);
        List<PeerId> p = peersByDistance(3, target);
        QueryConfig config = new QueryConfig(2, 3, 1, RPC_TIMEOUT, Duration.ofMinutes(1));
        ClosestPeersQuery q = new ClosestPeersQuery(target, p, config, T0);
        assertEquals(p, sendAll(q, T0));
        q.onSuccess(p.get(0), List.of(), T0);
        q.onSuccess(p.get(2), List.of(), T0);
        assertEquals(new Action.Wait(T0.plus(RPC_TIMEOUT)), q.next(T0), "the second closest is still out");
        Instant t = T0.plusSeconds(1);
        q.onSuccess(p.get(1), List.of(), t);
        assertEquals(new Action.Finished(Outcome.CONVERGED), q.next(t));
        assertEquals(List.of(p.get(0), p.get(1)), q.result());
    }

    @Test
    void aPeerThatFailedGivesItsPlaceToTheNext() {
        KadKey target = randomKey(random);
        List<PeerId> p = peersByDistance(3, target);
        QueryConfig config = new QueryConfig(2, 3, 1, RPC_TIMEOUT, Duration.ofMinutes(1));
        ClosestPeersQuery q = new ClosestPeersQuery(target, p, config, T0);
        assertEquals(p, sendAll(q, T0));
        q.onSuccess(p.get(1), List.of(), T0);
        q.onSuccess(p.get(2), List.of(), T0);
        assertEquals(new Action.Wait(T0.plus(RPC_TIMEOUT)), q.next(T0), "the closest is still out");
        q.onFailure(p.get(0), T0);
        assertEquals(new Action.Finished(Outcome.CONVERGED), q.next(T0), "it failed: the next ones decide");
        assertEquals(List.of(p.get(1), p.get(2)), q.result());
    }

    @Test
    void withFewerThanKAnswersEveryRequestInFlightIsAwaited() {
        KadKey target = randomKey(random);
        List<PeerId> p = peersByDistance(2, target);
        QueryConfig config = new QueryConfig(3, 3, 1, RPC_TIMEOUT, Duration.ofMinutes(1));
        ClosestPeersQuery q = new ClosestPeersQuery(target, p, config, T0);
        assertEquals(p, sendAll(q, T0));
        q.onSuccess(p.get(0), List.of(), T0);
        assertInstanceOf(Action.Wait.class, q.next(T0), "the second may still name more peers");
        q.onSuccess(p.get(1), List.of(), T0);
        assertEquals(new Action.Finished(Outcome.CONVERGED), q.next(T0), "everyone answered: a small network");
        assertEquals(p, q.result());
    }

    @Test
    void anUnqueriedPeerCloserThanTheKthAnswerIsAsked() {
        KadKey target = randomKey(random);
        List<PeerId> p = peersByDistance(4, target);
        QueryConfig config = new QueryConfig(2, 1, 1, RPC_TIMEOUT, Duration.ofMinutes(1));
        ClosestPeersQuery q = new ClosestPeersQuery(target, List.of(p.get(0), p.get(3)), config, T0);
        assertEquals(p.get(0), send(q.next(T0)));
        q.onSuccess(p.get(0), List.of(), T0);
        assertEquals(p.get(3), send(q.next(T0)));
        q.onSuccess(p.get(3), List.of(p.get(2)), T0);
        assertEquals(p.get(2), send(q.next(T0)), "closer than the second answer");
        q.onSuccess(p.get(2), List.of(), T0);
        assertEquals(new Action.Finished(Outcome.CONVERGED), q.next(T0));
        assertEquals(List.of(p.get(0), p.get(2)), q.result());
    }

    @Test
    void noSeedsStarve() {
        ClosestPeersQuery q = new ClosestPeersQuery(randomKey(random), List.of(), DEFAULTS, T0);
        assertEquals(new Action.Finished(Outcome.STARVED), q.next(T0));
        assertTrue(q.isFinished());
        assertEquals(List.of(), q.result());
        assertEquals(T0, q.stats().ended());
    }

    @Test
    void seedsThatAllFailStarve() {
        KadKey target = randomKey(random);
        List<PeerId> p = peersByDistance(2, target);
        ClosestPeersQuery q = new ClosestPeersQuery(target, p, DEFAULTS, T0);
        assertEquals(p, sendAll(q, T0));
        q.onFailure(p.get(0), T0);
        assertInstanceOf(Action.Wait.class, q.next(T0));
        Instant later = T0.plus(RPC_TIMEOUT);
        assertEquals(new Action.Finished(Outcome.STARVED), q.next(later), "the other timed out");
        assertEquals(new ClosestPeersQuery.Stats(2, 0, 1, 1, T0, later), q.stats());
    }

    @Test
    void theDeadlineEndsTheLookup() {
        KadKey target = randomKey(random);
        List<PeerId> p = peersByDistance(10, target);
        Duration deadline = Duration.ofSeconds(15);
        QueryConfig config = new QueryConfig(K, 3, 3, RPC_TIMEOUT, deadline);
        ClosestPeersQuery q = new ClosestPeersQuery(target, p, config, T0);
        assertEquals(3, sendAll(q, T0).size());
        Instant t = T0.plus(RPC_TIMEOUT);
        assertEquals(new Action.Wait(t), q.next(T0));
        assertEquals(3, sendAll(q, t).size(), "nobody answers: three timeouts, three more requests");
        assertEquals(new Action.Wait(T0.plus(deadline)), q.next(t), "the deadline comes before the next timeout");
        q.onSuccess(p.get(0), List.of(), t.plusSeconds(1));
        Instant end = T0.plus(deadline);
        assertEquals(new Action.Finished(Outcome.TIMED_OUT), q.next(end));
        assertEquals(new Action.Finished(Outcome.TIMED_OUT), q.next(end.plusSeconds(1)), "it stays finished");
        assertEquals(List.of(p.get(0)), q.result(), "what answered in time is still the result");
        assertEquals(end, q.stats().ended());
    }

    @Test
    void cancelStopsAndIgnoresLaterAnswers() {
        KadKey target = randomKey(random);
        List<PeerId> p = peersByDistance(5, target);
        ClosestPeersQuery q = new ClosestPeersQuery(target, p, DEFAULTS, T0);
        sendAll(q, T0);
        Instant t = T0.plusSeconds(1);
        q.onSuccess(p.get(0), List.of(), t);
        q.cancel();
        assertTrue(q.isFinished());
        assertEquals(new Action.Finished(Outcome.CANCELLED), q.next(t.plusSeconds(1)));
        q.onSuccess(p.get(1), List.of(), t.plusSeconds(1));
        q.onFailure(p.get(2), t.plusSeconds(1));
        q.finish();
        assertEquals(new Action.Finished(Outcome.CANCELLED), q.next(t.plusSeconds(2)), "the first ending stands");
        assertEquals(new ClosestPeersQuery.Stats(3, 1, 0, 0, T0, t), q.stats());
        assertEquals(List.of(p.get(0)), q.result());
    }

    @Test
    void finishEndsEarlyWithWhatAnswered() {
        KadKey target = randomKey(random);
        List<PeerId> p = peersByDistance(5, target);
        ClosestPeersQuery q = new ClosestPeersQuery(target, p, DEFAULTS, T0);
        sendAll(q, T0);
        Instant t = T0.plusSeconds(2);
        q.onSuccess(p.get(1), List.of(), t);
        q.onSuccess(p.get(0), List.of(), t);
        q.finish();
        assertEquals(new Action.Finished(Outcome.FINISHED_EARLY), q.next(t));
        assertEquals(List.of(p.get(0), p.get(1)), q.result());
        assertEquals(t, q.stats().ended());
        assertEquals(List.of(p.get(2)), List.copyOf(q.inFlight()), "the driver can drop what is still out");
    }

    @Test
    void statsWhileRunningHaveNoEnd() {
        KadKey target = randomKey(random);
        ClosestPeersQuery q = new ClosestPeersQuery(target, peersByDistance(1, target), DEFAULTS, T0);
        assertInstanceOf(Action.Send.class, q.next(T0));
        assertNull(q.stats().ended());
        assertEquals(KadProtocol.K, K, "the defaults are the protocol's");
    }
}
