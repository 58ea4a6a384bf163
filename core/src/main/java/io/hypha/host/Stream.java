package io.hypha.host;

import io.hypha.peer.PeerId;
import io.hypha.resource.StreamScope;
import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;

/**
 * One negotiated, multiplexed stream: a yamux stream whose protocol has been agreed. Protocol code reads
 * and writes through {@link #channel()}'s pipeline (a Netty child channel: writability follows the
 * peer's flow-control window; receive window is returned as the pipeline consumes data).
 */
public interface Stream {
    ProtocolId protocol();

    Connection connection();

    default PeerId remotePeer() {
        return connection().remotePeer();
    }

    Direction direction();

    /** The stream's channel; handlers for the protocol go into its pipeline. */
    Channel channel();

    /** Half-closes: we send no more (yamux FIN), but can still read. */
    CompletableFuture<Void> closeWrite();

    /** Closes both directions gracefully. */
    CompletableFuture<Void> close();

    /** Aborts the stream (yamux RST): pending data is dropped on both sides. */
    void reset();

    /**
     * The stream's resource scope: a protocol reserves here what it buffers beyond the stream's window (a
     * message being assembled) and releases it when done; a refusal means the node is at a limit, and the
     * protocol resets the stream. Null once the stream is gone.
     */
    StreamScope resources();
}
