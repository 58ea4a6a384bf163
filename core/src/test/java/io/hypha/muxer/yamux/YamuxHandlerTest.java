package io.hypha.muxer.yamux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.muxer.MuxerRole;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link YamuxHandler} on an {@link EmbeddedChannel}: bytes in, bytes out. */
class YamuxHandlerTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String PING_1 = "000200010000000000000001";

    /** Records what inbound streams see. */
    @ChannelHandler.Sharable
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<String> seen = new ArrayList<>();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            seen.add("active " + ((YamuxStreamChannel) ctx.channel()).streamId());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            seen.add("read " + ((ByteBuf) msg).toString(StandardCharsets.US_ASCII));
            ((ByteBuf) msg).release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownEvent.INSTANCE) {
                seen.add("fin");
                ctx.writeAndFlush(Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII));
            }
        }
    }

    private static EmbeddedChannel server(ChannelHandler inbound, FakeClock clock) {
        return new EmbeddedChannel(new YamuxFrameCodec(), new YamuxHandler(YamuxConfig.DEFAULT, MuxerRole.RESPONDER, inbound, clock));
    }

    private static String outbound(EmbeddedChannel channel) {
        StringBuilder hex = new StringBuilder();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            hex.append(ByteBufUtil.hexDump(b));
            b.release();
        }
        return hex.toString();
    }

    /** Closing the connection sends GoAway(NORMAL) first. */
    private static void closeWithGoAway(EmbeddedChannel channel) {
        channel.close();
        assertEquals("000300000000000000000000", outbound(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    private static void inbound(EmbeddedChannel channel, String hex) {
        channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex(hex)));
    }

    @Test
    void startsWithAPingAndAnswersPings() {
        EmbeddedChannel channel = server(new Recorder(), new FakeClock());
        assertEquals(PING_1, outbound(channel), "RTT ping at start");
        inbound(channel, "000200010000000000000007");
        assertEquals("000200020000000000000007", outbound(channel));
        closeWithGoAway(channel);
    }

    @Test
    void inboundStreamGetsItsOwnPipelineAndAcksWithItsFirstFrame() {
        Recorder recorder = new Recorder();
        EmbeddedChannel channel = server(recorder, new FakeClock());
        outbound(channel);
        inbound(channel, "000100010000000100000000" + "000000000000000100000002" + "6869" + "000100040000000100000000");
        assertEquals(List.of("active 1", "read hi", "fin"), recorder.seen);
        // The reply carries the ACK (first frame we send on the stream) and its payload.
        assertEquals("000000020000000100000002" + "6f6b", outbound(channel));
        closeWithGoAway(channel);
    }

    @Test
    void garbageIsAProtocolErrorClosingTheConnection() {
        EmbeddedChannel channel = server(new Recorder(), new FakeClock());
        outbound(channel);
        inbound(channel, "ff0000000000000000000000");
        assertEquals("000300000000000000000001", outbound(channel), "GoAway(PROTOCOL_ERROR)");
        assertFalse(channel.isOpen());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void windowOverflowFromThePeerIsAProtocolError() {
        ChannelInboundHandlerAdapterSharable stream = new ChannelInboundHandlerAdapterSharable();
        EmbeddedChannel channel = server(stream, new FakeClock());
        outbound(channel);
        inbound(channel, "000100010000000100000000");
        ByteBuf tooMuch = Unpooled.buffer();
        tooMuch.writeBytes(HEX.parseHex("000000000000000100040001")).writeZero(YamuxConfig.SPEC_INITIAL_WINDOW + 1);
        channel.writeInbound(tooMuch);
        assertEquals("000300000000000000000001", outbound(channel));
        assertFalse(channel.isOpen());
        assertEquals(1, stream.errors.size(), "the stream learns why it died");
        assertEquals(GoAwayCode.PROTOCOL_ERROR, ((YamuxConnectionException) stream.errors.getFirst()).code());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void unansweredPingClosesTheConnectionOnTheEventLoopTimer() {
        FakeClock clock = new FakeClock();
        EmbeddedChannel channel = server(new Recorder(), clock);
        channel.freezeTime();
        assertEquals(PING_1, outbound(channel));
        clock.advance(Duration.ofSeconds(9));
        channel.advanceTimeBy(9, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen());
        clock.advance(Duration.ofSeconds(1));
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertEquals("000300000000000000000002", outbound(channel), "GoAway(INTERNAL_ERROR)");
        assertFalse(channel.isOpen());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void keepAlivePingGoesOutOnTheTimer() {
        FakeClock clock = new FakeClock();
        EmbeddedChannel channel = server(new Recorder(), clock);
        channel.freezeTime();
        outbound(channel);
        inbound(channel, "000200020000000000000001");
        channel.runScheduledPendingTasks();
        assertNull(channel.readOutbound());
        clock.advance(Duration.ofSeconds(30));
        channel.advanceTimeBy(30, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertEquals("000200010000000000000002", outbound(channel));
        closeWithGoAway(channel);
    }

    @Test
    void inboundHandlerMustBeSharable() {
        assertThrows(IllegalArgumentException.class,
                () -> new YamuxHandler(YamuxConfig.DEFAULT, MuxerRole.RESPONDER, new ChannelInboundHandlerAdapter()));
    }

    @Test
    void muxerInstallsCodecAndHandler() {
        EmbeddedChannel channel = new EmbeddedChannel();
        YamuxHandler handler = new YamuxMuxer(YamuxConfig.DEFAULT).install(channel.pipeline(), MuxerRole.INITIATOR, new Recorder());
        assertEquals("/yamux/1.0.0", new YamuxMuxer(YamuxConfig.DEFAULT).protocolId());
        assertTrue(channel.pipeline().get(YamuxFrameCodec.class) != null);
        assertEquals(handler, channel.pipeline().get(YamuxHandler.class));
        channel.pipeline().fireChannelActive();
        assertEquals(PING_1, outbound(channel), "installed handler starts the session");
        closeWithGoAway(channel);
    }

    @ChannelHandler.Sharable
    private static final class ChannelInboundHandlerAdapterSharable extends ChannelInboundHandlerAdapter {
        final List<Throwable> errors = new ArrayList<>();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
        }
    }
}
