package io.hypha.host;

import io.hypha.muxer.MuxedStreamChannel;
import io.hypha.resource.StreamScope;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.util.concurrent.CompletableFuture;

/** A negotiated stream: a muxer child channel plus what was agreed on it. */
final class HostStream implements Stream {
    private final MuxedStreamChannel channel;
    private final ProtocolId protocol;
    private final Connection connection;
    private final Direction direction;

    HostStream(MuxedStreamChannel channel, ProtocolId protocol, Connection connection, Direction direction) {
        this.channel = channel;
        this.protocol = protocol;
        this.connection = connection;
        this.direction = direction;
    }

    /**
     * Counts the stream as opened under its protocol and direction, and as closed when its channel closes: called
     * once it is negotiated and accounted, just before a protocol gets it.
     */
    void counted(HostCounters counters) {
        String name = protocol.value();
        counters.streamOpened(name, direction);
        channel.closeFuture().addListener(f -> counters.streamClosed(name, direction));
    }

    @Override
    public ProtocolId protocol() {
        return protocol;
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public Direction direction() {
        return direction;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public CompletableFuture<Void> closeWrite() {
        return toFuture(channel.shutdownOutput());
    }

    @Override
    public CompletableFuture<Void> close() {
        return toFuture(channel.close());
    }

    @Override
    public void reset() {
        channel.reset();
    }

    @Override
    public StreamScope resources() {
        return channel.resourceScope();
    }

    static CompletableFuture<Void> toFuture(ChannelFuture f) {
        CompletableFuture<Void> out = new CompletableFuture<>();
        f.addListener(x -> {
            if (x.isSuccess()) {
                out.complete(null);
            } else {
                out.completeExceptionally(x.cause());
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return "Stream[" + protocol + " " + direction + " " + connection.remotePeer() + "]";
    }
}
