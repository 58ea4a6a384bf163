package io.hypha.protocol.kad;

import io.hypha.host.ProtocolHandler;
import io.hypha.host.Stream;

/**
 * Serves {@code /ipfs/kad/1.0.0} streams (the thin Netty side of {@link KadServer}): reads length-prefixed
 * requests up to {@link KadProtocol#MAX_MESSAGE_SIZE} (reserved in the stream's memory scope), answers each in
 * turn on the same stream (go reuses one stream for many requests), and closes a stream idle for
 * {@link KadProtocol#STREAM_IDLE_TIMEOUT} or past {@link KadProtocol#MAX_REQUESTS_PER_STREAM}. Malformed or
 * oversized input resets the stream with a DEBUG log line naming the peer and the reason.
 */
public final class KadHandler implements ProtocolHandler {
    public KadHandler(KadServer server) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void handle(Stream stream) {
        throw new UnsupportedOperationException("TODO");
    }
}
