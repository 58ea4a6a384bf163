package io.hypha.protocol.kad;

import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.query.ClosestPeersQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs one {@link ClosestPeersQuery} over the network: sends the requests it asks for through {@link KadClient},
 * feeds the answers back, and wakes it at its deadlines. Every state change happens under this object's lock
 * and answers always come back through the scheduler, so the state machine is never re-entered from a
 * completion that ran synchronously. The future completes when the query finishes, in every outcome.
 */
final class QueryDriver {
    /** What a lookup does with each answer besides following its closer peers. */
    interface AnswerHandler {
        /** Reads {@code answer} from {@code peer}; returns true when the lookup has what it needs. */
        boolean accept(PeerId peer, KadMessage answer);
    }

    private final ClosestPeersQuery query;
    private final Function<PeerId, KadMessage> requestFor;
    private final AnswerHandler handler;
    private final QueryObserver observer;
    private final KadClient client;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final PeerId self;
    private final Kad owner;
    private final QueryKind kind;
    private final CompletableFuture<List<PeerId>> done = new CompletableFuture<>();
    private ScheduledFuture<?> timer;

    QueryDriver(Kad owner, QueryKind kind, ClosestPeersQuery query, Function<PeerId, KadMessage> requestFor,
            AnswerHandler handler, QueryObserver observer) {
        this.owner = owner;
        this.kind = kind;
        this.query = query;
        this.requestFor = requestFor;
        this.handler = handler;
        this.observer = observer;
        this.client = owner.client();
        this.scheduler = owner.host().eventLoopGroup();
        this.clock = owner.host().clock();
        this.self = owner.host().peerId();
    }

    /** Starts the lookup; cancelling the returned future stops it. */
    CompletableFuture<List<PeerId>> run() {
        done.whenComplete((r, e) -> {
            if (done.isCancelled()) {
                scheduler.execute(this::cancel);
            }
        });
        scheduler.execute(this::step);
        return done;
    }

    /** Stops the lookup (the node is closing, or the caller lost interest). */
    synchronized void cancel() {
        if (!query.isFinished()) {
            query.cancel();
            if (done.isDone()) {
                if (timer != null) {
                    timer.cancel(false);
                }
                return;
            }
            step();
        }
    }

    private synchronized void step() {
        if (done.isDone()) {
            return;
        }
        while (true) {
            Instant now = clock.instant();
            ClosestPeersQuery.Action action = query.next(now);
            switch (action) {
                case ClosestPeersQuery.Action.Send send -> send(send.peer());
                case ClosestPeersQuery.Action.Wait wait -> {
                    schedule(wait.until(), now);
                    return;
                }
                case ClosestPeersQuery.Action.Finished finished -> {
                    finish(finished.outcome());
                    return;
                }
            }
        }
    }

    private void schedule(Instant until, Instant now) {
        if (timer != null) {
            timer.cancel(false);
        }
        long delay = until == null ? Long.MAX_VALUE : Math.max(1, Duration.between(now, until).toMillis() + 1);
        if (delay != Long.MAX_VALUE) {
            timer = scheduler.schedule(this::step, delay, TimeUnit.MILLISECONDS);
        }
    }

    private void finish(ClosestPeersQuery.Outcome outcome) {
        if (timer != null) {
            timer.cancel(false);
        }
        ClosestPeersQuery.Stats s = query.stats();
        Instant end = s.ended() != null ? s.ended() : clock.instant();
        owner.emit(new KadEvent.QueryFinished(kind, outcome, Duration.between(s.started(), end), s.requests(),
                s.failures() + s.timeouts()));
        done.complete(query.result());
    }

    private void send(PeerId peer) {
        observer.sending(peer);
        KadMessage request = requestFor.apply(peer);
        client.request(peer, request).whenComplete((answer, err) -> scheduler.execute(() -> answered(peer, answer, err)));
    }

    private synchronized void answered(PeerId peer, KadMessage answer, Throwable err) {
        if (done.isDone()) {
            // a late answer to a finished lookup: only the routing table learns from it
            if (err != null) {
                owner.requestFailed(peer, request(), err);
            } else {
                owner.requestAnswered(peer, request());
            }
            return;
        }
        if (err != null) {
            owner.requestFailed(peer, request(), err);
            observer.failed(peer, err);
            if (!query.isFinished()) {
                query.onFailure(peer, clock.instant());
            }
        } else {
            owner.requestAnswered(peer, request());
            List<KadPeer> closer = owner.learn(answer.closerPeers());
            observer.answered(peer, closer);
            List<PeerId> ids = new ArrayList<>(closer.size());
            for (KadPeer p : closer) {
                if (!p.id().equals(self)) {
                    ids.add(p.id());
                }
            }
            boolean enough = handler.accept(peer, answer);
            if (!query.isFinished()) {
                query.onSuccess(peer, ids, clock.instant());
                if (enough) {
                    query.finish();
                }
            }
        }
        step();
    }

    private MessageType request() {
        return kind.request();
    }
}
