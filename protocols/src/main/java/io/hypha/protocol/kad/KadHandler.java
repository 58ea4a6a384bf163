package io.hypha.protocol.kad;

import io.hypha.host.ProtocolHandler;
import io.hypha.host.Stream;
import io.hypha.resource.ResourceLimitException;
import io.hypha.resource.StreamScope;
import java.util.Objects;

/**
 * Serves {@code /ipfs/kad/1.0.0} streams (the thin Netty side of {@link KadServer}): reads length-prefixed
 * requests up to {@link KadProtocol#MAX_MESSAGE_SIZE} (reserved in the stream's memory scope), answers each in
 * turn on the same stream (go reuses one stream for many requests), and closes a stream idle for
 * {@link KadProtocol#STREAM_IDLE_TIMEOUT} or past {@link KadProtocol#MAX_REQUESTS_PER_STREAM}. Malformed or
 * oversized input resets the stream with a DEBUG log line naming the peer and the reason.
 */
public final class KadHandler implements ProtocolHandler {
    private static final System.Logger LOG = System.getLogger(KadHandler.class.getName());

    private final KadServer server;

    public KadHandler(KadServer server) {
        this.server = Objects.requireNonNull(server, "server");
    }

    @Override
    public void handle(Stream stream) {
        // what the frame reader may buffer: one whole request; the scope returns it when the stream ends
        StreamScope scope = stream.resources();
        if (scope == null) {
            stream.reset(); // already gone
            return;
        }
        try {
            scope.reserveMemory(KadFrameReader.MAX_BUFFERED_BYTES);
        } catch (ResourceLimitException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "resetting kad stream from " + stream.remotePeer()
                    + ": no memory for its requests: " + e.getMessage());
            stream.reset();
            return;
        }
        stream.channel().pipeline().addLast(new KadStreamHandler(server, stream, KadProtocol.STREAM_IDLE_TIMEOUT,
                KadProtocol.MAX_REQUESTS_PER_STREAM));
    }
}
