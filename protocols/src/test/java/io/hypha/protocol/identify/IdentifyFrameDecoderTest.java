package io.hypha.protocol.identify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentifyFrameDecoderTest {
    private static final byte[] VECTOR = HexFormat.of().parseHex(IdentifyCodecTest.VECTOR);

    /** Runs {@code step}, which must fail the decoder; EmbeddedChannel rethrows the failure from the step. */
    private static IdentifyException failure(EmbeddedChannel ch, Runnable step) {
        DecoderException e = assertThrows(DecoderException.class, () -> {
            step.run();
            ch.checkException();
        });
        return assertInstanceOf(IdentifyException.class, e.getCause());
    }

    @Test
    void emitsNothingUntilAMessageIsCompleteFedByteByByte() {
        EmbeddedChannel ch = new EmbeddedChannel(new IdentifyFrameDecoder());
        for (int i = 0; i < VECTOR.length; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(VECTOR, i, 1));
            if (i < VECTOR.length - 1) {
                assertNull(ch.readInbound(), "emitted after " + (i + 1) + " bytes");
            }
        }
        assertEquals(IdentifyCodecTest.vectorMessage(), ch.readInbound());
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        ch.checkException();
        assertTrue(!ch.finish());
    }

    @Test
    void splitsSeveralMessagesInOneRead() {
        EmbeddedChannel ch = new EmbeddedChannel(new IdentifyFrameDecoder());
        ByteBuf two = Unpooled.buffer().writeBytes(VECTOR).writeBytes(VECTOR).writeByte(0);
        ch.writeInbound(two);
        assertEquals(IdentifyCodecTest.vectorMessage(), ch.readInbound());
        assertEquals(IdentifyCodecTest.vectorMessage(), ch.readInbound());
        assertEquals(IdentifyMessage.EMPTY, ch.readInbound());
        assertTrue(!ch.finish());
    }

    @Test
    void rejectsAnOversizedLengthBeforeItsBodyArrives() {
        EmbeddedChannel ch = new EmbeddedChannel(new IdentifyFrameDecoder());
        // 8193 = 0x2001 -> uvarint 81 40
        assertEquals(IdentifyException.Reason.TOO_LARGE,
                failure(ch, () -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x81, 0x40}))).reason());
        ch.finishAndReleaseAll();
    }

    @Test
    void rejectsAThreeByteLengthPrefix() {
        EmbeddedChannel ch = new EmbeddedChannel(new IdentifyFrameDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, (byte) 0x80}));
        assertEquals(IdentifyException.Reason.TOO_LARGE,
                failure(ch, () -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x00}))).reason());
        ch.finishAndReleaseAll();
    }

    @Test
    void acceptsTenMessagesAndRejectsTheEleventh() {
        EmbeddedChannel ch = new EmbeddedChannel(new IdentifyFrameDecoder());
        for (int i = 0; i < IdentifyProtocol.MAX_MESSAGES; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(VECTOR));
        }
        ch.checkException();
        List<Object> got = new java.util.ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            got.add(o);
        }
        assertEquals(IdentifyProtocol.MAX_MESSAGES, got.size());
        assertEquals(IdentifyException.Reason.TOO_LARGE,
                failure(ch, () -> ch.writeInbound(Unpooled.wrappedBuffer(VECTOR))).reason());
        ch.finishAndReleaseAll();
    }

    @Test
    void rejectsAStreamEndingInsideAMessage() {
        EmbeddedChannel ch = new EmbeddedChannel(new IdentifyFrameDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(VECTOR, 0, 40));
        assertEquals(IdentifyException.Reason.MALFORMED,
                failure(ch, () -> ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE)).reason());
        ch.finishAndReleaseAll();
    }

    @Test
    void rejectsAMalformedBody() {
        EmbeddedChannel ch = new EmbeddedChannel(new IdentifyFrameDecoder());
        assertEquals(IdentifyException.Reason.MALFORMED,
                failure(ch, () -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {3, 0x2a, 0x05, 'a'}))).reason());
        ch.finishAndReleaseAll();
    }
}
