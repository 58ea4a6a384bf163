package io.hypha.host;

import io.hypha.crypto.PublicKey;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multistream.MultistreamDialer;
import io.hypha.multistream.MultistreamHandler;
import io.hypha.multistream.NegotiationException;
import io.hypha.muxer.MuxedSession;
import io.hypha.muxer.MuxedStreamChannel;
import io.hypha.peer.PeerId;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.hypha.resource.ConnectionManager;
import io.hypha.resource.StreamScope;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A secured, multiplexed connection: the socket channel with Noise and a muxer session on it. */
final class HostConnection implements Connection, ConnectionManager.Managed {
    private static final System.Logger LOG = System.getLogger(HostConnection.class.getName());

    private final Channel channel;
    private final MuxedSession session;
    private final PeerId remotePeer;
    private final PublicKey remoteKey;
    private final Multiaddr remoteAddress;
    private final Multiaddr localAddress;
    private final Direction direction;
    private final String muxer;
    private final Duration streamTimeout;
    private final Instant openedAt;
    private final HostCounters counters;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    HostConnection(Channel channel, MuxedSession session, PeerId remotePeer, PublicKey remoteKey,
            Multiaddr remoteAddress, Multiaddr localAddress, Direction direction, String muxer, Duration streamTimeout,
            Instant openedAt, HostCounters counters) {
        this.openedAt = openedAt;
        this.counters = counters;
        this.channel = channel;
        this.session = session;
        this.remotePeer = remotePeer;
        this.remoteKey = remoteKey;
        this.remoteAddress = remoteAddress;
        this.localAddress = localAddress;
        this.direction = direction;
        this.muxer = muxer;
        this.streamTimeout = streamTimeout;
        channel.closeFuture().addListener(f -> closed.complete(null));
    }

    Channel channel() {
        return channel;
    }

    @Override
    public PeerId remotePeer() {
        return remotePeer;
    }

    @Override
    public PeerId peer() {
        return remotePeer;
    }

    @Override
    public Instant openedAt() {
        return openedAt;
    }

    @Override
    public void trim() {
        LOG.log(System.Logger.Level.DEBUG, () -> "connection manager: closing " + this + " (above the high-water mark)");
        close();
    }

    @Override
    public PublicKey remotePublicKey() {
        return remoteKey;
    }

    @Override
    public Multiaddr remoteAddress() {
        return remoteAddress;
    }

    @Override
    public Multiaddr localAddress() {
        return localAddress;
    }

    @Override
    public Direction direction() {
        return direction;
    }

    @Override
    public String security() {
        return "/noise";
    }

    @Override
    public String muxer() {
        return muxer;
    }

    @Override
    public <T> CompletableFuture<T> newStream(StreamOpener<T> opener, ProtocolId... protocols) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (protocols.length == 0) {
            result.completeExceptionally(new IllegalArgumentException("no protocol to negotiate"));
            return result;
        }
        if (!channel.isActive()) {
            result.completeExceptionally(new StreamNotOpenedException("connection to " + remotePeer + " is closed"));
            return result;
        }
        List<String> ids = Arrays.stream(protocols).map(ProtocolId::value).toList();
        session.newStream(new ChannelInitializer<Channel>() {
            /** The connection failed while the stream was being set up: the opener hears of it, no warning is due. */
            @Override
            public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
                result.completeExceptionally(new HostClosedException("connection to " + remotePeer
                        + " failed while opening a stream: " + cause.getMessage()));
                ctx.close();
            }

            @Override
            protected void initChannel(Channel ch) {
                MuxedStreamChannel stream = (MuxedStreamChannel) ch;
                MultistreamHandler negotiation = new MultistreamHandler(MultistreamDialer.select(ids), streamTimeout,
                        selected -> starter(stream, ProtocolId.of(selected), opener, result));
                try {
                    ch.pipeline().addLast("multistream", negotiation);
                } catch (RuntimeException e) {
                    // the connection went away while the stream was being opened: a closed connection, not a bug
                    result.completeExceptionally(new HostClosedException("connection to " + remotePeer
                            + " closed while opening a stream: " + e.getMessage()));
                    ch.close();
                    return;
                }
                negotiation.selected().whenComplete((p, err) -> {
                    if (err != null) {
                        result.completeExceptionally(negotiationFailure(ids, err));
                    }
                });
            }
        }).whenComplete((ch, err) -> {
            if (err != null) {
                // the muxer refused to open a stream (the session closed or is closing): none exists
                StreamNotOpenedException e = new StreamNotOpenedException("connection to " + remotePeer
                        + " closed before a stream could open: " + err.getMessage());
                e.initCause(err);
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Runs the opener as the stream's first handler is installed, before any data is delivered. */
    private <T> ChannelHandler starter(MuxedStreamChannel ch, ProtocolId protocol, StreamOpener<T> opener,
            CompletableFuture<T> result) {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel c) {
                HostStream stream = new HostStream(ch, protocol, HostConnection.this, Direction.OUTBOUND);
                try {
                    StreamScope scope = stream.resources();
                    if (scope == null) {
                        throw new StreamNegotiationException("stream to " + remotePeer + " is gone", null);
                    }
                    scope.setProtocol(protocol.value());
                    stream.counted(counters);
                    result.complete(opener.open(stream));
                } catch (Exception | Error e) {
                    stream.reset();
                    result.completeExceptionally(e);
                }
            }
        };
    }

    private Throwable negotiationFailure(List<String> ids, Throwable err) {
        if (err instanceof NegotiationException ne && ne.reason() == NegotiationException.Reason.NO_COMMON_PROTOCOL) {
            return new StreamNegotiationException("peer " + remotePeer + " supports none of " + ids, err);
        }
        return new StreamNegotiationException("stream negotiation of " + ids + " with " + remotePeer
                + " failed: " + err.getMessage(), err);
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public CompletableFuture<Void> close() {
        if (!channel.isOpen()) {
            return closed;
        }
        return session.close().thenCompose(v -> closed);
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    @Override
    public String toString() {
        return "Connection[" + remotePeer + " " + direction + " " + remoteAddress + "]";
    }
}
