package io.hypha.protocol.bitswap.server;

import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multihash;
import io.hypha.peer.PeerId;
import io.hypha.protocol.bitswap.message.BlockPresence;
import io.hypha.protocol.bitswap.message.WantType;
import io.hypha.protocol.bitswap.message.WantlistEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * The server half of Bitswap, sans IO (boxo's decision engine and peer task queue): a ledger per peer with its
 * wants, and a queue of what to send, chosen fairly between peers. The driver ({@code Bitswap}) asks the store about
 * wanted CIDs, feeds the answers in, takes {@link Envelope}s out, reads their blocks, writes them and reports back.
 * Not thread-safe: the driver confines it to one thread at a time.
 *
 * <p>Rules (spec {@code bitswap-protocol.md}, boxo {@code bitswap/server/internal/decision}):
 * <ul>
 *   <li>A want-block for a block we hold is answered with the block; a want-have with HAVE, or with the block when
 *       it is at most {@code wantHaveReplaceSize} bytes; a want for a block we lack with DONT_HAVE if the peer asked
 *       for one, and the want stays so {@link #blocksAdded} can answer it later.
 *   <li>Handing out a block, or a HAVE for a want-have, ends the want; handing out a DONT_HAVE does not. A want
 *       whose answer was handed out but not sent stays ended: the peer re-asks (its client rebroadcasts).
 *   <li>Each peer's wants are bounded; see {@code admit} for what overflow gives up.
 *   <li>Between peers, the one with the fewest bytes outstanding goes first, ties to the least recently served; a
 *       peer with {@code maxOutstandingBytes} or more outstanding waits for {@link #envelopeDone}.
 * </ul>
 */
public final class DecisionEngine {
    private final int maxWantlistEntries;
    private final int maxOutstandingBytes;
    private final int targetMessageBytes;
    private final int wantHaveReplaceSize;

    private final Map<PeerId, Ledger> ledgers = new HashMap<>();
    /**
     * Wants for blocks we lack, by multihash: a block stored under a CIDv1 answers a want for the CIDv0 of the same
     * bytes. Wants for blocks we hold are not here; they are answered already.
     */
    private final Map<Multihash, Set<PeerWant>> lacking = new HashMap<>();
    /** Peers with answers queued and room under {@code maxOutstandingBytes}, next to serve first. */
    private final TreeSet<Ledger> ready = new TreeSet<>((a, b) -> {
        int c = Long.compare(a.outstandingBytes, b.outstandingBytes);
        if (c == 0) {
            c = Long.compare(a.lastServed, b.lastServed);
        }
        return c != 0 ? c : Long.compare(a.id, b.id);
    });
    private long wantSeq;
    private long taskSeq;
    private long ledgerSeq;
    private long envelopes;

    /**
     * @param maxWantlistEntries wants kept per peer ({@code BitswapProtocol.MAX_WANTLIST_ENTRIES})
     * @param maxOutstandingBytes bytes of blocks handed out in envelopes not yet done, per peer
     * @param targetMessageBytes block bytes packed into one envelope, at most (one bigger block goes alone)
     * @param wantHaveReplaceSize a want-have for a block at most this big is answered with the block
     */
    public DecisionEngine(int maxWantlistEntries, int maxOutstandingBytes, int targetMessageBytes,
            int wantHaveReplaceSize) {
        if (maxWantlistEntries < 1 || maxOutstandingBytes < 1 || targetMessageBytes < 1 || wantHaveReplaceSize < 0) {
            throw new IllegalArgumentException("decision engine: limits must be positive (replace size at least 0)");
        }
        this.maxWantlistEntries = maxWantlistEntries;
        this.maxOutstandingBytes = maxOutstandingBytes;
        this.targetMessageBytes = targetMessageBytes;
        this.wantHaveReplaceSize = wantHaveReplaceSize;
    }

    /**
     * Applies the wantlist part of one message from {@code peer}: {@code full} replaces its wantlist; cancels remove
     * wants and any queued answer to them; wants are added (or updated) and answered per the spec. {@code sizes}
     * holds, for each CID of a non-cancel entry, the stored block's size, or empty when we lack it.
     */
    public void receiveWantlist(PeerId peer, boolean full, List<WantlistEntry> entries, Map<Cid, OptionalInt> sizes) {
        Ledger ledger = ledgerOf(peer);
        if (full) {
            // A full wantlist is the peer's whole state: what it no longer lists, it no longer wants.
            Set<Cid> listed = new HashSet<>();
            for (WantlistEntry e : entries) {
                if (!e.cancel()) {
                    listed.add(e.cid());
                }
            }
            List<PeerWant> gone = new ArrayList<>();
            for (PeerWant w : ledger.wants()) {
                if (!listed.contains(w.cid)) {
                    gone.add(w);
                }
            }
            gone.forEach(this::drop);
        }
        for (WantlistEntry e : entries) {
            if (e.cancel()) {
                PeerWant w = ledger.want(e.cid());
                if (w != null) {
                    drop(w);
                }
            } else {
                OptionalInt size = sizes.getOrDefault(e.cid(), OptionalInt.empty());
                want(ledger, e, size);
            }
        }
        refresh(ledger);
    }

    /** The store now holds these blocks (CID to size): peers that want them are sent them (or HAVE). */
    public void blocksAdded(Map<Cid, Integer> sizes) {
        Set<Ledger> touched = new HashSet<>();
        for (Map.Entry<Cid, Integer> block : sizes.entrySet()) {
            Set<PeerWant> waiting = lacking.remove(block.getKey().multihash());
            if (waiting == null) {
                continue;
            }
            int size = block.getValue();
            for (PeerWant w : waiting) {
                w.ledger.update(w, w.priority, w.type, w.sendDontHave, true, size);
                answer(w);
                touched.add(w.ledger);
            }
        }
        touched.forEach(this::refresh);
    }

    /** Counts blocks {@code peer} sent us, and a message from it, in its ledger. */
    public void received(PeerId peer, int blocks, long bytes) {
        Ledger ledger = ledgerOf(peer);
        ledger.blocksReceived += blocks;
        ledger.bytesReceived += bytes;
        ledger.exchanged++;
    }

    /**
     * The peer disconnected: its ledger, wants and queued answers are dropped (as boxo does), so peers that come
     * and go leave nothing behind. Envelopes already handed out still get {@link #envelopeDone}.
     */
    public void peerDisconnected(PeerId peer) {
        Ledger ledger = ledgers.remove(peer);
        if (ledger == null) {
            return;
        }
        ready.remove(ledger);
        for (PeerWant w : ledger.wants()) {
            if (!w.have) {
                unindex(w);
            }
        }
    }

    /**
     * The next batch to send: from the peer with the fewest outstanding bytes among those with work queued and room
     * under {@code maxOutstandingBytes}; empty when there is none.
     */
    public Optional<Envelope> nextEnvelope() {
        Ledger ledger = ready.pollFirst();
        if (ledger == null) {
            return Optional.empty();
        }
        List<Cid> blocks = new ArrayList<>();
        List<BlockPresence> presences = new ArrayList<>();
        long blockBytes = 0;
        for (PeerWant w = ledger.tasks.peek(); w != null; w = ledger.tasks.peek()) {
            // Strict send order: stop at the first block that does not fit, rather than skip ahead of it. The
            // first block always fits, so a block bigger than the target goes alone. Presences cost a few bytes
            // each and are bounded by the wantlist, so they always fit.
            if (w.queued == PeerWant.Answer.BLOCK && blockBytes > 0 && blockBytes + w.size > targetMessageBytes) {
                break;
            }
            switch (w.queued) {
                case BLOCK -> {
                    blocks.add(w.cid);
                    blockBytes += w.size;
                    drop(w);
                }
                case HAVE -> {
                    presences.add(BlockPresence.have(w.cid));
                    drop(w);
                }
                case DONT_HAVE -> {
                    // The want stays: if the block arrives later, blocksAdded answers it.
                    presences.add(BlockPresence.dontHave(w.cid));
                    ledger.unqueue(w);
                }
            }
        }
        Envelope envelope = new Envelope(ledger.peer, blocks, presences, blockBytes,
                (int) Math.min(ledger.tasks.blockBytes(), Integer.MAX_VALUE));
        ledger.outstanding.add(envelope);
        ledger.outstandingBytes += blockBytes;
        ledger.lastServed = ++envelopes;
        refresh(ledger);
        return Optional.of(envelope);
    }

    /**
     * The driver finished with {@code envelope}: written ({@code sent}) or not (the peer went away, a block vanished).
     * Its bytes stop counting as outstanding; sent blocks and presences count in the ledger.
     */
    public void envelopeDone(Envelope envelope, boolean sent) {
        Ledger ledger = ledgers.get(envelope.peer());
        if (ledger == null || !ledger.outstanding.remove(envelope)) {
            return;
        }
        ready.remove(ledger);
        ledger.outstandingBytes -= envelope.blockBytes();
        if (sent) {
            ledger.bytesSent += envelope.blockBytes();
            ledger.blocksSent += envelope.blocks().size();
            ledger.exchanged++;
        }
        refresh(ledger);
    }

    /** What {@code peer} wants from us now. */
    public List<WantlistEntry> wantlist(PeerId peer) {
        Ledger ledger = ledgers.get(peer);
        if (ledger == null) {
            return List.of();
        }
        List<PeerWant> wants = new ArrayList<>();
        ledger.wants().forEach(wants::add);
        // Highest priority first (spelled out: negating Integer.MIN_VALUE, a legal wire priority, overflows).
        wants.sort((a, b) -> a.priority != b.priority ? Integer.compare(b.priority, a.priority)
                : Long.compare(a.wantSeq, b.wantSeq));
        List<WantlistEntry> list = new ArrayList<>(wants.size());
        for (PeerWant w : wants) {
            list.add(new WantlistEntry(w.cid, w.priority, false, w.type, w.sendDontHave));
        }
        return List.copyOf(list);
    }

    /** The ledger of {@code peer} (zeros for a peer we never exchanged with). */
    public LedgerSnapshot ledger(PeerId peer) {
        Ledger ledger = ledgers.get(peer);
        return ledger == null ? new LedgerSnapshot(peer, 0, 0, 0, 0, 0, 0) : ledger.snapshot();
    }

    /** Peers with a ledger. */
    public List<PeerId> peers() {
        return List.copyOf(ledgers.keySet());
    }

    /** Multihashes with wants waiting for a block, across peers: for tests that check nothing is left behind. */
    int lackingIndexSize() {
        return lacking.size();
    }

    /** Answers queued for {@code peer}: for tests that check nothing is left behind. */
    int queuedTasks(PeerId peer) {
        Ledger ledger = ledgers.get(peer);
        return ledger == null ? 0 : ledger.tasks.size();
    }

    private Ledger ledgerOf(PeerId peer) {
        return ledgers.computeIfAbsent(peer, p -> new Ledger(p, ++ledgerSeq));
    }

    /** Adds or updates one want and queues its answer. */
    private void want(Ledger ledger, WantlistEntry e, OptionalInt size) {
        boolean have = size.isPresent();
        int blockSize = size.orElse(0);
        PeerWant w = ledger.want(e.cid());
        if (w == null) {
            if (!admit(ledger, e, have)) {
                return;
            }
            w = ledger.add(e.cid(), ++wantSeq, e.priority(), e.type(), e.sendDontHave(), have, blockSize);
            if (!have) {
                index(w);
            }
        } else {
            // A repeated want takes the new priority and sendDontHave; its type only goes up, as in boxo's
            // wantlist: a want-have does not turn a want-block into a question.
            WantType type = w.type == WantType.BLOCK ? WantType.BLOCK : e.type();
            if (w.have != have) {
                if (have) {
                    unindex(w);
                } else {
                    index(w);
                }
            }
            ledger.update(w, e.priority(), type, e.sendDontHave(), have, blockSize);
        }
        answer(w);
    }

    /**
     * Makes room for a new want in a full wantlist, or refuses it (boxo's fix for the wantlist-memory advisory, its
     * {@code handleOverflow}): a peer must not grow our memory without bound, yet must not
     * push out wants we are about to answer with cheap junk.
     * <ol>
     *   <li>Below the limit, the want is admitted.
     *   <li>Otherwise, if some want is for a block we lack, the lowest-priority (then oldest) such want is evicted:
     *       it costs us memory and gives the peer nothing now.
     *   <li>Otherwise every want is for a block we hold; if the new want is too and its priority is higher than
     *       the lowest-priority want's, that want (and its queued answer) is replaced.
     *   <li>Otherwise the new want is dropped; the peer re-asks if it still cares.
     * </ol>
     */
    private boolean admit(Ledger ledger, WantlistEntry e, boolean have) {
        if (ledger.wantCount() < maxWantlistEntries) {
            return true;
        }
        PeerWant victim = ledger.evictionCandidate();
        if (!victim.have || (have && e.priority() > victim.priority)) {
            drop(victim);
            return true;
        }
        return false;
    }

    /** Queues what {@code w} should be answered with now, or nothing. */
    private void answer(PeerWant w) {
        PeerWant.Answer a;
        if (w.have) {
            a = w.type == WantType.BLOCK || w.size <= wantHaveReplaceSize ? PeerWant.Answer.BLOCK
                    : PeerWant.Answer.HAVE;
        } else {
            a = w.sendDontHave ? PeerWant.Answer.DONT_HAVE : null;
        }
        if (a == null) {
            w.ledger.unqueue(w);
        } else if (w.queued != a) {
            w.ledger.queue(w, a, ++taskSeq);
        }
    }

    /** Forgets a want: its ledger entry, its queued answer, its place in the lacking index. */
    private void drop(PeerWant w) {
        w.ledger.remove(w);
        if (!w.have) {
            unindex(w);
        }
    }

    private void index(PeerWant w) {
        lacking.computeIfAbsent(w.cid.multihash(), k -> new HashSet<>(2)).add(w);
    }

    private void unindex(PeerWant w) {
        Set<PeerWant> waiting = lacking.get(w.cid.multihash());
        if (waiting != null && waiting.remove(w) && waiting.isEmpty()) {
            lacking.remove(w.cid.multihash());
        }
    }

    /** Puts {@code ledger} in or out of the ready set; its ordering key must not have changed while it was in. */
    private void refresh(Ledger ledger) {
        if (!ledger.tasks.isEmpty() && ledger.outstandingBytes < maxOutstandingBytes
                && ledgers.get(ledger.peer) == ledger) {
            ready.add(ledger);
        } else {
            ready.remove(ledger);
        }
    }
}
