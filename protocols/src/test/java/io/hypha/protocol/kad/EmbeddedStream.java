package io.hypha.protocol.kad;

import io.hypha.host.Connection;
import io.hypha.host.Direction;
import io.hypha.host.ProtocolId;
import io.hypha.host.Stream;
import io.hypha.peer.PeerId;
import io.hypha.resource.StreamScope;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.CompletableFuture;

/** A stream over an embedded channel: closing or resetting closes the channel and is recorded. */
final class EmbeddedStream implements Stream {
    private final EmbeddedChannel channel;
    private final PeerId peer;
    boolean reset;
    boolean closed;

    EmbeddedStream(EmbeddedChannel channel, PeerId peer) {
        this.channel = channel;
        this.peer = peer;
    }

    @Override
    public ProtocolId protocol() {
        return KadProtocol.ID;
    }

    @Override
    public Connection connection() {
        throw new UnsupportedOperationException("not in this test");
    }

    @Override
    public PeerId remotePeer() {
        return peer;
    }

    @Override
    public Direction direction() {
        return Direction.INBOUND;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public CompletableFuture<Void> closeWrite() {
        return close();
    }

    @Override
    public CompletableFuture<Void> close() {
        closed = true;
        channel.close();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void reset() {
        reset = true;
        channel.close();
    }

    @Override
    public StreamScope resources() {
        return null;
    }
}
