package io.hypha.node.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;

/**
 * A request body as it arrives, read by an endpoint on a worker thread while the event loop feeds it: the bytes
 * a client uploads go straight to the importer, never gathered whole. At most about
 * {@link #MAX_BUFFERED_BYTES} wait here: above it the handler stops reading the socket (the client's TCP window
 * closes), and reading resumes once the endpoint drained half. A client that goes away, or a body cut short,
 * fails the read with an {@link IOException}.
 */
final class UploadBody extends InputStream {
    /** Body bytes held between the socket and the endpoint before reading the socket pauses. */
    static final int MAX_BUFFERED_BYTES = 1024 * 1024;

    /** What the handler does when the buffer crosses its marks; called on the event loop. */
    interface Pacing {
        void pause();

        void resume();
    }

    private final EventLoop loop;
    private final Pacing pacing;
    private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
    private long buffered;
    private long received;
    private boolean ended;
    private boolean closed;
    private boolean paused;
    private IOException failure;

    UploadBody(EventLoop loop, Pacing pacing) {
        this.loop = loop;
        this.pacing = pacing;
    }

    /** Appends a chunk; ownership of {@code content} moves here (released when read or discarded). Event loop. */
    void offer(ByteBuf content) {
        int n = content.readableBytes();
        boolean pause;
        synchronized (this) {
            if (closed || failure != null || ended || n == 0) {
                content.release();
                return;
            }
            chunks.add(content);
            buffered += n;
            received += n;
            pause = buffered >= MAX_BUFFERED_BYTES && !paused;
            if (pause) {
                paused = true;
            }
            notifyAll();
        }
        if (pause) {
            pacing.pause();
        }
    }

    /** The body is complete. Event loop. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** Whether the whole body arrived. */
    synchronized boolean ended() {
        return ended;
    }

    /** Bytes received so far. */
    synchronized long received() {
        return received;
    }

    /**
     * The client went away or the request broke: readers fail with {@code cause} from now on, even after the
     * whole body came (the client no longer waits for the answer, as Kubo cancels a request). Event loop.
     */
    void fail(IOException cause) {
        synchronized (this) {
            if (failure == null) {
                failure = cause;
            }
            releaseAll();
            notifyAll();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        boolean resume = false;
        int n;
        synchronized (this) {
            while (chunks.isEmpty() && !ended && failure == null && !closed) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the request body");
                }
            }
            if (closed) {
                throw new IOException("the request body was closed");
            }
            if (failure != null) {
                throw failure;
            }
            if (chunks.isEmpty()) {
                return -1;
            }
            // as much as is buffered, across chunks, up to len: one wake-up moves many network reads
            n = 0;
            while (n < len && !chunks.isEmpty()) {
                ByteBuf head = chunks.peek();
                int k = Math.min(len - n, head.readableBytes());
                head.readBytes(b, off + n, k);
                n += k;
                if (!head.isReadable()) {
                    chunks.poll().release();
                }
            }
            buffered -= n;
            if (paused && buffered <= MAX_BUFFERED_BYTES / 2) {
                paused = false;
                resume = true;
            }
        }
        if (resume) {
            loop.execute(pacing::resume);
        }
        return n;
    }

    @Override
    public synchronized int available() {
        return (int) Math.min(Integer.MAX_VALUE, buffered);
    }

    /** Drops what is buffered and whatever still comes. */
    @Override
    public void close() {
        boolean resume;
        synchronized (this) {
            closed = true;
            releaseAll();
            resume = paused;
            paused = false;
            notifyAll();
        }
        if (resume) {
            loop.execute(pacing::resume);
        }
    }

    private void releaseAll() {
        ByteBuf c;
        while ((c = chunks.poll()) != null) {
            c.release();
        }
        buffered = 0;
    }
}
