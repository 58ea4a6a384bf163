package io.hypha.node.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An HTTP answer's body as an {@link OutputStream}, for the RPC API and the gateway: buffers up to {@link #CHUNK}
 * bytes, then writes them as one {@link DefaultHttpContent}; at most {@link #IN_FLIGHT} chunks are queued for the
 * socket (writing one waits until the socket took the one before), so a slow client holds two chunks of the node's
 * memory, never the whole answer, and the producer fills the next chunk while the socket sends the last. Written on
 * a worker thread (the wait is refused on an event loop); the caller ends the answer with a {@code LastHttpContent}
 * after {@link #flush}, which waits for every chunk.
 */
public final class HttpChunkStream extends OutputStream {
    /** Bytes per chunk; the writer waits for each to be written, so one chunk is in flight at a time. */
    public static final int CHUNK = 64 * 1024;
    /** Chunks written and not yet taken by the socket, at most. */
    public static final int IN_FLIGHT = 2;

    private final ChannelHandlerContext ctx;
    private ByteBuf buf;
    private ChannelFuture previous;

    public HttpChunkStream(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (buf == null) {
                buf = ctx.alloc().buffer(CHUNK);
            }
            int n = Math.min(len, CHUNK - buf.readableBytes());
            buf.writeBytes(b, off, n);
            off += n;
            len -= n;
            if (buf.readableBytes() == CHUNK) {
                send();
            }
        }
    }

    /** Writes what is buffered and waits until the socket took all of it; fails when the client went away. */
    @Override
    public void flush() throws IOException {
        send();
        awaitPrevious();
    }

    /** Writes the buffered chunk, then waits for the one before it (so {@link #IN_FLIGHT} are queued at most). */
    private void send() throws IOException {
        if (buf == null || !buf.isReadable()) {
            return;
        }
        ByteBuf chunk = buf;
        buf = null;
        if (!ctx.channel().isActive()) {
            chunk.release();
            throw new IOException("the client went away");
        }
        ChannelFuture written = ctx.writeAndFlush(new DefaultHttpContent(chunk));
        awaitPrevious();
        previous = written;
    }

    private void awaitPrevious() throws IOException {
        if (previous == null) {
            return;
        }
        ChannelFuture f = previous.awaitUninterruptibly();
        previous = null;
        if (!f.isSuccess()) {
            throw new IOException("the client went away", f.cause());
        }
    }

    /** Drops what is buffered and not flushed (the answer ended early). */
    @Override
    public void close() {
        if (buf != null) {
            buf.release();
            buf = null;
        }
    }
}
