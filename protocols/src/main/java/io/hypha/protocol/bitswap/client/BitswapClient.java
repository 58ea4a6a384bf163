package io.hypha.protocol.bitswap.client;

import io.hypha.block.Block;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multihash;
import io.hypha.peer.PeerId;
import io.hypha.protocol.bitswap.BitswapProtocol;
import io.hypha.protocol.bitswap.message.BlockPresence;
import io.hypha.protocol.bitswap.message.PresenceType;
import io.hypha.protocol.bitswap.message.WantlistEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The client half of Bitswap, sans IO: sessions and their wants (boxo's session, session-peer manager and peer
 * manager in one state machine, SPEC-NOTES 1.9 "minimal client state machine"). Inputs are the wants of sessions,
 * what peers answer, peers coming and going, and the current time; outputs go to an {@link Output}: wantlist entries
 * to send, provider searches to start, and the end of each want.
 *
 * <p>How a want travels. A session with peers that had its earlier blocks sends a want-block to the one of them with
 * the fewest want-blocks in flight and want-haves to the others; a session with no peers yet broadcasts want-haves
 * to every connected Bitswap peer, with one optimistic want-block. A HAVE adds the peer to the session and, when no
 * want-block is in flight, gets one; a DONT_HAVE moves the want-block to another peer that said HAVE. When no peer
 * has answered after the provider search delay, or every peer asked said DONT_HAVE, the session asks the routing for
 * providers; a want that every peer and provider declined, or that nobody answered within the want timeout, gives
 * up. A want still open after the rebroadcast interval is sent again. When the block arrives (already verified
 * against its CID by the codec), the want completes and its other peers are sent a cancel.
 *
 * <p>Not thread-safe: the driver confines it to one thread. Bounded: at most {@link #MAX_OPEN_WANTS} wants.
 */
public final class BitswapClient {
    /** Wants open at once across all sessions; more give up at once (a DAG walk asks for a few dozen at a time). */
    public static final int MAX_OPEN_WANTS = 65_536;
    /** Peers in one session, at most; the first that answered are kept. */
    public static final int MAX_SESSION_PEERS = 64;

    /** Where the client's decisions go; called on the client's thread, from inside its input methods. */
    public interface Output {
        /** Send these entries (wants and cancels) to {@code peer}. */
        void send(PeerId peer, List<WantlistEntry> entries);

        /**
         * Look for providers of {@code cid} for {@code session}: connect to each found, report it with
         * {@link #providerFound}, then report the end with {@link #providerSearchDone}.
         */
        void findProviders(long session, Cid cid);

        /** The want of {@code session} for {@code cid} is met by {@code block} (its CID is {@code cid}). */
        void received(long session, Cid cid, Block block);

        /** The want of {@code session} for {@code cid} gave up. */
        void gaveUp(long session, Cid cid, String why);
    }

    /** Timers of a client (see {@code BitswapConfig}). */
    public record Timers(Duration providerSearchDelay, Duration rebroadcastInterval, Duration wantTimeout) {
        public Timers {
            Objects.requireNonNull(providerSearchDelay, "providerSearchDelay");
            Objects.requireNonNull(rebroadcastInterval, "rebroadcastInterval");
            Objects.requireNonNull(wantTimeout, "wantTimeout");
        }
    }

    private static final class Peer {
        final PeerId id;
        final boolean supportsHave;
        int wantBlocksInFlight;

        Peer(PeerId id, boolean supportsHave) {
            this.id = id;
            this.supportsHave = supportsHave;
        }
    }

    private static final class Session {
        final long id;
        final LinkedHashSet<PeerId> peers = new LinkedHashSet<>();
        final LinkedHashMap<Cid, Want> wants = new LinkedHashMap<>();
        /** The CID a provider search is running for, or null. */
        Cid searching;

        Session(long id) {
            this.id = id;
        }
    }

    private static final class Want {
        final Session session;
        final Cid cid;
        final Instant created;
        final int priority;
        Instant lastSent;
        Instant blockSentAt;
        Instant searchAt;
        boolean searched;
        PeerId blockPeer;
        final Set<PeerId> asked = new HashSet<>();
        final Set<PeerId> haves = new LinkedHashSet<>();
        final Set<PeerId> dontHaves = new HashSet<>();

        Want(Session session, Cid cid, Instant created, int priority) {
            this.session = session;
            this.cid = cid;
            this.created = created;
            this.priority = priority;
        }
    }

    private final Output output;
    private final Timers timers;
    private final boolean routing;
    private final Map<PeerId, Peer> peers = new LinkedHashMap<>();
    private final Map<Long, Session> sessions = new HashMap<>();
    private final Map<Multihash, List<Want>> byHash = new HashMap<>();
    private final Map<PeerId, List<WantlistEntry>> outgoing = new LinkedHashMap<>();
    private int open;
    private int nextPriority = Integer.MAX_VALUE;

    /**
     * @param routing whether provider searches can find anything ({@code false}: a want that every connected peer
     *     declined gives up at once)
     */
    public BitswapClient(Output output, Timers timers, boolean routing) {
        this.output = Objects.requireNonNull(output, "output");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.routing = routing;
    }

    // ---- inputs -----------------------------------------------------------------------------------

    /** A peer that speaks Bitswap is connected; {@code supportsHave}: it speaks 1.2.0. */
    public void peerConnected(PeerId peer, boolean supportsHave, Instant now) {
        if (peers.containsKey(peer)) {
            return;
        }
        peers.put(peer, new Peer(peer, supportsHave));
        // wants still looking for a peer are offered to the newcomer (boxo broadcasts its wantlist to new peers)
        for (Session s : sessions.values()) {
            for (Want w : s.wants.values()) {
                if (w.blockPeer == null && w.asked.isEmpty()) {
                    sendWantBlock(w, peer, now); // nobody was asked yet: an optimistic want-block
                } else if (w.blockPeer == null) {
                    ask(w, peer, false, now);
                }
            }
        }
        flush();
    }

    /** The peer is gone: wants it held move on to other peers. */
    public void peerDisconnected(PeerId peer, Instant now) {
        if (peers.remove(peer) == null) {
            return;
        }
        for (Session s : sessions.values()) {
            s.peers.remove(peer);
            for (Want w : List.copyOf(s.wants.values())) {
                boolean wasAsked = w.asked.remove(peer);
                w.haves.remove(peer);
                w.dontHaves.remove(peer);
                if (peer.equals(w.blockPeer)) {
                    w.blockPeer = null;
                    moveOn(w, now);
                } else if (wasAsked && w.blockPeer == null) {
                    moveOn(w, now); // it may have been the last peer yet to answer
                }
            }
        }
        outgoing.remove(peer);
        flush();
    }

    /** Opens a session. */
    public void openSession(long session) {
        sessions.putIfAbsent(session, new Session(session));
    }

    /** Closes a session: its open wants are cancelled with the peers asked (and end without output). */
    public void closeSession(long session) {
        Session s = sessions.remove(session);
        if (s == null) {
            return;
        }
        for (Want w : s.wants.values()) {
            forget(w);
            releaseBlockPeer(w); // else the peer counts a want-block it will never be sent, and gets fewer
            cancelWithPeers(w, null);
        }
        s.wants.clear();
        flush();
    }

    /** {@code session} wants {@code cid}. Wanting a CID the session already wants does nothing. */
    public void want(long session, Cid cid, Instant now) {
        want(session, List.of(cid), now);
    }

    /**
     * {@code session} wants each of {@code cids}, in that order (earlier ones get higher priority); what this sends
     * goes out as one message per peer, not one per CID.
     */
    public void want(long session, List<Cid> cids, Instant now) {
        Session s = sessions.get(session);
        if (s == null) {
            throw new IllegalStateException("no session " + session);
        }
        for (Cid cid : cids) {
            if (s.wants.containsKey(cid)) {
                continue;
            }
            if (open >= MAX_OPEN_WANTS) {
                output.gaveUp(session, cid, "too many open wants (" + MAX_OPEN_WANTS + ")");
                continue;
            }
            Want w = new Want(s, cid, now, nextPriority());
            s.wants.put(cid, w);
            byHash.computeIfAbsent(cid.multihash(), k -> new ArrayList<>(1)).add(w);
            open++;
            w.searchAt = now.plus(timers.providerSearchDelay());
            dispatch(w, now);
        }
        flush();
    }

    /** A peer's presences. */
    public void receivedPresences(PeerId from, List<BlockPresence> presences, Instant now) {
        for (BlockPresence p : presences) {
            List<Want> ws = byHash.get(p.cid().multihash());
            if (ws == null) {
                continue;
            }
            for (Want w : List.copyOf(ws)) {
                if (p.type() == PresenceType.HAVE) {
                    w.haves.add(from);
                    w.dontHaves.remove(from);
                    addToSession(w.session, from);
                    if (w.blockPeer == null) {
                        sendWantBlock(w, from, now);
                    }
                } else {
                    w.dontHaves.add(from);
                    w.haves.remove(from);
                    if (from.equals(w.blockPeer)) {
                        w.blockPeer = null;
                        Peer peer = peers.get(from);
                        if (peer != null && peer.wantBlocksInFlight > 0) {
                            peer.wantBlocksInFlight--;
                        }
                    }
                    if (w.blockPeer == null) {
                        moveOn(w, now);
                    }
                }
            }
        }
        flush();
    }

    /**
     * A block from a peer (verified against its CID by the codec). Returns whether any session wanted it: a block
     * nobody wants is dropped by the caller, never stored.
     */
    public boolean receivedBlock(PeerId from, Block block, Instant now) {
        List<Want> ws = byHash.remove(block.cid().multihash());
        if (ws == null) {
            return false;
        }
        for (Want w : ws) {
            w.session.wants.remove(w.cid);
            open--;
            if (w.cid.equals(w.session.searching)) {
                w.session.searching = null;
            }
            if (from != null) {
                addToSession(w.session, from);
            }
            releaseBlockPeer(w);
            cancelWithPeers(w, from);
            output.received(w.session.id, w.cid,
                    w.cid.equals(block.cid()) ? block : new Block(w.cid, block.data()));
        }
        flush();
        return true;
    }

    /** A provider found by a search for {@code session}, now connected. */
    public void providerFound(long session, PeerId provider, Instant now) {
        Session s = sessions.get(session);
        if (s == null || !peers.containsKey(provider)) {
            return;
        }
        addToSession(s, provider);
        for (Want w : s.wants.values()) {
            if (w.asked.contains(provider)) {
                continue;
            }
            if (w.blockPeer == null) {
                sendWantBlock(w, provider, now);
            } else {
                ask(w, provider, false, now);
            }
        }
        flush();
    }

    /** The provider search for {@code cid} of {@code session} ended. */
    public void providerSearchDone(long session, Cid cid, Instant now) {
        Session s = sessions.get(session);
        if (s == null) {
            return;
        }
        if (cid.equals(s.searching)) {
            s.searching = null;
        }
        Want w = s.wants.get(cid);
        if (w != null) {
            w.searched = true;
            if (w.blockPeer == null && w.haves.isEmpty() && everyoneDeclined(w)) {
                giveUp(w, "no peer or provider has it");
            }
        }
        flush();
    }

    /** Runs the timers: provider searches, rebroadcasts, timeouts. Call it every few hundred milliseconds. */
    public void tick(Instant now) {
        for (Session s : List.copyOf(sessions.values())) {
            for (Want w : List.copyOf(s.wants.values())) {
                if (!now.isBefore(w.created.plus(timers.wantTimeout()))) {
                    giveUp(w, "no peer sent it within " + timers.wantTimeout().toSeconds() + " s");
                    continue;
                }
                if (!routing && w.asked.isEmpty() && !now.isBefore(w.created.plus(timers.providerSearchDelay()))) {
                    giveUp(w, "no peer to ask, and no routing to find one");
                    continue;
                }
                if (routing && s.searching == null && !w.searched && !now.isBefore(w.searchAt)) {
                    s.searching = w.cid;
                    w.searchAt = now.plus(timers.rebroadcastInterval());
                    output.findProviders(s.id, w.cid);
                }
                if (!now.isBefore(w.lastSent.plus(timers.rebroadcastInterval()))) {
                    rebroadcast(w, now);
                }
            }
        }
        flush();
    }

    // ---- views ----------------------------------------------------------------------------------

    /** The CIDs wanted now, oldest first per session. */
    public List<Cid> wantlist() {
        List<Cid> out = new ArrayList<>();
        for (Session s : sessions.values()) {
            out.addAll(s.wants.keySet());
        }
        return out;
    }

    public int openWants() {
        return open;
    }

    public int sessions() {
        return sessions.size();
    }

    /** The peers of a session, in the order they joined it. */
    public List<PeerId> sessionPeers(long session) {
        Session s = sessions.get(session);
        return s == null ? List.of() : List.copyOf(s.peers);
    }

    // ---- decisions ------------------------------------------------------------------------------

    private int nextPriority() {
        int p = nextPriority;
        nextPriority = p <= 1 ? Integer.MAX_VALUE : p - 1;
        return p;
    }

    /** First send of a want: to the session's peers if it has any, else to every connected peer. */
    private void dispatch(Want w, Instant now) {
        Session s = w.session;
        List<PeerId> targets = new ArrayList<>(s.peers.isEmpty() ? peers.keySet() : s.peers);
        w.lastSent = now;
        if (targets.isEmpty()) {
            // nobody to ask yet: search for providers at once; without routing, wait the provider search delay for a
            // peer to connect (identify may still be telling us that a new connection speaks Bitswap), see tick
            w.searchAt = now;
            return;
        }
        PeerId best = leastLoaded(targets);
        sendWantBlock(w, best, now);
        for (PeerId p : targets) {
            if (!p.equals(best)) {
                ask(w, p, false, now);
            }
        }
    }

    /** The want-block peer went away or declined: the next peer that said HAVE, or a search, or the end. */
    private void moveOn(Want w, Instant now) {
        for (PeerId p : w.haves) {
            if (peers.containsKey(p)) {
                sendWantBlock(w, p, now);
                return;
            }
        }
        if (!everyoneDeclined(w)) {
            return; // others have not answered yet
        }
        // every peer asked said DONT_HAVE: ask the rest of the connected peers, then the routing
        boolean askedMore = false;
        for (PeerId p : peers.keySet()) {
            if (!w.asked.contains(p)) {
                ask(w, p, false, now);
                askedMore = true;
            }
        }
        if (askedMore) {
            return;
        }
        if (routing && !w.searched) {
            w.searchAt = now; // the next tick starts the search
        } else {
            giveUp(w, "every peer asked said it does not have it");
        }
    }

    private boolean everyoneDeclined(Want w) {
        for (PeerId p : w.asked) {
            if (!w.dontHaves.contains(p) && peers.containsKey(p)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A want still open after the rebroadcast interval: want-haves again to the session's peers (every connected peer
     * when none said HAVE), since peers may have fetched the block meanwhile. The want-block in flight is left alone
     * (sending it again would bring the block twice) unless its peer has sat on it for two intervals: then it is
     * taken as declined and the want-block goes to the least loaded peer.
     */
    private void rebroadcast(Want w, Instant now) {
        w.lastSent = now;
        w.dontHaves.clear(); // peers may have fetched it since
        Set<PeerId> targets = new LinkedHashSet<>(w.session.peers);
        if (targets.isEmpty() || w.haves.isEmpty()) {
            targets.addAll(peers.keySet());
        }
        PeerId sat = null;
        if (w.blockPeer != null && !now.isBefore(w.blockSentAt.plus(timers.rebroadcastInterval().multipliedBy(2)))) {
            sat = w.blockPeer;
            releaseBlockPeer(w);
        }
        if (w.blockPeer == null) {
            // the want-block first, so that its peer is not also sent a want-have; not again to the peer that sat
            List<PeerId> candidates = new ArrayList<>(targets);
            if (candidates.size() > 1) {
                candidates.remove(sat);
            }
            candidates.removeIf(p -> !peers.containsKey(p));
            if (!candidates.isEmpty()) {
                sendWantBlock(w, leastLoaded(candidates), now);
            }
        }
        for (PeerId p : targets) {
            if (!p.equals(w.blockPeer)) {
                ask(w, p, true, now);
            }
        }
    }

    private PeerId leastLoaded(List<PeerId> candidates) {
        return candidates.stream().min(Comparator.comparingInt(p -> {
            Peer peer = peers.get(p);
            return peer == null ? Integer.MAX_VALUE : peer.wantBlocksInFlight;
        })).orElseThrow();
    }

    private void sendWantBlock(Want w, PeerId p, Instant now) {
        Peer peer = peers.get(p);
        if (peer == null) {
            return;
        }
        w.blockPeer = p;
        w.blockSentAt = now;
        w.asked.add(p);
        w.lastSent = now;
        peer.wantBlocksInFlight++;
        queue(p, WantlistEntry.wantBlock(w.cid, w.priority, peer.supportsHave));
    }

    /** A want-have (or, for a peer without 1.2.0, a want-block) unless already asked, or {@code again}. */
    private void ask(Want w, PeerId p, boolean again, Instant now) {
        Peer peer = peers.get(p);
        if (peer == null || (!again && w.asked.contains(p))) {
            return;
        }
        w.asked.add(p);
        queue(p, peer.supportsHave ? WantlistEntry.wantHave(w.cid, w.priority, true)
                : WantlistEntry.wantBlock(w.cid, w.priority, false));
    }

    private void addToSession(Session s, PeerId p) {
        if (s.peers.size() < MAX_SESSION_PEERS && peers.containsKey(p)) {
            s.peers.add(p);
        }
    }

    private void releaseBlockPeer(Want w) {
        if (w.blockPeer != null) {
            Peer peer = peers.get(w.blockPeer);
            if (peer != null && peer.wantBlocksInFlight > 0) {
                peer.wantBlocksInFlight--;
            }
            w.blockPeer = null;
        }
    }

    /**
     * Cancels {@code w} (already forgotten) with the peers asked, but not with a peer that another session's want of
     * the same CID still asks: a peer's wantlist has one entry per CID, and the cancel would end that want too.
     */
    private void cancelWithPeers(Want w, PeerId except) {
        List<Want> others = byHash.getOrDefault(w.cid.multihash(), List.of());
        for (PeerId p : w.asked) {
            if (!p.equals(except) && peers.containsKey(p)
                    && others.stream().noneMatch(o -> o.cid.equals(w.cid) && o.asked.contains(p))) {
                queue(p, WantlistEntry.cancel(w.cid));
            }
        }
    }

    private void giveUp(Want w, String why) {
        if (w.session.wants.remove(w.cid) == null) {
            return;
        }
        forget(w);
        releaseBlockPeer(w);
        cancelWithPeers(w, null);
        output.gaveUp(w.session.id, w.cid, why);
    }

    private void forget(Want w) {
        List<Want> ws = byHash.get(w.cid.multihash());
        if (ws != null && ws.remove(w)) {
            open--;
            if (ws.isEmpty()) {
                byHash.remove(w.cid.multihash());
            }
        }
        if (w.cid.equals(w.session.searching)) {
            w.session.searching = null;
        }
    }

    private void queue(PeerId p, WantlistEntry e) {
        outgoing.computeIfAbsent(p, k -> new ArrayList<>()).add(e);
    }

    private void flush() {
        if (outgoing.isEmpty()) {
            return;
        }
        List<Map.Entry<PeerId, List<WantlistEntry>>> batch = new ArrayList<>(outgoing.entrySet());
        outgoing.clear();
        for (Map.Entry<PeerId, List<WantlistEntry>> e : batch) {
            List<WantlistEntry> entries = e.getValue();
            for (int i = 0; i < entries.size(); i += BitswapProtocol.MAX_WANTS_PER_MESSAGE) {
                output.send(e.getKey(), entries.subList(i, Math.min(entries.size(), i + BitswapProtocol.MAX_WANTS_PER_MESSAGE)));
            }
        }
    }
}
