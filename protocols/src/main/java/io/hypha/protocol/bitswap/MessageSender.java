package io.hypha.protocol.bitswap;

import io.hypha.host.Host;
import io.hypha.host.Stream;
import io.hypha.multiformats.Varint;
import io.hypha.peer.PeerId;
import io.hypha.protocol.bitswap.message.BitswapCodec;
import io.hypha.protocol.bitswap.message.BitswapMessage;
import io.hypha.protocol.bitswap.message.BitswapVersion;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Our messages to one peer, written in order on one outbound stream that we open (responses travel on a stream the
 * responder opens, SPEC-NOTES 1.9), negotiating the best version the peer speaks. A message is written only while the
 * stream is writable (the yamux window and the stream's send buffer have room), so a peer that does not read stops
 * our writes instead of growing a queue; the queue itself holds at most {@link #MAX_QUEUED} messages (the decision
 * engine's outstanding-bytes limit bounds the bytes of blocks in it), and a message over it fails at once. An idle
 * stream is closed after {@link #IDLE_CLOSE} (Helia resets streams idle for 5 s); the next message opens a new one. A
 * write that fails because the stream died is retried once on a fresh stream.
 *
 * <p>Confined to {@code loop}; {@link #send} may be called from any thread.
 */
final class MessageSender {
    private static final System.Logger LOG = System.getLogger(MessageSender.class.getName());
    /** Messages queued for one peer, at most. */
    static final int MAX_QUEUED = 1024;
    /** An outbound stream with nothing to write for this long is closed. */
    static final Duration IDLE_CLOSE = Duration.ofSeconds(3);

    private record Pending(Function<BitswapVersion, BitswapMessage> message, CompletableFuture<Void> written,
            boolean retried) {}

    private final Host host;
    private final PeerId peer;
    private final EventExecutor loop;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private Stream stream;
    private CompletableFuture<Stream> opening;
    private ScheduledFuture<?> idleTimer;
    private boolean closed;

    MessageSender(Host host, PeerId peer, EventExecutor loop) {
        this.host = host;
        this.peer = peer;
        this.loop = loop;
    }

    /**
     * Queues a message, shaped for the version the stream negotiates; completes when it is written, or exceptionally
     * when it cannot be (queue full, peer unreachable, sender closed).
     */
    CompletableFuture<Void> send(Function<BitswapVersion, BitswapMessage> message) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        loop.execute(() -> enqueue(new Pending(message, written, false)));
        return written;
    }

    void close() {
        loop.execute(() -> {
            closed = true;
            failAll(new BitswapException("no longer sending to " + peer));
            if (stream != null) {
                stream.close();
                stream = null;
            }
        });
    }

    private void enqueue(Pending p) {
        if (closed) {
            p.written.completeExceptionally(new BitswapException("no longer sending to " + peer));
            return;
        }
        if (queue.size() >= MAX_QUEUED) {
            p.written.completeExceptionally(new BitswapException(MAX_QUEUED + " messages already queued for " + peer));
            return;
        }
        queue.add(p);
        drain();
    }

    private void drain() {
        if (queue.isEmpty() || closed) {
            return;
        }
        if (stream == null || !stream.channel().isActive()) {
            stream = null;
            open();
            return;
        }
        cancelIdle();
        Stream s = stream;
        BitswapVersion version = BitswapVersion.of(s.protocol());
        while (!queue.isEmpty() && s.channel().isWritable()) {
            Pending p = queue.poll();
            byte[] body;
            try {
                body = BitswapCodec.encode(p.message.apply(version), version);
            } catch (RuntimeException e) {
                p.written.completeExceptionally(e);
                continue;
            }
            if (body.length > BitswapProtocol.MAX_MESSAGE_BYTES) {
                p.written.completeExceptionally(new BitswapException("a message of " + body.length + " bytes"));
                continue;
            }
            byte[] prefix = Varint.encode(body.length);
            s.channel().writeAndFlush(Unpooled.wrappedBuffer(prefix, body)).addListener(f -> {
                if (f.isSuccess()) {
                    p.written.complete(null);
                } else if (!p.retried && !closed) {
                    loop.execute(() -> {
                        if (stream == s) {
                            stream = null;
                        }
                        queue.addFirst(new Pending(p.message, p.written, true));
                        drain();
                    });
                } else {
                    p.written.completeExceptionally(new BitswapException("writing to " + peer + " failed", f.cause()));
                }
            });
        }
        if (queue.isEmpty()) {
            armIdle(s);
        }
    }

    private void open() {
        if (opening != null) {
            return;
        }
        CompletableFuture<Stream> o = host.newStream(peer, st -> {
            st.channel().pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ReferenceCountUtil.release(msg); // peers answer on streams they open; nothing comes here
                }

                @Override
                public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                    if (ctx.channel().isWritable()) {
                        loop.execute(MessageSender.this::drain);
                    }
                    ctx.fireChannelWritabilityChanged();
                }
            });
            return st;
        }, BitswapProtocol.IDS.toArray(io.hypha.host.ProtocolId[]::new));
        opening = o;
        o.whenComplete((st, err) -> loop.execute(() -> {
            opening = null;
            if (err != null) {
                LOG.log(System.Logger.Level.DEBUG, () -> "cannot open a Bitswap stream to " + peer + ": " + err);
                failAll(new BitswapException("cannot open a Bitswap stream to " + peer, err));
                return;
            }
            if (closed) {
                st.close();
                return;
            }
            stream = st;
            drain();
        }));
    }

    private void armIdle(Stream s) {
        cancelIdle();
        idleTimer = loop.schedule(() -> {
            if (stream == s && queue.isEmpty()) {
                stream = null;
                s.close();
            }
        }, IDLE_CLOSE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelIdle() {
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
    }

    private void failAll(Throwable cause) {
        Pending p;
        while ((p = queue.poll()) != null) {
            p.written.completeExceptionally(cause);
        }
    }
}
