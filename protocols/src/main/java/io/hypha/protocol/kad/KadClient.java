package io.hypha.protocol.kad;

import io.hypha.host.Host;
import io.hypha.peer.PeerId;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends DHT requests (spec, "RPC messages"): one stream per request, the request written, one response read
 * (at most {@link KadProtocol#MAX_MESSAGE_SIZE}), the stream closed. Every future completes: with the
 * response, or exceptionally with {@link KadException} (bad answer, reset, timeout) or the host's dial error.
 */
public final class KadClient {
    public KadClient(Host host, Duration timeout) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Sends {@code request} to {@code peer} and reads its response (whose type must match). */
    public CompletableFuture<KadMessage> request(PeerId peer, KadMessage request) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Sends a message that has no response (ADD_PROVIDER), completing once it is written. */
    public CompletableFuture<Void> send(PeerId peer, KadMessage message) {
        throw new UnsupportedOperationException("TODO");
    }
}
