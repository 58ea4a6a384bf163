package io.hypha.host;

import io.hypha.crypto.PrivateKey;
import io.hypha.internal.netty.FatalErrors;
import io.hypha.resource.ConnectionScope;
import io.hypha.resource.ResourceLimitException;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multistream.MultistreamDialer;
import io.hypha.multistream.MultistreamHandler;
import io.hypha.multistream.MultistreamListener;
import io.hypha.multistream.Negotiator;
import io.hypha.muxer.MuxedSession;
import io.hypha.muxer.MuxerRole;
import io.hypha.muxer.StreamMuxer;
import io.hypha.peer.PeerId;
import io.hypha.security.noise.LibP2pNoiseHandshake;
import io.hypha.security.noise.NoiseHandshakeCompletionEvent;
import io.hypha.security.noise.NoiseHandshakeHandler;
import io.hypha.security.noise.NoiseHandshakeResult;
import io.hypha.security.noise.NoiseProtocol;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Turns a raw channel into a {@link HostConnection} (libp2p connections spec): multistream-select
 * {@code /noise}, the Noise XX handshake with the libp2p payload, then the muxer, agreed inside the
 * handshake (inlined muxer negotiation) when both sides offered one, else by multistream-select inside
 * the secured channel. The whole upgrade has one time limit.
 */
final class ConnectionUpgrader {
    private static final System.Logger LOG = System.getLogger(ConnectionUpgrader.class.getName());

    private final PrivateKey identity;
    private final StreamMuxer muxer;
    private final Duration outboundTimeout;
    private final Duration inboundTimeout;
    private final Duration streamTimeout;
    private final SecureRandom random;
    private final Clock clock;
    private final HostCounters counters;

    ConnectionUpgrader(PrivateKey identity, StreamMuxer muxer, Duration outboundTimeout, Duration inboundTimeout,
            Duration streamTimeout, SecureRandom random, Clock clock, HostCounters counters) {
        this.identity = identity;
        this.muxer = muxer;
        this.outboundTimeout = outboundTimeout;
        this.inboundTimeout = inboundTimeout;
        this.streamTimeout = streamTimeout;
        this.random = random;
        this.clock = clock;
        this.counters = counters;
    }

    /**
     * Installs the upgrade on {@code ch} (before or after it is active). {@code expected} is the peer a
     * dialer must find (null for a listener). {@code inboundStreams} initialises streams the peer opens,
     * given the finished connection. Once the handshake authenticated the peer, {@code scope} is charged to it
     * ({@link ConnectionScope#setPeer}: a refusal fails the upgrade) and the muxer accounts its streams there.
     * {@code addresses} gives the multiaddrs of the channel's ends (the transport that made it knows them).
     * Completes on the channel's event loop; on failure the channel is closed.
     */
    CompletableFuture<HostConnection> install(Channel ch, Direction direction, PeerId expected,
            Function<HostConnection, ChannelHandler> inboundStreams, ConnectionScope scope,
            Function<SocketAddress, Multiaddr> addresses) {
        Upgrade upgrade = new Upgrade(ch, direction, addresses);
        boolean dialer = direction == Direction.OUTBOUND;
        Duration upgradeTimeout = dialer ? outboundTimeout : inboundTimeout;
        List<String> muxers = List.of(muxer.protocolId());
        LibP2pNoiseHandshake handshake = dialer
                ? LibP2pNoiseHandshake.initiator(identity, expected, muxers, random)
                : LibP2pNoiseHandshake.responder(identity, muxers, random);
        NoiseHandshakeHandler noise = new NoiseHandshakeHandler(handshake);
        List<String> security = List.of(NoiseProtocol.PROTOCOL_ID);
        Negotiator securityNegotiator = dialer ? MultistreamDialer.select(security) : new MultistreamListener(security);
        MultistreamHandler securityNegotiation = new MultistreamHandler(securityNegotiator, upgradeTimeout, p -> noise);

        if (ch.isActive()) {
            upgrade.start();
        }
        ChannelPipeline p = ch.pipeline();
        p.addFirst("bytes", counters.byteCounter());
        p.addLast("multistream-security", securityNegotiation);
        p.addLast("upgrade", new MuxerStage(upgrade, inboundStreams, scope, upgradeTimeout));

        securityNegotiation.selected().whenComplete((v, err) ->
                upgrade.fail(err, "security negotiation", HandshakeOutcome.NEGOTIATION));
        noise.handshakeFuture().whenComplete((v, err) -> upgrade.fail(err, "noise handshake", HandshakeOutcome.SECURITY));
        ch.closeFuture().addListener(f -> upgrade.closed());
        ch.eventLoop().schedule(() -> {
            if (!upgrade.result.isDone()) {
                upgrade.fail(new DialException("upgrade did not finish within " + upgradeTimeout), "upgrade",
                        HandshakeOutcome.TIMEOUT);
            }
        }, upgradeTimeout.toNanos(), TimeUnit.NANOSECONDS);
        return upgrade.result;
    }

