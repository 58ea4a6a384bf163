package io.hypha.muxer.yamux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamuxFrameCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The example frames of SPEC-NOTES 1.4, with the frame each must decode to. */
    private record Example(String hex, YamuxFrame frame) {}

    private static List<Example> examples() {
        return List.of(
                new Example("000100010000000100000000", new YamuxFrame.WindowUpdate(1, Flag.SYN.code(), 0)),
                new Example("000000010000000100000002" + "6869",
                        new YamuxFrame.Data(1, Flag.SYN.code(), Unpooled.copiedBuffer("hi", StandardCharsets.US_ASCII))),
                new Example("000100020000000100000000", new YamuxFrame.WindowUpdate(1, Flag.ACK.code(), 0)),
                new Example("000100000000000100100000", new YamuxFrame.WindowUpdate(1, 0, 1024 * 1024)),
                new Example("000100040000000100000000", new YamuxFrame.WindowUpdate(1, Flag.FIN.code(), 0)),
                new Example("000100080000000100000000", new YamuxFrame.WindowUpdate(1, Flag.RST.code(), 0)),
                new Example("000200010000000000000007", new YamuxFrame.Ping(Flag.SYN.code(), 7)),
                new Example("000200020000000000000007", new YamuxFrame.Ping(Flag.ACK.code(), 7)),
                new Example("000300000000000000000000", new YamuxFrame.GoAway(GoAwayCode.NORMAL)));
    }

    @Test
    void specExamplesDecodeAndEncodeByteExactly() {
        for (Example example : examples()) {
            byte[] wire = HEX.parseHex(example.hex());
            EmbeddedChannel decoder = new EmbeddedChannel(new YamuxFrameCodec());
            assertTrue(decoder.writeInbound(Unpooled.wrappedBuffer(wire)));
            YamuxFrame decoded = decoder.readInbound();
            assertFrameEquals(example.frame(), decoded, example.hex());
            assertNull(decoder.readInbound());

            EmbeddedChannel encoder = new EmbeddedChannel(new YamuxFrameCodec());
            assertTrue(encoder.writeOutbound(example.frame()));
            assertEquals(example.hex(), HEX.formatHex(drainOutbound(encoder)), example.hex());
            release(decoded);
            assertFalse(decoder.finishAndReleaseAll());
            assertFalse(encoder.finishAndReleaseAll());
        }
    }

    @Test
    void decodesFedOneByteAtATimeAndEmitsNothingBeforeAFrameCompletes() {
        byte[] wire = concatExamples();
        EmbeddedChannel channel = new EmbeddedChannel(new YamuxFrameCodec());
        int frames = 0;
        int completeAt = 0;
        List<Example> examples = examples();
        for (int i = 0; i < wire.length; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(wire, i, 1));
            Object frame = channel.readInbound();
            if (i + 1 == completeAt + examples.get(frames).hex().length() / 2) {
                assertFrameEquals(examples.get(frames).frame(), (YamuxFrame) frame, examples.get(frames).hex());
                release(frame);
                completeAt = i + 1;
                frames++;
            } else {
                assertNull(frame, "frame emitted early at byte " + i);
            }
        }
        assertEquals(examples.size(), frames);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void decodesFramesSplitAcrossReadsAtEveryBoundary() {
        byte[] wire = concatExamples();
        List<Example> examples = examples();
        for (int split = 1; split < wire.length; split++) {
            EmbeddedChannel channel = new EmbeddedChannel(new YamuxFrameCodec());
            channel.writeInbound(Unpooled.wrappedBuffer(wire, 0, split));
            channel.writeInbound(Unpooled.wrappedBuffer(wire, split, wire.length - split));
            for (Example example : examples) {
                YamuxFrame frame = channel.readInbound();
                assertFrameEquals(example.frame(), frame, "split " + split);
                release(frame);
            }
            assertNull(channel.readInbound());
            assertFalse(channel.finishAndReleaseAll());
        }
    }

    @Test
    void unsignedFieldsRoundTrip() {
        ByteBuf buf = Unpooled.buffer();
        YamuxFrame frame = new YamuxFrame.WindowUpdate(0xFFFF_FFFF, 0xFFFF, 0xFFFF_FFFFL);
        YamuxFrameCodec.encodeHeader(frame, buf);
        assertEquals("00 01 ffff ffffffff ffffffff".replace(" ", ""), ByteBufUtil.hexDump(buf));
        YamuxFrame decoded = assertDoesNotThrowDecode(buf);
        assertEquals(frame, decoded);
        assertFalse(buf.isReadable());
        buf.release();
    }

    @Test
    void badVersionIsAConnectionErrorAndLaterBytesAreDropped() {
        EmbeddedChannel channel = new EmbeddedChannel(new YamuxFrameCodec());
        DecoderException e = assertThrows(DecoderException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("010200010000000000000007"))));
        YamuxConnectionException cause = assertInstanceOf(YamuxConnectionException.class, e.getCause());
        assertEquals(GoAwayCode.PROTOCOL_ERROR, cause.code());
        channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("000200010000000000000007")));
        assertNull(channel.readInbound());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void unknownTypeAndGoAwayCodeAreConnectionErrors() {
        for (String hex : List.of("000400000000000000000000", "000300000000000000000003")) {
            ByteBuf buf = Unpooled.wrappedBuffer(HEX.parseHex(hex));
            YamuxConnectionException e = assertThrows(YamuxConnectionException.class, () -> YamuxFrameCodec.decode(buf));
            assertEquals(GoAwayCode.PROTOCOL_ERROR, e.code(), hex);
            buf.release();
        }
    }

    @Test
    void oversizedDataLengthFailsOnTheHeaderAlone() {
        ByteBuf header = Unpooled.buffer(12);
        header.writeByte(0).writeByte(0).writeShort(0).writeInt(1).writeInt(YamuxFrameCodec.MAX_DATA_LENGTH + 1);
        YamuxConnectionException e = assertThrows(YamuxConnectionException.class, () -> YamuxFrameCodec.decode(header));
        assertEquals(GoAwayCode.PROTOCOL_ERROR, e.code());
        header.release();

        ByteBuf atLimit = Unpooled.buffer(12);
        atLimit.writeByte(0).writeByte(0).writeShort(0).writeInt(1).writeInt(YamuxFrameCodec.MAX_DATA_LENGTH);
        assertNull(assertDoesNotThrowDecode(atLimit), "a frame at the limit waits for its payload");
        assertEquals(12, atLimit.readableBytes());
        atLimit.release();
    }

    @Test
    void zeroLengthDataWithFinEncodesAsHeaderOnly() {
        EmbeddedChannel channel = new EmbeddedChannel(new YamuxFrameCodec());
        channel.writeOutbound(new YamuxFrame.Data(3, Flag.FIN.code(), Unpooled.EMPTY_BUFFER));
        assertEquals("000000040000000300000000", HEX.formatHex(drainOutbound(channel)));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void enumsCarryTheirCodes() {
        for (FrameType t : FrameType.values()) {
            assertEquals(t, FrameType.fromCode(t.code()));
        }
        for (Flag f : Flag.values()) {
            assertEquals(f, Flag.fromCode(f.code()));
        }
        for (GoAwayCode c : GoAwayCode.values()) {
            assertEquals(c, GoAwayCode.fromCode(c.code()));
        }
        assertEquals(List.of(0, 1, 2, 3), List.of(FrameType.DATA.code(), FrameType.WINDOW_UPDATE.code(),
                FrameType.PING.code(), FrameType.GO_AWAY.code()));
        assertEquals(15, Flag.of(Flag.SYN, Flag.ACK, Flag.FIN, Flag.RST));
        assertThrows(IllegalArgumentException.class, () -> FrameType.fromCode(4));
        assertThrows(IllegalArgumentException.class, () -> Flag.fromCode(3));
        assertThrows(IllegalArgumentException.class, () -> GoAwayCode.fromCode(3));
    }

    private static YamuxFrame assertDoesNotThrowDecode(ByteBuf buf) {
        try {
            return YamuxFrameCodec.decode(buf);
        } catch (YamuxConnectionException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] concatExamples() {
        StringBuilder hex = new StringBuilder();
        for (Example example : examples()) {
            hex.append(example.hex());
            release(example.frame());
        }
        return HEX.parseHex(hex);
    }

    private static byte[] drainOutbound(EmbeddedChannel channel) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            all.writeBytes(b);
            b.release();
        }
        byte[] bytes = ByteBufUtil.getBytes(all);
        all.release();
        return bytes;
    }

    private static void assertFrameEquals(YamuxFrame expected, YamuxFrame actual, String what) {
        assertEquals(expected.type(), actual.type(), what);
        assertEquals(expected.flags(), actual.flags(), what);
        assertEquals(expected.streamId(), actual.streamId(), what);
        assertEquals(expected.length(), actual.length(), what);
        if (expected instanceof YamuxFrame.Data e && actual instanceof YamuxFrame.Data a) {
            assertArrayEquals(ByteBufUtil.getBytes(e.payload()), ByteBufUtil.getBytes(a.payload()), what);
        }
    }

    private static void release(Object frame) {
        if (frame instanceof YamuxFrame.Data data && data.refCnt() > 0) {
            data.release();
        }
    }
}
