package io.hypha.protocol.kad;

import io.hypha.host.ProtocolHandler;
import io.hypha.host.Stream;
import java.util.Objects;

/**
 * Serves {@code /ipfs/kad/1.0.0} streams (the thin Netty side of {@link KadServer}): reads length-prefixed
 * requests up to {@link KadProtocol#MAX_MESSAGE_SIZE} (reserved in the stream's memory scope as they arrive, in
 * steps, so that a stream of small requests does not hold a whole MiB), answers each in turn on the same stream
 * (go reuses one stream for many requests), and closes a stream idle for
 * {@link KadProtocol#STREAM_IDLE_TIMEOUT} or past {@link KadProtocol#MAX_REQUESTS_PER_STREAM}. Malformed or
 * oversized input resets the stream with a DEBUG log line naming the peer and the reason.
 */
public final class KadHandler implements ProtocolHandler {
    private final KadServer server;

    public KadHandler(KadServer server) {
        this.server = Objects.requireNonNull(server, "server");
    }

    @Override
    public void handle(Stream stream) {
        if (stream.resources() == null) {
            stream.reset(); // already gone
            return;
        }
        stream.channel().pipeline().addLast(new KadStreamHandler(server, stream, KadProtocol.STREAM_IDLE_TIMEOUT,
                KadProtocol.MAX_REQUESTS_PER_STREAM));
    }
}
