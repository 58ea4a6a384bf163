package io.hypha.node.hostile;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.internal.netty.EventLoops;
import io.hypha.multistream.MultistreamDialer;
import io.hypha.multistream.MultistreamHandler;
import io.hypha.muxer.yamux.Flag;
import io.hypha.muxer.yamux.FrameType;
import io.hypha.muxer.yamux.GoAwayCode;
import io.hypha.muxer.yamux.YamuxFrame;
import io.hypha.muxer.yamux.YamuxFrameCodec;
import io.hypha.peer.PeerId;
import io.hypha.security.noise.LibP2pNoiseHandshake;
import io.hypha.security.noise.NoiseHandshakeHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A peer that authenticates properly (TCP, multistream {@code /noise}, Noise XX with the muxer agreed inside
 * the handshake) and then writes whatever yamux bytes a test wants, as an attacker would: raw frames, floods,
 * frames padded to fill a Noise frame, and a socket it may stop reading. What the target sends back is decoded
 * and counted ({@link #goAway}, window updates, data, resets); Ping(SYN) is answered unless told otherwise.
 */
final class AttackPeer implements AutoCloseable {
    /** The largest plaintext one Noise transport frame carries (libp2p noise spec). */
    static final int NOISE_PLAINTEXT = 65519;
    static final int HEADER = YamuxFrame.HEADER_SIZE;

    final Channel channel;
    final PeerId peerId;
    final CompletableFuture<GoAwayCode> goAway = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    final Map<Integer, AtomicLong> windowGranted = new ConcurrentHashMap<>();
    final Map<Integer, AtomicLong> dataReceived = new ConcurrentHashMap<>();
    final Map<Integer, Boolean> reset = new ConcurrentHashMap<>();
    final AtomicLong pingsReceived = new AtomicLong();
    /** Opaque values of the Ping(ACK) answers received. */
    final java.util.Set<Long> pongs = ConcurrentHashMap.newKeySet();
    /** Payload bytes sent per stream through {@link #sendData}. */
    final Map<Integer, AtomicLong> dataSent = new ConcurrentHashMap<>();
    /** The most window the target had granted us at once, over the streams of {@link #dataSent}: its promise. */
    final AtomicLong maxCredit = new AtomicLong();
    volatile boolean answerPings = true;
    /** The first Ping(SYN) (the target's RTT probe) is answered only when this completes. */
    volatile CompletableFuture<Void> firstPingAnswer = CompletableFuture.completedFuture(null);

    private AttackPeer(Channel channel, PeerId peerId) {
        this.channel = channel;
        this.peerId = peerId;
        channel.closeFuture().addListener(f -> {
            closed.complete(null);
            goAway.completeExceptionally(new IllegalStateException("closed without GoAway"));
        });
    }

    /** Connects and authenticates to {@code target} as a new identity. */
    static AttackPeer connect(EventLoopGroup group, InetSocketAddress target, PeerId expected) throws Exception {
        return connect(group, target, expected, CompletableFuture.completedFuture(null));
    }

    /** As {@link #connect(EventLoopGroup, InetSocketAddress, PeerId)}, answering the target's first ping only when {@code firstPingAnswer} completes. */
    static AttackPeer connect(EventLoopGroup group, InetSocketAddress target, PeerId expected,
            CompletableFuture<Void> firstPingAnswer) throws Exception {
        PrivateKey identity = PrivateKey.generate(KeyType.ED25519);
        CompletableFuture<AttackPeer> ready = new CompletableFuture<>();
        AttackPeer[] self = new AttackPeer[1];
        Bootstrap b = new Bootstrap().group(group).channel(EventLoops.socketChannel(group))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        LibP2pNoiseHandshake hs = LibP2pNoiseHandshake.initiator(identity, expected,
                                List.of("/yamux/1.0.0"), new SecureRandom());
                        NoiseHandshakeHandler noise = new NoiseHandshakeHandler(hs);
                        MultistreamHandler mss = new MultistreamHandler(MultistreamDialer.select(List.of("/noise")),
                                Duration.ofSeconds(10), p -> noise);
                        self[0] = new AttackPeer(ch, PeerId.fromPublicKey(identity.publicKey()));
                        self[0].firstPingAnswer = firstPingAnswer;
                        ch.pipeline().addLast(mss, new YamuxFrameCodec.Decoder(), self[0].new Inbound());
                        noise.handshakeFuture().whenComplete((r, err) -> {
                            if (err != null) {
                                ready.completeExceptionally(err);
                            } else if (r.streamMuxer() == null) {
                                ready.completeExceptionally(new IllegalStateException("no inlined muxer"));
                            } else {
                                ready.complete(self[0]);
                            }
                        });
                    }
                });
        b.connect(target).addListener(f -> {
            if (!f.isSuccess()) {
                ready.completeExceptionally(f.cause());
            }
        });
        return ready.get(20, TimeUnit.SECONDS);
    }

    /** Writes plaintext (yamux bytes) and flushes: one Noise frame per {@link #NOISE_PLAINTEXT} bytes. */
    void send(byte[] plaintext) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(plaintext));
    }

    /** Sends a Data frame on {@code stream}, counting its payload toward {@link #credit}. */
    void sendData(int stream, byte[] payload, boolean flush) {
        dataSent.computeIfAbsent(stream, k -> new AtomicLong()).addAndGet(payload.length);
        ByteBuf b = Unpooled.wrappedBuffer(data(stream, 0, payload));
        if (flush) {
            channel.writeAndFlush(b);
        } else {
            channel.write(b, channel.voidPromise());
        }
    }

    /** What we may still send on {@code stream}: the spec's initial window, plus grants, minus what we sent. */
    long credit(int stream) {
        return 256 * 1024 + granted(stream) - dataSent.getOrDefault(stream, new AtomicLong()).get();
    }

    /** Writes without flushing (a flood builds up several frames, then {@link #flush()}). */
    void write(byte[] plaintext) {
        channel.write(Unpooled.wrappedBuffer(plaintext), channel.voidPromise());
    }

    void flush() {
        channel.flush();
    }

    /** Stops reading the socket: the target's writes pile up on its side. */
    void stopReading() {
        channel.eventLoop().submit(() -> channel.config().setAutoRead(false)).syncUninterruptibly();
    }

    /**
     * A barrier: pings the target and waits for the answer, which it sends only after it has processed every
     * frame sent before (frames are handled in order).
     */
    void awaitProcessed(long opaque, Duration timeout) throws Exception {
        send(ping(Flag.SYN.code(), opaque));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pongs.contains(opaque)) {
            if (System.nanoTime() > deadline || !isOpen()) {
                throw new java.util.concurrent.TimeoutException("no answer to ping " + opaque);
            }
            Thread.sleep(10);
        }
    }

    boolean isOpen() {
        return channel.isActive();
    }

    long granted(int stream) {
        return windowGranted.getOrDefault(stream, new AtomicLong()).get();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    // ---- frames

    static byte[] header(FrameType type, int flags, int streamId, long length) {
        ByteBuf b = Unpooled.buffer(HEADER);
        b.writeByte(0).writeByte(type.code()).writeShort(flags).writeInt(streamId).writeInt((int) length);
        return b.array();
    }

    static byte[] data(int streamId, int flags, byte[] payload) {
        byte[] out = new byte[HEADER + payload.length];
        System.arraycopy(header(FrameType.DATA, flags, streamId, payload.length), 0, out, 0, HEADER);
        System.arraycopy(payload, 0, out, HEADER, payload.length);
        return out;
    }

    static byte[] windowUpdate(int streamId, int flags, long delta) {
        return header(FrameType.WINDOW_UPDATE, flags, streamId, delta);
    }

    static byte[] ping(int flags, long opaque) {
        return header(FrameType.PING, flags, 0, opaque);
    }

    /** multistream-select messages: varint length (text + newline), text, newline. */
    static byte[] multistream(String... texts) {
        ByteBuf b = Unpooled.buffer();
        for (String t : texts) {
            byte[] raw = (t + "\n").getBytes(StandardCharsets.UTF_8);
            int n = raw.length;
            while (n >= 0x80) {
                b.writeByte((n & 0x7f) | 0x80);
                n >>>= 7;
            }
            b.writeByte(n);
            b.writeBytes(raw);
        }
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    /** Opens stream {@code id} and proposes {@code protocol} in the same frame (as go's lazy negotiation does). */
    static byte[] openStream(int id, String protocol) {
        return data(id, Flag.SYN.code(), multistream("/multistream/1.0.0", protocol));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** What the target sends. */
    private final class Inbound extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (!(msg instanceof YamuxFrame frame)) {
                    return;
                }
                switch (frame) {
                    case YamuxFrame.Data d -> {
                        dataReceived.computeIfAbsent(d.streamId(), k -> new AtomicLong()).addAndGet(d.payload().readableBytes());
                        if (Flag.RST.in(d.flags())) {
                            reset.put(d.streamId(), true);
                        }
                    }
                    case YamuxFrame.WindowUpdate w -> {
                        windowGranted.computeIfAbsent(w.streamId(), k -> new AtomicLong()).addAndGet(w.delta());
                        long promised = 0;
                        for (int stream : dataSent.keySet()) {
                            promised += credit(stream);
                        }
                        maxCredit.accumulateAndGet(promised, Math::max);
                        if (Flag.RST.in(w.flags())) {
                            reset.put(w.streamId(), true);
                        }
                    }
                    case YamuxFrame.Ping p -> {
                        if (Flag.ACK.in(p.flags())) {
                            pongs.add(p.opaque());
                        }
                        if (Flag.SYN.in(p.flags()) && answerPings) {
                            long n = pingsReceived.incrementAndGet();
                            byte[] pong = ping(Flag.ACK.code(), p.opaque());
                            if (n == 1) {
                                firstPingAnswer.thenRun(() -> send(pong));
                            } else {
                                send(pong);
                            }
                        }
                    }
                    case YamuxFrame.GoAway g -> goAway.complete(g.code());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
