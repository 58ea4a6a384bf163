package io.hypha.host;

import io.hypha.multiaddr.Component;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiaddr.Protocol;
import io.hypha.peer.PeerId;
import io.hypha.resource.ResourceLimitException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * One connect to a peer over several addresses, "happy eyeballs" style (RFC 8305, as go-libp2p's dial
 * ranker and dial worker do): the first address is dialed at once, the next one after {@code stagger}
 * while none has connected, or at once when a dial fails, with at most {@code maxInFlight} dials going.
 * The first connection that completes its upgrade wins; every other dial is cancelled and a connection
 * that completes after the winner is closed. When every address fails, the {@link DialException} lists
 * each address with its failure, in the order the addresses were ranked.
 *
 * <p>The host's rules stay as they were with one dial at a time: a peer that proves a different identity
 * ends the whole connect at once (another address would reach the same impostor or the same stale record);
 * a connect whose every address failed backs the peer off, unless one of them was refused by our own
 * resource limits (not the peer's fault). Thread-safe: dials complete on their channels' event loops.
 */
final class StaggeredDial {
    private static final System.Logger LOG = System.getLogger(StaggeredDial.class.getName());

    /** One raw dial and its upgrade. */
    interface Attempt {
        /** Completes with the upgraded connection, or exceptionally when the dial or the upgrade failed. */
        CompletableFuture<HostConnection> upgraded();

        /** Abandons the dial: closes its channel now, or as soon as it has one. Idempotent. */
        void cancel();
    }

    /** What the host lends a dial. */
    interface Dialer {
        /** Opens a connection scope and starts dialing {@code address}. */
        Attempt start(Multiaddr address) throws ResourceLimitException;

        /**
         * Takes a connection that finished its upgrade: returns the connection to hand the caller (this one,
         * registered, or another to the same peer that won a race), or null when it was refused.
         */
        Connection accept(HostConnection conn, Multiaddr address);

        /** Runs {@code task} after {@code delay}; the returned future cancels it. */
        Future<?> schedule(Runnable task, Duration delay);
    }

    private final PeerId peer;
    private final List<Multiaddr> candidates;
    private final Duration stagger;
    private final int maxInFlight;
    private final DialBackoff backoff;
    private final Dialer host;
    private final CompletableFuture<Connection> result;

    // guarded by this
    private int next;
    private final Map<Integer, Attempt> inFlight = new LinkedHashMap<>();
    private final String[] failures;
    private boolean refusedByOurLimits;
    private boolean won;
    private Future<?> timer;

    StaggeredDial(PeerId peer, List<Multiaddr> candidates, Duration stagger, int maxInFlight, DialBackoff backoff,
            Dialer host, CompletableFuture<Connection> result) {
        this.peer = peer;
        this.candidates = List.copyOf(candidates);
        this.stagger = stagger;
        this.maxInFlight = maxInFlight;
        this.backoff = backoff;
        this.host = host;
        this.result = result;
        this.failures = new String[candidates.size()];
    }

    /** Starts dialing; {@code result} completes with the outcome. Completing it from outside cancels every dial. */
    void start() {
        result.whenComplete((c, err) -> cancelAll());
        launchNext();
    }

    /** Starts the next address if one is left, no dial has won and fewer than the maximum are going. */
    private void launchNext() {
        int index;
        synchronized (this) {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            if (won || result.isDone() || next >= candidates.size() || inFlight.size() >= maxInFlight) {
                return;
            }
            index = next++;
        }
        Multiaddr address = candidates.get(index);
        Attempt attempt;
        try {
            attempt = host.start(address);
        } catch (ResourceLimitException e) {
            synchronized (this) {
                refusedByOurLimits = true;
            }
            failed(index, "refused by our resource limits: " + e.getMessage(), e);
            return;
        } catch (RuntimeException e) {
            failed(index, rootMessage(e), e);
            return;
        }
        boolean more;
        synchronized (this) {
            inFlight.put(index, attempt);
            more = next < candidates.size() && !won && !result.isDone();
            if (more) {
                try {
                    timer = host.schedule(this::launchNext, stagger);
                } catch (RuntimeException e) {
                    // the event loops are shutting down: the host is closing and fails this connect
                    LOG.log(System.Logger.Level.DEBUG, "cannot schedule the next dial", e);
                }
            }
        }
        attempt.upgraded().whenComplete((conn, err) -> finished(index, attempt, conn, err));
    }

    private void finished(int index, Attempt attempt, HostConnection conn, Throwable err) {
        boolean late;
        synchronized (this) {
            inFlight.remove(index);
            late = won || result.isDone();
            if (err == null && !late) {
                won = true;
            }
        }
        Multiaddr address = candidates.get(index);
        if (err == null && late) {
            synchronized (this) {
                failures[index] = "closed: another address connected first";
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "closing a connection to " + peer + " via " + address
                    + ": another address connected first");
            conn.close();
            return;
        }
        if (err == null) {
            Connection accepted = host.accept(conn, address);
            if (accepted != null) {
                backoff.succeeded(peer);
                result.complete(accepted);
                return;
            }
            synchronized (this) {
                won = false;
            }
            failed(index, "connection refused by limits", null);
            return;
        }
        if (late) {
            return;
        }
        if (isIdentityMismatch(err)) {
            String reason = rootMessage(err);
            synchronized (this) {
                failures[index] = reason;
            }
            backoff.failed(peer);
            result.completeExceptionally(new DialException("could not connect to " + peer + " at " + address + ": "
                    + reason, err));
            return;
        }
        failed(index, rootMessage(err), err);
    }

    /** Records a failed address; starts the next, or fails the connect when nothing is left. */
    private void failed(int index, String reason, Throwable cause) {
        boolean allFailed;
        boolean ours;
        List<String> report = new ArrayList<>();
        synchronized (this) {
            failures[index] = reason;
            allFailed = !won && next >= candidates.size() && inFlight.isEmpty();
            ours = refusedByOurLimits;
            if (allFailed) {
                for (int i = 0; i < failures.length; i++) {
                    report.add(candidates.get(i) + ": " + failures[i]);
                }
            }
        }
        if (!allFailed) {
            launchNext();
            return;
        }
        if (!ours) {
            backoff.failed(peer);
        }
        DialException e = new DialException("could not connect to " + peer + ": " + String.join("; ", report), cause);
        result.completeExceptionally(e);
    }

    private void cancelAll() {
        List<Attempt> going;
        synchronized (this) {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            going = new ArrayList<>(inFlight.values());
        }
        going.forEach(Attempt::cancel);
    }

    /**
     * Puts addresses that are cheap and likely to answer first, keeping the given order otherwise: in-memory
     * and loopback, then private (RFC 1918, unique local), then the rest (as go-libp2p's dial ranker
     * dials private addresses before public ones).
     */
    static List<Multiaddr> rank(List<Multiaddr> addresses) {
        List<Multiaddr> out = new ArrayList<>(addresses);
        out.sort(Comparator.comparingInt(StaggeredDial::distance));
        return out;
    }

    private static int distance(Multiaddr address) {
        Component first = address.components().get(0);
        if (first.protocol() == Protocol.MEMORY) {
            return 0;
        }
        if (first.protocol() != Protocol.IP4 && first.protocol() != Protocol.IP6) {
            return 2;
        }
        try {
            InetAddress ip = InetAddress.getByAddress(first.value());
            if (ip.isLoopbackAddress()) {
                return 0;
            }
            boolean uniqueLocal = ip instanceof Inet6Address && (first.value()[0] & 0xFE) == 0xFC;
            return ip.isSiteLocalAddress() || uniqueLocal ? 1 : 2;
        } catch (UnknownHostException e) {
            return 2;
        }
    }

    static boolean isIdentityMismatch(Throwable err) {
        return err != null && rootMessage(err).contains("peer id mismatch");
    }

    /** The message of the first cause that has one, past wrappers such as {@code CompletionException}. */
    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c && (c.getMessage() == null
                || c instanceof java.util.concurrent.CompletionException)) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m != null ? m : c.getClass().getSimpleName();
    }
}
