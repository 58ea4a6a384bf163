package io.hypha.resource;

import io.hypha.peer.PeerId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps the number of connections near the configured water marks (go-libp2p {@code p2p/net/connmgr}, Kubo's
 * {@code Swarm.ConnMgr}). The host registers every established connection; protocols tag the peers they value
 * ({@link #tagPeer}: a score) and protect those that must stay ({@link #protect}: a bootstrap peer, a DHT
 * routing-table peer, a Bitswap partner mid-transfer). {@link #selectForTrim} picks, when more than
 * {@code highWater} connections are open, whole peers to disconnect: unprotected, every connection older than
 * the grace period, lowest total tag value first and, among equals, the most recently connected first (long
 * relationships are kept), until {@code lowWater} would remain.
 *
 * <p>Bounded: tags are kept only for connected peers (dropped with their last connection); protections are
 * set by our own code, not by peers. Thread-safe.
 */
public final class ConnectionManager {
    /** A connection as the manager sees it. */
    public interface Managed {
        PeerId peer();

        /** When it was established (for the grace period). */
        Instant openedAt();

        /** Closes it because it was trimmed. */
        void trim();
    }

    private final ConnectionManagerConfig config;
    private final Clock clock;
    private final Map<PeerId, List<Managed>> connections = new HashMap<>();
    private final Map<PeerId, Map<String, Integer>> tags = new HashMap<>();
    private final Map<PeerId, Set<String>> protections = new HashMap<>();
    private int count;
    private long trimmed;

    public ConnectionManager(ConnectionManagerConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ConnectionManagerConfig config() {
        return config;
    }

    public synchronized void add(Managed c) {
        connections.computeIfAbsent(c.peer(), p -> new ArrayList<>()).add(c);
        count++;
    }

    public synchronized void remove(Managed c) {
        List<Managed> list = connections.get(c.peer());
        if (list != null && list.remove(c)) {
            count--;
            if (list.isEmpty()) {
                connections.remove(c.peer());
                tags.remove(c.peer());
            }
        }
    }

    /** Registered connections. */
    public synchronized int connectionCount() {
        return count;
    }

    /** Whether more than {@code highWater} connections are open. */
    public synchronized boolean aboveHighWater() {
        return count > config.highWater();
    }

    /** Connections closed by trimming since start. */
    public synchronized long trimmedCount() {
        return trimmed;
    }

    /** Sets tag {@code tag} of a connected peer to {@code value} (ignored if the peer is not connected). */
    public synchronized void tagPeer(PeerId peer, String tag, int value) {
        if (connections.containsKey(peer)) {
            tags.computeIfAbsent(peer, p -> new HashMap<>()).put(tag, value);
        }
    }

    public synchronized void untagPeer(PeerId peer, String tag) {
        Map<String, Integer> t = tags.get(peer);
        if (t != null) {
            t.remove(tag);
        }
    }

    /** The sum of a peer's tag values (0 when untagged or not connected). */
    public synchronized int value(PeerId peer) {
        return tags.getOrDefault(peer, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Protects {@code peer}'s connections from trimming on behalf of {@code tag} (until {@link #unprotect}). */
    public synchronized void protect(PeerId peer, String tag) {
        protections.computeIfAbsent(peer, p -> new HashSet<>()).add(tag);
    }

    /** Removes {@code tag}'s protection; returns whether the peer is still protected by another tag. */
    public synchronized boolean unprotect(PeerId peer, String tag) {
        Set<String> s = protections.get(peer);
        if (s == null) {
            return false;
        }
        s.remove(tag);
        if (s.isEmpty()) {
            protections.remove(peer);
            return false;
        }
        return true;
    }

    public synchronized boolean isProtected(PeerId peer) {
        return protections.containsKey(peer);
    }

    /**
     * Picks the connections to close now (see the class comment); empty unless above the high-water mark.
     * The caller closes them ({@link Managed#trim()}); they leave the manager through {@link #remove}.
     */
    public List<Managed> selectForTrim() {
        List<Managed> out = new ArrayList<>();
        synchronized (this) {
            if (count <= config.highWater()) {
                return out;
            }
            Instant graceStart = clock.instant().minus(config.gracePeriod());
            record Candidate(PeerId peer, List<Managed> conns, int value, Instant newest) {}
            List<Candidate> candidates = new ArrayList<>();
            for (Map.Entry<PeerId, List<Managed>> e : connections.entrySet()) {
                if (protections.containsKey(e.getKey())) {
                    continue;
                }
                Instant newest = Instant.MIN;
                boolean inGrace = false;
                for (Managed m : e.getValue()) {
                    newest = m.openedAt().isAfter(newest) ? m.openedAt() : newest;
                    inGrace |= m.openedAt().isAfter(graceStart);
                }
                if (!inGrace) {
                    candidates.add(new Candidate(e.getKey(), List.copyOf(e.getValue()), value(e.getKey()), newest));
                }
            }
            candidates.sort(Comparator.comparingInt(Candidate::value)
                    .thenComparing(Candidate::newest, Comparator.reverseOrder()));
            int toClose = count - config.lowWater();
            Set<Managed> chosen = new LinkedHashSet<>();
            for (Candidate c : candidates) {
                if (chosen.size() >= toClose) {
                    break;
                }
                chosen.addAll(c.conns());
            }
            trimmed += chosen.size();
            out.addAll(chosen);
        }
        return out;
    }

    /** How often the host checks whether to trim: go-libp2p's silence period, or the grace period if shorter. */
    public Duration trimInterval() {
        Duration silence = Duration.ofSeconds(10);
        Duration grace = config.gracePeriod();
        return grace.isZero() || grace.compareTo(silence) > 0 ? silence : grace.compareTo(Duration.ofMillis(100)) < 0
                ? Duration.ofMillis(100) : grace;
    }
}
