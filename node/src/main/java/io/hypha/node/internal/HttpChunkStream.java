package io.hypha.node.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An HTTP answer's body as an {@link OutputStream}, for the RPC API and the gateway: buffers up to {@link #CHUNK}
 * bytes, then writes them as one {@link DefaultHttpContent} and waits until the socket took them, so a slow client
 * holds one chunk of the node's memory, never the whole answer. Written on a worker thread (the wait is refused on
 * an event loop); the caller ends the answer with a {@code LastHttpContent} after {@link #flush}.
 */
public final class HttpChunkStream extends OutputStream {
    /** Bytes per chunk; the writer waits for each to be written, so one chunk is in flight at a time. */
    public static final int CHUNK = 64 * 1024;

    private final ChannelHandlerContext ctx;
    private ByteBuf buf;

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
                flush();
            }
        }
    }

    /** Writes what is buffered and waits until the socket took it; fails when the client went away. */
    @Override
    public void flush() throws IOException {
        if (buf == null || !buf.isReadable()) {
            return;
        }
        ByteBuf chunk = buf;
        buf = null;
        if (!ctx.channel().isActive()) {
            chunk.release();
            throw new IOException("the client went away");
        }
        var f = ctx.writeAndFlush(new DefaultHttpContent(chunk)).awaitUninterruptibly();
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
