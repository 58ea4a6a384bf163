package io.hypha.security.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NoiseTransportCodecTest {
    private EmbeddedChannel sender;
    private EmbeddedChannel receiver;

    @BeforeEach
    void setUp() throws NoiseException {
        HandshakeState[] pair = HandshakeStateTest.handshake();
        sender = new EmbeddedChannel(new NoiseTransportEncoder(pair[0].sendCipher()));
        receiver = new EmbeddedChannel(new NoiseTransportDecoder(pair[1].receiveCipher()));
    }

    @AfterEach
    void tearDown() {
        sender.finishAndReleaseAll();
        receiver.finishAndReleaseAll();
    }

    @Test
    void splitsOneMebibyteIntoMaximalFrames() {
        byte[] data = random(1 << 20, 1);
        ChannelFuture write = sender.writeAndFlush(Unpooled.wrappedBuffer(data));
        assertTrue(write.isSuccess());
        List<ByteBuf> frames = drainOutbound(sender);
        int expectedFrames = (data.length + NoiseProtocol.MAX_PLAINTEXT_LENGTH - 1) / NoiseProtocol.MAX_PLAINTEXT_LENGTH;
        assertEquals(expectedFrames, frames.size());
        for (int i = 0; i < frames.size(); i++) {
            ByteBuf frame = frames.get(i);
            int length = frame.getUnsignedShort(0);
            assertEquals(frame.readableBytes() - NoiseProtocol.LENGTH_PREFIX_BYTES, length);
            if (i < frames.size() - 1) {
                assertEquals(NoiseProtocol.MAX_MESSAGE_LENGTH, length);
            }
            receiver.writeInbound(frame);
        }
        assertEquals(frames.size(), receiver.inboundMessages().size());
        assertArrayEqualsAndRelease(data, receiver);
    }

    @Test
    void decodesInputFedOneByteAtATimeAndInOddSplits() {
        byte[] data = random(3 * NoiseProtocol.MAX_PLAINTEXT_LENGTH + 5, 2);
        sender.writeAndFlush(Unpooled.wrappedBuffer(data));
        ByteBuf wire = concat(drainOutbound(sender));
        // the first frame, one byte at a time: nothing is emitted before its last byte
        int firstFrame = NoiseProtocol.LENGTH_PREFIX_BYTES + NoiseProtocol.MAX_MESSAGE_LENGTH;
        for (int i = 0; i < firstFrame; i++) {
            receiver.writeInbound(wire.readRetainedSlice(1));
            assertEquals(i == firstFrame - 1 ? 1 : 0, receiver.inboundMessages().size(), "after byte " + i);
        }
        Random random = new Random(3);
        while (wire.isReadable()) {
            receiver.writeInbound(wire.readRetainedSlice(Math.min(wire.readableBytes(), 1 + random.nextInt(70_000))));
        }
        wire.release();
        assertArrayEqualsAndRelease(data, receiver);
    }

    @Test
    void encryptsCompositeBuffersAndKeepsWritesInOrder() {
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        byte[] a = random(40_000, 4);
        byte[] b = random(40_000, 5);
        composite.addComponents(true, Unpooled.wrappedBuffer(a), Unpooled.directBuffer().writeBytes(b));
        sender.write(composite);
        sender.write(Unpooled.EMPTY_BUFFER);
        sender.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {42}));
        for (ByteBuf frame : drainOutbound(sender)) {
            receiver.writeInbound(frame);
        }
        byte[] expected = new byte[a.length + b.length + 1];
        System.arraycopy(a, 0, expected, 0, a.length);
        System.arraycopy(b, 0, expected, a.length, b.length);
        expected[expected.length - 1] = 42;
        assertArrayEqualsAndRelease(expected, receiver);
    }

    @Test
    void forgedFrameClosesTheChannelWithTheReason() {
        sender.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        ByteBuf frame = sender.readOutbound();
        frame.setByte(frame.writerIndex() - 1, frame.getByte(frame.writerIndex() - 1) ^ 1);
        // EmbeddedChannel hands an exception that reached the pipeline's tail to the write's future
        ChannelFuture read = receiver.writeOneInbound(frame);
        assertFalse(receiver.isOpen());
        NoiseException e = assertInstanceOf(NoiseException.class, read.cause());
        assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
        assertNull(receiver.readInbound());
    }

    @Test
    void frameShorterThanATagClosesTheChannel() {
        ChannelFuture read = receiver.writeOneInbound(Unpooled.wrappedBuffer(new byte[] {0, 15, 1, 2}));
        assertFalse(receiver.isOpen());
        NoiseException e = assertInstanceOf(NoiseException.class, read.cause());
        assertTrue(e.getMessage().contains("shorter than the 16-byte tag"), e.getMessage());
    }

    @Test
    void truncatedFrameAtCloseIsReported() {
        sender.writeAndFlush(Unpooled.wrappedBuffer(new byte[100]));
        ByteBuf frame = sender.readOutbound();
        receiver.writeInbound(frame.retainedSlice(0, 50));
        frame.release();
        assertNull(receiver.readInbound());
        receiver.close();
        NoiseException e = assertThrows(NoiseException.class, receiver::checkException);
        assertTrue(e.getMessage().contains("50 bytes of 118"), e.getMessage());
    }

    @Test
    void refusesNonBufferWrites() {
        ChannelFuture write = sender.writeAndFlush("plaintext");
        assertInstanceOf(IllegalArgumentException.class, write.cause());
        assertNull(sender.readOutbound());
    }

    static List<ByteBuf> drainOutbound(EmbeddedChannel channel) {
        List<ByteBuf> out = new ArrayList<>();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) o;
            if (buf.isReadable()) {
                out.add(buf);
            } else {
                buf.release();
            }
        }
        return out;
    }

    static ByteBuf concat(List<ByteBuf> buffers) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b : buffers) {
            all.writeBytes(b);
            b.release();
        }
        return all;
    }

    static void assertArrayEqualsAndRelease(byte[] expected, EmbeddedChannel channel) {
        ByteBuf all = Unpooled.buffer(expected.length);
        for (Object o; (o = channel.readInbound()) != null; ) {
            ByteBuf buf = (ByteBuf) o;
            all.writeBytes(buf);
            buf.release();
        }
        try {
            assertEquals(expected.length, all.readableBytes());
            assertTrue(ByteBufUtil.equals(Unpooled.wrappedBuffer(expected), all), "received bytes differ");
        } finally {
            all.release();
        }
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
