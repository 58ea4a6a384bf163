package io.hypha.protocol.ping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PingCodecTest {
    private static byte[] payloads(int n) {
        byte[] b = new byte[n * PingProtocol.PAYLOAD_SIZE];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7 + 1);
        }
        return b;
    }

    @Test
    void emitsWholePayloadsOnlyFedByteByByte() {
        EmbeddedChannel ch = new EmbeddedChannel(new PingCodec());
        byte[] in = payloads(2);
        for (int i = 0; i < in.length; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(in, i, 1));
            ByteBuf out = ch.readInbound();
            if ((i + 1) % PingProtocol.PAYLOAD_SIZE != 0) {
                assertNull(out, "emitted after " + (i + 1) + " bytes");
            } else {
                int start = i + 1 - PingProtocol.PAYLOAD_SIZE;
                assertEquals(Unpooled.wrappedBuffer(in, start, PingProtocol.PAYLOAD_SIZE), out);
                out.release();
            }
        }
        assertFalse(ch.finish());
    }

    @Test
    void dropsATrailingPartialPayloadAtTheEnd() {
        EmbeddedChannel ch = new EmbeddedChannel(new PingCodec());
        ch.writeInbound(Unpooled.wrappedBuffer(payloads(3), 0, 2 * PingProtocol.PAYLOAD_SIZE + 5));
        ByteBuf one = ch.readInbound();
        ByteBuf two = ch.readInbound();
        assertEquals(PingProtocol.PAYLOAD_SIZE, one.readableBytes());
        assertEquals(PingProtocol.PAYLOAD_SIZE, two.readableBytes());
        one.release();
        two.release();
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void responderEchoesInOrderAcrossSplitReads() {
        EmbeddedChannel ch = new EmbeddedChannel(new PingCodec(), new PingHandler(Duration.ofSeconds(30)));
        byte[] in = payloads(3);
        for (int i = 0; i < in.length; i += 5) {
            ch.writeInbound(Unpooled.wrappedBuffer(in, i, Math.min(5, in.length - i)));
        }
        ByteBuf echoed = Unpooled.buffer();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            echoed.writeBytes(b);
            b.release();
        }
        assertEquals(ByteBufUtil.hexDump(in), ByteBufUtil.hexDump(echoed));
        echoed.release();
        assertFalse(ch.finish());
    }
}
