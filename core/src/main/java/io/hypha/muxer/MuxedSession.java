package io.hypha.muxer;

import io.netty.channel.ChannelHandler;
import java.util.concurrent.CompletableFuture;

/** A muxer session on one connection: opens outbound streams; inbound ones go to the handler given at install time. */
public interface MuxedSession {
    /**
     * Opens a stream whose pipeline starts with {@code initializer} (usually a {@code ChannelInitializer}).
     * The future completes with the registered channel, or exceptionally with the muxer's typed exception when
     * the session refuses (GoAway, limits) or is closed.
     */
    CompletableFuture<MuxedStreamChannel> newStream(ChannelHandler initializer);

    /** Closes the session (GoAway, every stream closed) and the connection; completes when the connection is closed. */
    CompletableFuture<Void> close();
}
