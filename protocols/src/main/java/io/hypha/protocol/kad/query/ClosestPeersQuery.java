package io.hypha.protocol.kad.query;

import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.routing.KadKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An iterative closest-peers lookup as a sans-IO state machine (spec, "Peer routing"; rust-libp2p
 * {@code query/peers/closest.rs} for the shape): no sockets, no threads, the time is passed in. The driver asks
 * {@link #next} what to do, sends the requests it names, and reports each answer with {@link #onSuccess} or
 * {@link #onFailure}; a request unanswered after {@link QueryConfig#rpcTimeout()} counts as failed on the next
 * {@link #next} call, so an unreachable peer costs one timeout, not the query.
 *
 * <p>At most {@link QueryConfig#alpha()} requests are in flight, each to the closest candidate not yet asked.
 * The lookup ends when the k closest candidates not known to have failed have all answered (spec, "Peer
 * routing", termination), which also means that the
 * {@link QueryConfig#beta()} closest have answered and that no unqueried candidate is closer than the k-th that
 * answered; when the candidates run out; at the overall deadline; or on {@link #cancel()} / {@link #finish()}
 * (GET_PROVIDERS and GET_VALUE stop early once they have enough). Candidates are bounded: only the
 * {@code k * 4} closest seen are kept.
 *
 * <p>Deliberately stricter than go-libp2p-kad-dht, which ends once the beta closest have answered and returns
 * peers it never heard from: a request in flight to one of the k closest is awaited (until its answer, its
 * failure or its timeout), because its peer belongs in the result and its answer may name closer ones. Ending
 * without it would make the lookup send requests whose answers it then ignores, and in a simulated network
 * with answers arriving one at a time it left about one of the true k closest out of the result per lookup.
 * The price: an unreachable peer among the k closest costs one RPC timeout, though in parallel with other work.
 * A request past its timeout frees its slot, yet its answer is still welcome: it is merged and the peer may
 * enter the result.
 *
 * <p>The query does not know our own peer id: the driver leaves us out of the seeds and of every answer it
 * reports. Not thread-safe: one driver thread owns it.
 */
public final class ClosestPeersQuery {
    /** What the driver should do next. */
    public sealed interface Action {
        /** Send a request to {@code peer} now. */
        record Send(PeerId peer) implements Action {}

        /** Nothing to send: call {@link #next} again after an answer arrives or at {@code until}. */
        record Wait(Instant until) implements Action {}

        /** The lookup is over: read {@link #result()}. */
        record Finished(Outcome outcome) implements Action {}
    }

    /** Why a lookup ended. */
    public enum Outcome {
        /** The closest peers have answered. */
        CONVERGED,
        /** No candidate was left to ask. */
        STARVED,
        /** The overall deadline passed. */
        TIMED_OUT,
        /** {@link #cancel()} was called. */
        CANCELLED,
        /** {@link #finish()} was called: the caller had what it needed. */
        FINISHED_EARLY
    }

    /**
     * Counters for metrics and benchmarks. Each request counts once in {@code successes}, {@code failures} or
     * {@code timeouts}, except that a request that timed out and was answered later counts in both
     * {@code timeouts} and {@code successes}.
     *
     * @param requests requests sent
     * @param successes answers merged
     * @param failures requests the driver reported failed before their timeout
     * @param timeouts requests unanswered after {@link QueryConfig#rpcTimeout()}
     * @param started the time the query was created with
     * @param ended the time it finished (the last time the driver passed in, for {@link #cancel()} and
     *     {@link #finish()}); null while it runs
     */
    public record Stats(int requests, int successes, int failures, int timeouts, Instant started, Instant ended) {}

    /**
     * Candidates kept per peer wanted: the {@code k * CANDIDATES_PER_K} closest seen, so a lookup's memory does
     * not grow with what peers tell it. Also caps how many closer peers of one answer are looked at: an honest
     * peer sends k.
     */
    public static final int CANDIDATES_PER_K = 4;

    /** Where a candidate stands (rust-libp2p closest.rs has the same five). */
    private enum State {
        NOT_CONTACTED,
        /** A request is in flight and within its timeout; the send time is in {@link #waiting}. */
        WAITING,
        SUCCEEDED,
        /** The driver reported the request failed. */
        FAILED,
        /** The request timed out; a late answer still turns it into {@link #SUCCEEDED}. */
        UNREACHABLE
    }

    private static final class Candidate {
        final PeerId peer;
        final KadKey key;
        State state = State.NOT_CONTACTED;

        Candidate(PeerId peer, KadKey key) {
            this.peer = peer;
            this.key = key;
        }
    }

    private final KadKey target;
    private final QueryConfig config;
    private final Instant started;
    private final Instant deadline;
    private final int maxCandidates;
    /** The closest candidates seen, closest first, at most {@link #maxCandidates}. */
    private final List<Candidate> candidates = new ArrayList<>();
    private final Map<PeerId, Candidate> byPeer = new HashMap<>();
    /** Requests in flight within their timeout, with their send time: at most alpha. */
    private final Map<PeerId, Instant> waiting = new LinkedHashMap<>();
    /** Requests past their timeout whose answer has not come. */
    private final LinkedHashSet<PeerId> overdue = new LinkedHashSet<>();
    private int requests;
    private int successes;
    private int failures;
    private int timeouts;
    private Outcome outcome;
    private Instant ended;
    private Instant lastNow;

    /**
     * A lookup for {@code target}, started at {@code now}.
     *
     * @param seeds the closest peers we know (routing table), without ourselves; duplicates are ignored and
     *     only the {@code k * }{@value #CANDIDATES_PER_K} closest kept
     */
    public ClosestPeersQuery(KadKey target, Collection<PeerId> seeds, QueryConfig config, Instant now) {
        this.target = Objects.requireNonNull(target, "target");
        this.config = Objects.requireNonNull(config, "config");
        this.started = Objects.requireNonNull(now, "now");
        this.lastNow = now;
        this.deadline = now.plus(config.deadline());
        this.maxCandidates = Math.multiplyExact(config.k(), CANDIDATES_PER_K);
        for (PeerId seed : seeds) {
            addCandidate(Objects.requireNonNull(seed, "seed"));
        }
    }

    public KadKey target() {
        return target;
    }

    /** The next action; call until it returns {@link Action.Wait} or {@link Action.Finished}. */
    public Action next(Instant now) {
        Objects.requireNonNull(now, "now");
        if (outcome != null) {
            return new Action.Finished(outcome);
        }
        lastNow = now;
        expireTimeouts(now);
        if (!now.isBefore(deadline)) {
            return end(Outcome.TIMED_OUT, now);
        }
        if (converged()) {
            return end(Outcome.CONVERGED, now);
        }
        Candidate next = closestNotContacted();
        if (next == null && waiting.isEmpty()) {
            return end(Outcome.STARVED, now);
        }
        if (next != null && waiting.size() < config.alpha()) {
            next.state = State.WAITING;
            waiting.put(next.peer, now);
            requests++;
            return new Action.Send(next.peer);
        }
        Instant until = deadline;
        for (Instant sent : waiting.values()) {
            Instant timeout = sent.plus(config.rpcTimeout());
            if (timeout.isBefore(until)) {
                until = timeout;
            }
        }
        return new Action.Wait(until);
    }

    /**
     * {@code peer} answered with {@code closerPeers}. Peers already seen are ignored, and of a long list only the
     * first {@code k * }{@value #CANDIDATES_PER_K} are looked at. The query does not know our own id: the driver
     * must leave us out. An answer from a peer we did not ask, or that already answered or failed, is ignored;
     * one that comes after its timeout is merged (it is counted in {@link Stats#timeouts()} and now in
     * {@link Stats#successes()} too, but frees no second slot).
     */
    public void onSuccess(PeerId peer, Collection<PeerId> closerPeers, Instant now) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(closerPeers, "closerPeers");
        if (outcome != null) {
            return;
        }
        lastNow = Objects.requireNonNull(now, "now");
        if (waiting.remove(peer) == null && !overdue.remove(peer)) {
            return;
        }
        successes++;
        Candidate c = byPeer.get(peer);
        if (c != null) {
            c.state = State.SUCCEEDED;
        }
        int looked = 0;
        for (PeerId closer : closerPeers) {
            if (looked++ == maxCandidates) {
                break;
            }
            if (closer != null) {
                addCandidate(closer);
            }
        }
    }

    /**
     * The request to {@code peer} failed (could not dial, reset, bad answer). Ignored for a peer not in flight;
     * for one already timed out it changes nothing (the timeout was counted).
     */
    public void onFailure(PeerId peer, Instant now) {
        Objects.requireNonNull(peer, "peer");
        if (outcome != null) {
            return;
        }
        lastNow = Objects.requireNonNull(now, "now");
        if (waiting.remove(peer) != null) {
            failures++;
            Candidate c = byPeer.get(peer);
            if (c != null) {
                c.state = State.FAILED;
            }
        } else {
            overdue.remove(peer);
        }
    }

    /** Stops now; outstanding answers are ignored. No effect on a finished query. */
    public void cancel() {
        if (outcome == null) {
            end(Outcome.CANCELLED, lastNow);
        }
    }

    /** Ends the lookup as successful now (the caller found what it was looking for). No effect once finished. */
    public void finish() {
        if (outcome == null) {
            end(Outcome.FINISHED_EARLY, lastNow);
        }
    }

    public boolean isFinished() {
        return outcome != null;
    }

    /** Up to k peers that answered, closest to the target first (also while running, and after a timeout). */
    public List<PeerId> result() {
        List<PeerId> out = new ArrayList<>(config.k());
        for (int i = 0; i < candidates.size() && out.size() < config.k(); i++) {
            Candidate c = candidates.get(i);
            if (c.state == State.SUCCEEDED) {
                out.add(c.peer);
            }
        }
        return out;
    }

    /**
     * Requests sent whose answer has not come, for the driver to match answers that arrive late: those within
     * their timeout first, in the order sent, then those past it (whose answer is still merged).
     */
    public Collection<PeerId> inFlight() {
        List<PeerId> out = new ArrayList<>(waiting.size() + overdue.size());
        out.addAll(waiting.keySet());
        out.addAll(overdue);
        return out;
    }

    public Stats stats() {
        return new Stats(requests, successes, failures, timeouts, started, ended);
    }

    private Action end(Outcome why, Instant now) {
        outcome = why;
        ended = now;
        return new Action.Finished(why);
    }

    /** Turns requests unanswered for rpcTimeout into timeouts, freeing their slots. */
    private void expireTimeouts(Instant now) {
        var it = waiting.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<PeerId, Instant> e = it.next();
            if (!now.isBefore(e.getValue().plus(config.rpcTimeout()))) {
                it.remove();
                overdue.add(e.getKey());
                timeouts++;
                Candidate c = byPeer.get(e.getKey());
                if (c != null) {
                    c.state = State.UNREACHABLE;
                }
            }
        }
    }

    /**
     * The termination rule (spec, "Peer routing"): walking the candidates closest first and skipping those that
     * failed, the first k have all answered, or, when fewer than k are left, all of them have (and at least one).
     */
    private boolean converged() {
        int answered = 0;
        for (Candidate c : candidates) {
            switch (c.state) {
                case FAILED, UNREACHABLE -> {
                }
                case NOT_CONTACTED, WAITING -> {
                    return false;
                }
                case SUCCEEDED -> {
                    if (++answered == config.k()) {
                        return true;
                    }
                }
            }
        }
        return answered > 0;
    }

    private Candidate closestNotContacted() {
        for (Candidate c : candidates) {
            if (c.state == State.NOT_CONTACTED) {
                return c;
            }
        }
        return null;
    }

    /**
     * Adds a peer not seen before where its distance puts it. Beyond the bound the farthest candidate that has
     * not answered is dropped: one that answered stays, so the result never loses a peer it needs (when all
     * have answered, the farthest goes, and k closer ones answered).
     */
    private void addCandidate(PeerId peer) {
        if (byPeer.containsKey(peer) || waiting.containsKey(peer) || overdue.contains(peer)) {
            return;
        }
        KadKey key = KadKey.ofPeer(peer);
        int lo = 0;
        int hi = candidates.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (candidates.get(mid).key.compareDistance(target, key) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == maxCandidates) {
            return;
        }
        Candidate c = new Candidate(peer, key);
        candidates.add(lo, c);
        byPeer.put(peer, c);
        if (candidates.size() > maxCandidates) {
            int drop = candidates.size() - 1;
            while (drop > 0 && candidates.get(drop).state == State.SUCCEEDED) {
                drop--;
            }
            if (candidates.get(drop).state == State.SUCCEEDED) {
                drop = candidates.size() - 1;
            }
            byPeer.remove(candidates.remove(drop).peer);
        }
    }
}