    /**
     * One connection's upgrade: its future, completed once, and that one outcome counted (before the future
     * completes, so whoever waits on it sees the count). An upgrade is counted from the moment its socket is
     * connected: a dial whose TCP connect fails is no handshake.
     */
    private final class Upgrade {
        final Channel ch;
        final Direction direction;
        final Function<SocketAddress, Multiaddr> addresses;
        final CompletableFuture<HostConnection> result = new CompletableFuture<>();
        private final AtomicBoolean started = new AtomicBoolean();
        private final AtomicBoolean ended = new AtomicBoolean();

        Upgrade(Channel ch, Direction direction, Function<SocketAddress, Multiaddr> addresses) {
            this.ch = ch;
            this.direction = direction;
            this.addresses = addresses;
        }

        /** The socket is connected: the handshake begins. Idempotent. */
        void start() {
            if (started.compareAndSet(false, true)) {
                counters.handshakeStarted(direction);
            }
        }

        private boolean end(HandshakeOutcome outcome) {
            if (!ended.compareAndSet(false, true)) {
                return false;
            }
            if (started.get()) {
                counters.handshakeEnded(NoiseProtocol.PROTOCOL_ID, direction, outcome);
            }
            return true;
        }

        void succeed(HostConnection conn) {
            if (end(HandshakeOutcome.SUCCESS)) {
                result.complete(conn);
            }
        }

        /** Fails the upgrade (when {@code err} is not null and nothing ended it yet) and closes the channel. */
        void fail(Throwable err, String stage, HandshakeOutcome outcome) {
            if (err == null || ended.get()) {
                return;
            }
            if (FatalErrors.isFatal(err)) {
                FatalErrors.report(ch, err);
            }
            if (end(outcome)) {
                LOG.log(System.Logger.Level.DEBUG, () -> stage + " with " + describe(ch) + " failed: " + err.getMessage());
                result.completeExceptionally(err instanceof DialException ? err
                        : new DialException(stage + " failed: " + err.getMessage(), err));
            }
            ch.close();
        }

        /**
         * The channel closed. Judged after the event loop's current task: a stage that fails closes the channel
         * before it reports why (multistream, Noise), and the failure is the outcome, not the close it caused.
         */
        void closed() {
            try {
                ch.eventLoop().execute(this::closedNow);
            } catch (RejectedExecutionException e) {
                closedNow();
            }
        }

        private void closedNow() {
            if (end(HandshakeOutcome.CLOSED)) {
                result.completeExceptionally(new DialException("connection closed during the upgrade (" + describe(ch) + ")"));
            }
        }
    }

    private static String describe(Channel ch) {
        return String.valueOf(ch.remoteAddress());
    }

    /**
     * Sits behind the Noise handler. On the handshake's completion event, and before any decrypted byte
     * arrives, it installs the muxer (directly when agreed in the handshake, else behind a multistream
     * negotiation) and leaves.
     */
    private final class MuxerStage extends ChannelInboundHandlerAdapter {
        private final Upgrade upgrade;
        private final Channel ch;
        private final Direction direction;
        private final Function<HostConnection, ChannelHandler> inboundStreams;
        private final ConnectionScope scope;
        private final Duration upgradeTimeout;

