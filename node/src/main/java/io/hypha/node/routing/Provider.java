package io.hypha.node.routing;

import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multihash;
import io.hypha.protocol.kad.ProvideSweep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Announces the node's content to the DHT: keys queued as content arrives (what {@code Provide.Strategy}
 * selects) are announced together a moment later, and every key is announced again each
 * {@code Provide.DHT.Interval} (22 h by default, inside the records' 48 h life), both through one
 * {@link ProvideSweep} per batch instead of one lookup per key. Work runs on virtual threads.
 */
public final class Provider implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Provider.class.getName());
    /** Keys waiting to be announced; past this, new keys wait for the next reprovide. */
    public static final int MAX_QUEUED = 100_000;
    /** How long newly queued keys gather before they are announced as one batch. */
    public static final Duration BATCH_DELAY = Duration.ofSeconds(1);
    /** The first full reprovide after start (Kubo also announces everything soon after it starts). */
    public static final Duration INITIAL_REPROVIDE_DELAY = Duration.ofMinutes(1);

    private final ProvideSweep sweep;
    private final Supplier<Collection<byte[]>> everything;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final AtomicReference<ProvideSweep.Result> last = new AtomicReference<>();
    private final ScheduledFuture<?> reprovideTimer;
    private final Thread worker;
    private volatile boolean closed;
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong handled = new AtomicLong();
    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(long target, CompletableFuture<Void> done) {}

    /**
     * @param sweep      how batches go out
     * @param everything every key to announce now (the strategy's selection), as multihash bytes
     * @param interval   the reprovide interval
     * @param scheduler  where the reprovide timer runs (the work itself goes to a virtual thread)
     */
    public Provider(ProvideSweep sweep, Supplier<Collection<byte[]>> everything, Duration interval,
            ScheduledExecutorService scheduler) {
        this.sweep = sweep;
        this.everything = everything;
        this.reprovideTimer = scheduler.scheduleWithFixedDelay(
                () -> Thread.ofVirtual().name("hypha-reprovide").start(this::reprovideQuietly),
                INITIAL_REPROVIDE_DELAY.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        this.worker = Thread.ofVirtual().name("hypha-provide").start(this::drain);
    }

    /** Whether {@code mh} is an identity multihash: its content is inline, nobody needs to find a provider. */
    static boolean isIdentity(Multihash mh) {
        return mh.code() == 0x00;
    }

    /** Queues {@code cid} for announcement; false when the queue is full (the next reprovide covers it). */
    public boolean enqueue(Cid cid) {
        if (isIdentity(cid.multihash())) {
            return true;
        }
        byte[] key = cid.multihash().bytes();
        String id = HexFormat.of().formatHex(key);
        if (closed || !queued.add(id)) {
            return !closed;
        }
        if (!queue.offer(key)) {
            queued.remove(id);
            return false;
        }
        enqueued.incrementAndGet();
        return true;
    }

    private void handled(int n) {
        long now = handled.addAndGet(n);
        synchronized (waiters) {
            waiters.removeIf(w -> {
                if (w.target() <= now) {
                    w.done().complete(null);
                    return true;
                }
                return false;
            });
        }
    }

    /** Completes once every key queued so far has been announced (or its announcement failed). */
    public CompletableFuture<Void> drained() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (waiters) {
            long target = enqueued.get();
            if (handled.get() >= target) {
                done.complete(null);
            } else {
                waiters.add(new Waiter(target, done));
            }
        }
        return done;
    }

    /** Keys queued and not yet announced. */
    public int queued() {
        return queue.size();
    }

    /** The last batch or reprovide. */
    public Optional<ProvideSweep.Result> lastSweep() {
        return Optional.ofNullable(last.get());
    }

    /** Announces {@code cids} now, as one sweep. */
    public CompletableFuture<ProvideSweep.Result> provideNow(Collection<Cid> cids) {
        List<byte[]> keys = cids.stream().map(c -> c.multihash().bytes()).toList();
        CompletableFuture<ProvideSweep.Result> done = new CompletableFuture<>();
        Thread.ofVirtual().name("hypha-provide-now").start(() -> {
            try {
                done.complete(run(keys));
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Announces every key the strategy selects, now. */
    public CompletableFuture<ProvideSweep.Result> reprovide() {
        CompletableFuture<ProvideSweep.Result> done = new CompletableFuture<>();
        Thread.ofVirtual().name("hypha-reprovide").start(() -> {
            try {
                done.complete(run(List.copyOf(everything.get())));
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private void reprovideQuietly() {
        if (closed) {
            return;
        }
        try {
            ProvideSweep.Result r = run(List.copyOf(everything.get()));
            LOG.log(System.Logger.Level.INFO, () -> "reprovided " + r.keys() + " keys with " + r.lookups()
                    + " lookups to " + r.peers() + " peers in " + r.took().toSeconds() + " s");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "reprovide failed: " + e.getMessage());
        }
    }

    private ProvideSweep.Result run(List<byte[]> keys) {
        ProvideSweep.Result r = sweep.provide(keys);
        last.set(r);
        return r;
    }

    private void drain() {
        while (!closed) {
            try {
                byte[] first = queue.take();
                Thread.sleep(BATCH_DELAY.toMillis());
                List<byte[]> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch);
                for (byte[] k : batch) {
                    queued.remove(HexFormat.of().formatHex(k));
                }
                try {
                    ProvideSweep.Result r = run(batch);
                    LOG.log(System.Logger.Level.DEBUG, () -> "provided " + r.keys() + " new keys with " + r.lookups()
                            + " lookups");
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "providing new keys failed: " + e.getMessage());
                }
                handled(batch.size());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        reprovideTimer.cancel(false);
        worker.interrupt();
        synchronized (waiters) {
            waiters.forEach(w -> w.done().completeExceptionally(new IllegalStateException("the provider is closed")));
            waiters.clear();
        }
    }
}
