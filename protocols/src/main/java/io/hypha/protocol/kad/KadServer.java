package io.hypha.protocol.kad;

import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.store.ProviderStore;
import io.hypha.protocol.kad.store.RecordStore;
import io.hypha.protocol.kad.store.RecordValidators;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The answering side of the DHT, without sockets (spec, "RPC messages"): one request in, its response out.
 * FIND_NODE, GET_PROVIDERS, ADD_PROVIDER (no response; only the sender's own record is kept), GET_VALUE,
 * PUT_VALUE (validated, selected against the held record, echoed) and PING are answered; store access runs
 * on {@code storage} so the event loop never waits for a disk. A request that breaks the rules (a key too
 * long, a record for another key) completes exceptionally with {@link KadException}: the handler resets the
 * stream and logs the reason at DEBUG.
 */
public final class KadServer {
    public KadServer(PeerId self, ClosestPeers closestPeers, ProviderStore providers, RecordStore records,
            RecordValidators validators, Clock clock, Executor storage) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Answers {@code request} from {@code from}; empty for ADD_PROVIDER, which has no response. */
    public CompletableFuture<Optional<KadMessage>> handle(PeerId from, KadMessage request) {
        throw new UnsupportedOperationException("TODO");
    }
}