        MuxerStage(Upgrade upgrade, Function<HostConnection, ChannelHandler> inboundStreams, ConnectionScope scope,
                Duration upgradeTimeout) {
            this.upgrade = upgrade;
            this.ch = upgrade.ch;
            this.direction = upgrade.direction;
            this.inboundStreams = inboundStreams;
            this.scope = scope;
            this.upgradeTimeout = upgradeTimeout;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            upgrade.start();
            ctx.fireChannelActive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (!(evt instanceof NoiseHandshakeCompletionEvent done)) {
                super.userEventTriggered(ctx, evt);
                return;
            }
            NoiseHandshakeResult secured = done.result();
            ChannelPipeline p = ctx.pipeline();
            try {
                scope.setPeer(secured.remotePeerId());
            } catch (ResourceLimitException e) {
                upgrade.fail(new DialException(e.getMessage(), e), "admission", HandshakeOutcome.REFUSED);
                p.remove(this);
                return;
            }
            if (secured.streamMuxer() != null) {
                startMuxer(p, secured, secured.streamMuxer());
                p.remove(this);
                return;
            }
            List<String> muxers = List.of(muxer.protocolId());
            Negotiator n = direction == Direction.OUTBOUND ? MultistreamDialer.select(muxers) : new MultistreamListener(muxers);
            MultistreamHandler negotiation = new MultistreamHandler(n, upgradeTimeout, selected -> new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel c) {
                    startMuxer(c.pipeline(), secured, selected);
                }
            });
            negotiation.selected().whenComplete((v, err) -> upgrade.fail(err, "muxer negotiation", HandshakeOutcome.MUXER));
            p.addAfter(ctx.name(), "multistream-muxer", negotiation);
            p.remove(this);
        }

        /** Failures during the upgrade are reported through the upgrade's future; the channel is closed. */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            upgrade.fail(cause, "upgrade", HandshakeOutcome.ERROR);
            ctx.close();
        }

        /** Adds the muxer at the end of the pipeline and completes the connection. */
        private void startMuxer(ChannelPipeline p, NoiseHandshakeResult secured, String agreed) {
            HostConnection[] conn = new HostConnection[1];
            ChannelHandler inbound = new LateBoundInitializer(() -> conn[0], inboundStreams);
            MuxedSession session = muxer.install(p, direction == Direction.OUTBOUND ? MuxerRole.INITIATOR : MuxerRole.RESPONDER,
                    inbound, scope);
            p.addLast("connection-errors", ConnectionErrors.INSTANCE);
            conn[0] = new HostConnection(ch, session, secured.remotePeerId(), secured.remotePublicKey(),
                    upgrade.addresses.apply(ch.remoteAddress()), upgrade.addresses.apply(ch.localAddress()), direction,
                    agreed, streamTimeout, clock.instant(), counters);
            upgrade.succeed(conn[0]);
        }
    }

    /**
     * Last on a connection's pipeline: a connection-level failure (reset by the peer, a protocol error the
     * muxer already answered with GoAway) is the peer's or the network's doing, logged at DEBUG; the
     * connection is closed. A {@link VirtualMachineError} goes to the host's fatal-error policy.
     */
    @ChannelHandler.Sharable
    static final class ConnectionErrors extends ChannelInboundHandlerAdapter {
        static final ConnectionErrors INSTANCE = new ConnectionErrors();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (FatalErrors.isFatal(cause)) {
                FatalErrors.report(ctx.channel(), cause);
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "connection " + describe(ctx.channel()) + " failed: " + cause);
            ctx.close();
        }
    }

    /** The muxer's inbound-stream initialiser, created before the connection object it hands streams to. */
    @ChannelHandler.Sharable
    private static final class LateBoundInitializer extends ChannelInitializer<Channel> {
        private final java.util.function.Supplier<HostConnection> connection;
        private final Function<HostConnection, ChannelHandler> inboundStreams;

        LateBoundInitializer(java.util.function.Supplier<HostConnection> connection,
                Function<HostConnection, ChannelHandler> inboundStreams) {
            this.connection = connection;
            this.inboundStreams = inboundStreams;
        }

        @Override
        protected void initChannel(Channel stream) {
            stream.pipeline().addLast(inboundStreams.apply(connection.get()));
        }
    }
}
