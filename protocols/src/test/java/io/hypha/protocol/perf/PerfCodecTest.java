package io.hypha.protocol.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PerfCodecTest {
    @Test
    void headerIsAnEightByteBigEndianU64() {
        ByteBuf h = PerfCodec.header(0x0102030405060708L);
        assertEquals("0102030405060708", ByteBufUtil.hexDump(h));
        h.release();
        assertEquals(0x0102030405060708L, PerfCodec.decodeHeader(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        assertTrue(PerfCodec.decodeHeader(new byte[] {(byte) 0x80, 0, 0, 0, 0, 0, 0, 0}) < 0);
    }

    @Test
    void serverReadsTheHeaderByteByByteDrainsThenSendsWhatWasAsked() {
        AtomicLong drained = new AtomicLong(-1);
        EmbeddedChannel ch = new EmbeddedChannel(new PerfHandler.Server(PerfConfig.defaults(), drained::set));
        long asked = 3 * PerfConfig.DEFAULT_WRITE_CHUNK + 17;
        byte[] header = {0, 0, 0, 0, 0, 0, 0, 0};
        ByteBuf h = PerfCodec.header(asked);
        h.readBytes(header);
        h.release();
        byte[] upload = new byte[1000];
        byte[] request = new byte[header.length + upload.length];
        System.arraycopy(header, 0, request, 0, header.length);
        for (int i = 0; i < request.length; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(request, i, 1));
        }
        assertNull(ch.readOutbound(), "the server must not send before the upload ends");
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertEquals(upload.length, drained.get());
        long sent = 0;
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            assertTrue(b.readableBytes() <= PerfConfig.DEFAULT_WRITE_CHUNK);
            sent += b.readableBytes();
            b.release();
        }
        assertEquals(asked, sent);
        assertFalse(ch.isOpen(), "the server closes after sending");
        assertFalse(ch.finish());
    }

    @Test
    void serverResetsAStreamEndingInsideTheHeader() {
        AtomicLong drained = new AtomicLong(-1);
        EmbeddedChannel ch = new EmbeddedChannel(new PerfHandler.Server(PerfConfig.defaults(), drained::set));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0}));
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertFalse(ch.isOpen());
        assertEquals(-1, drained.get());
        assertNull(ch.readOutbound());
        assertFalse(ch.finish());
    }

    @Test
    void serverRefusesARequestOverItsMaximum() {
        EmbeddedChannel ch = new EmbeddedChannel(new PerfHandler.Server(new PerfConfig(1024, 10), n -> { }));
        ByteBuf h = PerfCodec.header(11);
        ch.writeInbound(h);
        assertFalse(ch.isOpen());
        assertNull(ch.readOutbound());
        assertFalse(ch.finish());
    }

    @Test
    void clientSendsHeaderAndUploadThenCountsTheDownload() throws Exception {
        PerfHandler.Client client = new PerfHandler.Client(java.time.Clock.systemUTC(), java.time.Instant.now(),
                100_000, 5_000, PerfConfig.DEFAULT_WRITE_CHUNK);
        EmbeddedChannel ch = new EmbeddedChannel(client);
        ByteBuf header = ch.readOutbound();
        assertEquals(5_000, header.readLong());
        header.release();
        long up = 0;
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            up += b.readableBytes();
            b.release();
        }
        assertEquals(100_000, up);
        // EmbeddedChannel cannot half-close, so the upload's end closed it: a run whose stream closes before
        // the download fails
        java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> client.result().get());
        org.junit.jupiter.api.Assertions.assertInstanceOf(PerfException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("closed after 0 of 5000"), e.getCause().getMessage());
        assertFalse(ch.finishAndReleaseAll());
    }
}
