package io.hypha.interop;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Writes {@code total} bytes of a seeded pattern on a stream as fast as the peer's window allows (only
 * while the channel is writable, resuming on writability changes), then half-closes. Memory stays at one
 * pattern buffer whatever the total. {@link #sha256()} is the hash of everything written.
 */
final class BulkWriter extends ChannelInboundHandlerAdapter {
    static final int CHUNK = 64 * 1024;

    private final long total;
    private final ByteBuf pattern;
    private final MessageDigest sha = TestProtocols.sha256();
    private long written;
    final CompletableFuture<String> done = new CompletableFuture<>();

    BulkWriter(long total, long seed) {
        this.total = total;
        byte[] p = new byte[CHUNK];
        new Random(seed).nextBytes(p);
        this.pattern = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(p).asReadOnly());
    }

    /** Hex SHA-256 of all bytes once written. */
    CompletableFuture<String> sha256() {
        return done;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            ctx.executor().execute(() -> pump(ctx));
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        pump(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        done.completeExceptionally(new java.io.IOException("stream closed after " + written + " of " + total + " bytes"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        done.completeExceptionally(cause);
        ctx.close();
    }

    private void pump(ChannelHandlerContext ctx) {
        boolean wrote = false;
        while (written < total && ctx.channel().isWritable()) {
            int n = (int) Math.min(CHUNK, total - written);
            ByteBuf slice = pattern.slice(0, n);
            sha.update(slice.nioBuffer());
            ctx.write(slice);
            written += n;
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        if (written == total && !done.isDone()) {
            ((DuplexChannel) ctx.channel()).shutdownOutput().addListener(f -> {
                if (f.isSuccess()) {
                    done.complete(HexFormat.of().formatHex(sha.digest()));
                } else {
                    done.completeExceptionally(f.cause());
                }
            });
        }
    }

    long written() {
        return written;
    }
}
