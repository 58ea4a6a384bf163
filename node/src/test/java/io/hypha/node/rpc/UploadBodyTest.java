package io.hypha.node.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The upload buffer: bounded (reading pauses above its limit and resumes when drained), and failures reach the reader. */
class UploadBodyTest {
    private final EventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void aFastSenderPausesUntilTheReaderDrainsHalf() throws Exception {
        AtomicInteger pauses = new AtomicInteger();
        CountDownLatch resumed = new CountDownLatch(1);
        UploadBody body = new UploadBody(loop, new UploadBody.Pacing() {
            @Override
            public void pause() {
                pauses.incrementAndGet();
            }

            @Override
            public void resume() {
                resumed.countDown();
            }
        });
        List<ByteBuf> offered = new ArrayList<>();
        int chunk = 64 * 1024;
        for (int i = 0; i < UploadBody.MAX_BUFFERED_BYTES / chunk; i++) {
            ByteBuf b = Unpooled.wrappedBuffer(new byte[chunk]);
            offered.add(b);
            body.offer(b);
        }
        assertEquals(1, pauses.get(), "the limit reached: reading the socket pauses");
        byte[] into = new byte[chunk];
        for (int i = 0; i < UploadBody.MAX_BUFFERED_BYTES / chunk / 2; i++) {
            assertEquals(chunk, body.read(into, 0, chunk));
        }
        assertTrue(resumed.await(5, TimeUnit.SECONDS), "half drained: reading resumes");
        body.close();
        for (ByteBuf b : offered) {
            assertEquals(0, b.refCnt(), "every chunk released, read or dropped");
        }
    }

    @Test
    void bytesArriveInOrderAndTheEndIsSeen() throws Exception {
        UploadBody body = new UploadBody(loop, noPacing());
        body.offer(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        body.offer(Unpooled.wrappedBuffer(new byte[] {4}));
        body.end();
        assertArrayEquals(new byte[] {1, 2, 3, 4}, body.readAllBytes());
        assertEquals(-1, body.read());
    }

    @Test
    void aClientThatGoesAwayFailsTheReaderEvenAfterTheBodyEnded() {
        UploadBody body = new UploadBody(loop, noPacing());
        ByteBuf b = Unpooled.wrappedBuffer(new byte[10]);
        body.offer(b);
        body.end();
        body.fail(new IOException("the client went away"));
        assertThrows(IOException.class, body::readAllBytes, "a cut-off upload is never taken as complete");
        assertEquals(0, b.refCnt());
    }

    private static UploadBody.Pacing noPacing() {
        return new UploadBody.Pacing() {
            @Override
            public void pause() {}

            @Override
            public void resume() {}
        };
    }
}
