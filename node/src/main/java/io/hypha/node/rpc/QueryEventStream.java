package io.hypha.node.rpc;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerInfo;
import io.hypha.protocol.kad.KadPeer;
import io.hypha.protocol.kad.QueryObserver;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A lookup's progress as Kubo's {@code routing.QueryEvent} ndjson lines ({@code {"Extra","ID","Responses","Type"}};
 * types as go-libp2p {@code core/routing/query.go}: 0 SendingQuery, 1 PeerResponse, 2 FinalPeer, 3 QueryError,
 * 4 Provider, 5 Value). Events arrive on event loops and are queued (at most {@link #MAX_QUEUED} waiting; the
 * rest of the progress events are dropped, never a result) for the answer's writer thread.
 */
final class QueryEventStream implements QueryObserver {
    /** Events waiting for the writer; a client that reads slowly loses progress lines, not results. */
    static final int MAX_QUEUED = 4096;
    static final int SENDING_QUERY = 0;
    static final int PEER_RESPONSE = 1;
    static final int FINAL_PEER = 2;
    static final int QUERY_ERROR = 3;
    static final int PROVIDER = 4;
    static final int VALUE = 5;

    private static final Map<String, Object> END = Map.of();
    private final LinkedBlockingQueue<Map<String, Object>> queue = new LinkedBlockingQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger size = new java.util.concurrent.atomic.AtomicInteger();
    private final boolean verbose;

    QueryEventStream(boolean verbose) {
        this.verbose = verbose;
    }

    static Map<String, Object> event(int type, PeerId id, List<Map<String, Object>> responses, String extra) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("Extra", extra == null ? "" : extra);
        e.put("ID", id == null ? "" : id.toString());
        e.put("Responses", responses);
        e.put("Type", type);
        return e;
    }

    static Map<String, Object> addrInfo(PeerId id, List<Multiaddr> addrs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Addrs", addrs.stream().map(Multiaddr::toString).toList());
        m.put("ID", id.toString());
        return m;
    }

    static Map<String, Object> addrInfo(PeerInfo info) {
        return addrInfo(info.peerId(), info.addresses());
    }

    private void progress(Map<String, Object> e) {
        if (verbose && size.incrementAndGet() <= MAX_QUEUED) {
            queue.add(e);
        } else if (verbose) {
            size.decrementAndGet();
        }
    }

    /** Queues a result event (always kept). */
    void result(Map<String, Object> e) {
        size.incrementAndGet();
        queue.add(e);
    }

    @Override
    public void sending(PeerId peer) {
        progress(event(SENDING_QUERY, peer, null, null));
    }

    @Override
    public void answered(PeerId peer, List<KadPeer> closer) {
        progress(event(PEER_RESPONSE, peer, closer.stream().map(p -> addrInfo(p.id(), p.addresses())).toList(), null));
    }

    @Override
    public void failed(PeerId peer, Throwable error) {
        progress(event(QUERY_ERROR, peer, null, String.valueOf(error.getMessage())));
    }

    /**
     * Writes queued events as they come until {@code done} completes, then what its completion queued; fails
     * with the lookup's failure (after the lines already written), so the client sees Kubo's stream error.
     */
    CompletableFuture<?> writeUntil(OutputStream out, CompletableFuture<?> done) {
        done.whenComplete((v, e) -> queue.add(END));
        try {
            while (true) {
                Map<String, Object> e = queue.poll(1, TimeUnit.SECONDS);
                if (e == END) {
                    break;
                }
                if (e != null) {
                    size.decrementAndGet();
                    RpcReply.line(out, e);
                }
            }
            Map<String, Object> rest;
            while ((rest = queue.poll()) != null) {
                RpcReply.line(out, rest);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        return done;
    }
}
