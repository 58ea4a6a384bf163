package io.hypha.protocol.kad.query;

import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.routing.KadKey;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * An iterative closest-peers lookup as a sans-IO state machine (spec, "Peer routing"; rust-libp2p
 * {@code query/peers/closest.rs} for the shape): no sockets, no threads, the time is passed in. The driver asks
 * {@link #next} what to do, sends the requests it names, and reports each answer with {@link #onSuccess} or
 * {@link #onFailure}; a request unanswered after {@link QueryConfig#rpcTimeout()} counts as failed on the next
 * {@link #next} call, so an unreachable peer costs one timeout, not the query.
 *
 * <p>At most {@link QueryConfig#alpha()} requests are in flight. The lookup ends when the
 * {@link QueryConfig#beta()} closest peers not known to have failed have all answered and no unqueried
 * candidate is closer than the k-th closest that answered, when the candidates run out, at the overall
 * deadline, or on {@link #cancel()} / {@link #finish()} (GET_PROVIDERS and GET_VALUE stop early once they have
 * enough). Candidates are bounded: only the {@code k * 4} closest seen are kept.
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

    /** Counters for metrics and benchmarks. */
    public record Stats(int requests, int successes, int failures, int timeouts, Instant started, Instant ended) {}

    public ClosestPeersQuery(KadKey target, Collection<PeerId> seeds, QueryConfig config, Instant now) {
        throw new UnsupportedOperationException("TODO");
    }

    public KadKey target() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The next action; call until it returns {@link Action.Wait} or {@link Action.Finished}. */
    public Action next(Instant now) {
        throw new UnsupportedOperationException("TODO");
    }

    /** {@code peer} answered with {@code closerPeers} (peers already seen, and ourselves, are ignored). */
    public void onSuccess(PeerId peer, Collection<PeerId> closerPeers, Instant now) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The request to {@code peer} failed (could not dial, reset, bad answer). */
    public void onFailure(PeerId peer, Instant now) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Stops now; outstanding answers are ignored. */
    public void cancel() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Ends the lookup as successful now (the caller found what it was looking for). */
    public void finish() {
        throw new UnsupportedOperationException("TODO");
    }

    public boolean isFinished() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Up to k peers that answered, closest to the target first. */
    public List<PeerId> result() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Requests sent whose answer has not come, for the driver to match answers that arrive late. */
    public Collection<PeerId> inFlight() {
        throw new UnsupportedOperationException("TODO");
    }

    public Stats stats() {
        throw new UnsupportedOperationException("TODO");
    }
}
