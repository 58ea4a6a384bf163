package io.hypha.protocol.kad;

import io.hypha.host.Host;
import io.hypha.host.Stream;
import io.hypha.peer.PeerId;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends DHT requests (spec, "RPC messages"): one stream per request, the request written, one response read
 * (at most {@link KadProtocol#MAX_MESSAGE_SIZE}), the stream closed. Every future completes: with the
 * response, or exceptionally with {@link KadException} (bad answer, reset, timeout) or the host's dial error.
 *
 * <p>The timeout covers waiting for the response once the stream is open; connecting and negotiating the
 * protocol are bounded by the host's own timeouts.
 */
public final class KadClient {
    private final Host host;
    private final Duration timeout;

    public KadClient(Host host, Duration timeout) {
        this.host = Objects.requireNonNull(host, "host");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
    }

    /** Sends {@code request} to {@code peer} and reads its response (whose type must match). */
    public CompletableFuture<KadMessage> request(PeerId peer, KadMessage request) {
        byte[] frame = KadCodec.encodeDelimited(request);
        return host.newStream(peer, stream -> {
            KadResponseReader reader = new KadResponseReader(stream, request.type(), timeout);
            stream.channel().pipeline().addLast(reader);
            stream.channel().writeAndFlush(Unpooled.wrappedBuffer(frame)).addListener(f -> {
                if (!f.isSuccess()) {
                    reader.result().completeExceptionally(
                            new KadException("writing " + request.type() + " to " + peer + " failed", f.cause()));
                    stream.reset();
                }
            });
            return reader.result();
        }, KadProtocol.ID).thenCompose(r -> r);
    }

    /** Sends a message that has no response (ADD_PROVIDER), completing once it is written. */
    public CompletableFuture<Void> send(PeerId peer, KadMessage message) {
        byte[] frame = KadCodec.encodeDelimited(message);
        CompletableFuture<Void> written = new CompletableFuture<>();
        host.newStream(peer, stream -> {
            stream.channel().writeAndFlush(Unpooled.wrappedBuffer(frame)).addListener(f -> {
                if (!f.isSuccess()) {
                    written.completeExceptionally(
                            new KadException("writing " + message.type() + " to " + peer + " failed", f.cause()));
                    stream.reset();
                    return;
                }
                written.complete(null);
                finish(stream);
            });
            return null;
        }, KadProtocol.ID).whenComplete((v, err) -> {
            if (err != null) {
                written.completeExceptionally(err instanceof CompletionException && err.getCause() != null
                        ? err.getCause() : err);
            }
        });
        return written;
    }

    /**
     * Ends a stream of messages without responses: half-closes it, then waits for the peer to end its side (it
     * does once it has read every message) before closing, so no message is cut off. Closing at once would
     * forget the stream while the peer still reads, and the peer's window updates for it would be answered
     * with a reset that drops what it had not read yet. Completes when the peer ended its side, or after the
     * timeout (a peer that keeps its side open: the stream is then reset, the messages having had that long).
     */
    private CompletableFuture<Void> finish(Stream stream) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        io.netty.channel.Channel ch = stream.channel();
        ch.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                io.netty.util.ReferenceCountUtil.release(msg);
            }

            @Override
            public void userEventTriggered(io.netty.channel.ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
                    ended.complete(null);
                }
                ctx.fireUserEventTriggered(evt);
            }

            @Override
            public void channelInactive(io.netty.channel.ChannelHandlerContext ctx) {
                ended.complete(null);
                ctx.fireChannelInactive();
            }
        });
        var timer = ch.eventLoop().schedule(() -> {
            if (ended.complete(null)) {
                stream.reset();
            }
        }, timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        ch.config().setAutoRead(true);
        stream.closeWrite();
        return ended.whenComplete((v, err) -> {
            timer.cancel(false);
            stream.close();
        });
    }

    /** Messages {@link #sendAll} writes per stream: below the {@link KadProtocol#MAX_REQUESTS_PER_STREAM} we serve. */
    public static final int MAX_MESSAGES_PER_STREAM = 1000;
    /** Bytes {@link #sendAll} hands to a stream before it waits for them to be written. */
    static final int WRITE_BATCH_BYTES = 64 * 1024;

    /**
     * Sends many messages that have no response (ADD_PROVIDER) to one peer, up to
     * {@link #MAX_MESSAGES_PER_STREAM} on each stream, in batches that wait for the stream to take the last;
     * completes with how many were written, or exceptionally with the first failure.
     */
    public CompletableFuture<Integer> sendAll(PeerId peer, java.util.List<KadMessage> messages) {
        CompletableFuture<Integer> chain = CompletableFuture.completedFuture(0);
        for (int from = 0; from < messages.size(); from += MAX_MESSAGES_PER_STREAM) {
            java.util.List<KadMessage> part = messages.subList(from, Math.min(messages.size(), from + MAX_MESSAGES_PER_STREAM));
            chain = chain.thenCompose(n -> sendOnOneStream(peer, part).thenApply(m -> n + m));
        }
        return chain;
    }

    private CompletableFuture<Integer> sendOnOneStream(PeerId peer, java.util.List<KadMessage> messages) {
        CompletableFuture<Integer> written = new CompletableFuture<>();
        host.newStream(peer, stream -> {
            writeFrom(stream, messages, 0, written);
            return null;
        }, KadProtocol.ID).whenComplete((v, err) -> {
            if (err != null) {
                written.completeExceptionally(err instanceof CompletionException && err.getCause() != null
                        ? err.getCause() : err);
            }
        });
        return written;
    }

    private void writeFrom(Stream stream, java.util.List<KadMessage> messages, int from, CompletableFuture<Integer> done) {
        io.netty.buffer.CompositeByteBuf batch = Unpooled.compositeBuffer();
        int i = from;
        while (i < messages.size() && batch.readableBytes() < WRITE_BATCH_BYTES) {
            batch.addComponent(true, Unpooled.wrappedBuffer(KadCodec.encodeDelimited(messages.get(i))));
            i++;
        }
        int next = i;
        stream.channel().writeAndFlush(batch).addListener(f -> {
            if (!f.isSuccess()) {
                done.completeExceptionally(new KadException("writing to " + stream.remotePeer() + " failed", f.cause()));
                stream.reset();
            } else if (next < messages.size()) {
                writeFrom(stream, messages, next, done);
            } else {
                finish(stream).whenComplete((v, err) -> {
                    if (err != null) {
                        done.completeExceptionally(err);
                    } else {
                        done.complete(messages.size());
                    }
                });
            }
        });
    }
}
