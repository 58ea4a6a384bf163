package io.hypha.muxer.yamux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.muxer.MuxerRole;
import io.hypha.resource.ConnectionScope;
import io.hypha.resource.Limit;
import io.hypha.resource.RateLimit;
import io.hypha.resource.ResourceLimits;
import io.hypha.resource.ResourceManager;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The attacks of the resource-limits issue against the yamux layer, each as the peer would mount it, with the
 * bound that now holds: memory pinned by small frames, windows beyond the connection's budget, windows grown
 * by a delayed RTT, stream-open and reset floods, ping floods and oversized or stray Data frames.
 */
class YamuxLimitsTest {
    private static final int SYN = Flag.SYN.code();
    private static final int RST = Flag.RST.code();
    private static final long WINDOW_COST = YamuxConfig.SPEC_INITIAL_WINDOW + YamuxConfig.RECEIVE_CHUNK;

    private final FakeClock clock = new FakeClock();
    private final RecordingOutput output = new RecordingOutput();
    private final List<YamuxFrame> frames = output.frames;
    private final List<YamuxEvent> events = output.events;

    @AfterEach
    void releaseEverything() {
        output.release();
    }

    private static ConnectionScope scope(ResourceLimits limits) throws Exception {
        return new ResourceManager(limits).openConnection(true, null);
    }

    private static ResourceLimits limits() {
        return ResourceLimits.forMemory(256L << 20);
    }

    private YamuxSession server(ConnectionScope scope) {
        YamuxSession s = new YamuxSession(YamuxConfig.DEFAULT, MuxerRole.RESPONDER, clock, output, scope);
        s.start();
        return s;
    }

    private long rsts() {
        return frames.stream().filter(f -> f instanceof YamuxFrame.WindowUpdate w && Flag.RST.in(w.flags())).count();
    }

    private boolean goneAway(GoAwayCode code) {
        return frames.stream().anyMatch(f -> f instanceof YamuxFrame.GoAway g && g.code() == code);
    }

    /** Never reads: the stream's queue keeps whatever arrives. */
    @ChannelHandler.Sharable
    private static final class Stalled extends ChannelInboundHandlerAdapter {
        final List<YamuxStreamChannel> streams = new ArrayList<>();

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.channel().config().setAutoRead(false);
            streams.add((YamuxStreamChannel) ctx.channel());
        }
    }

    /**
     * Issue finding 1: 1-byte Data frames, each in a 64 KiB buffer padded with Ping(ACK) frames, for a stream
     * that does not read. Before, each queued byte kept its whole buffer alive; now the payload is copied into
     * the stream's chunks and every input buffer is released as soon as it is decoded.
     */
    @Test
    void smallFramesDoNotPinTheBuffersTheyArriveIn() throws Exception {
        Stalled stalled = new Stalled();
        YamuxHandler handler = new YamuxHandler(YamuxConfig.DEFAULT, MuxerRole.RESPONDER, stalled, clock, scope(limits()));
        EmbeddedChannel channel = new EmbeddedChannel(new YamuxFrameCodec(handler::admitData), handler);
        channel.writeInbound(frame(1, FrameType.WINDOW_UPDATE, SYN, 0, 0));
        int buffers = 200;
        List<ByteBuf> sent = new ArrayList<>();
        for (int i = 0; i < buffers; i++) {
            ByteBuf b = Unpooled.buffer(64 * 1024);
            b.writeBytes(header(FrameType.DATA, 0, 1, 1)).writeByte('x');
            while (b.writableBytes() >= YamuxFrame.HEADER_SIZE) {
                b.writeBytes(header(FrameType.PING, Flag.ACK.code(), 0, 99)); // answers to nothing: ignored
            }
            sent.add(b);
            channel.writeInbound(b.retain());
        }
        YamuxStreamChannel stream = stalled.streams.get(0);
        assertEquals(buffers, stream.queuedBytes());
        assertTrue(stream.queuedCapacity() <= buffers + YamuxConfig.RECEIVE_CHUNK, "pinned " + stream.queuedCapacity());
        for (ByteBuf b : sent) {
            assertEquals(1, b.refCnt(), "the input buffer is held by nobody but the test");
            b.release();
        }
        drain(channel);
        channel.close();
        channel.finishAndReleaseAll();
    }

    /** Each stream window is reserved from the connection's budget; past it, new streams are refused with RST. */
    @Test
    void streamWindowsAreReservedFromTheConnectionBudget() throws Exception {
        ConnectionScope scope = scope(limits().with(Limit.MEMORY_PER_CONNECTION, 3 * WINDOW_COST));
        YamuxSession s = server(scope);
        for (int id = 1; id <= 7; id += 2) {
            s.receive(new YamuxFrame.WindowUpdate(id, SYN, 0));
        }
        assertEquals(3, s.streamCount());
        assertEquals(1, rsts(), "the fourth stream is refused");
        assertEquals(3 * WINDOW_COST, scope.memory());
        s.receive(new YamuxFrame.WindowUpdate(1, RST, 0));
        assertEquals(2 * WINDOW_COST, scope.memory(), "a reset stream returns its window");
        s.receive(new YamuxFrame.WindowUpdate(9, SYN, 0));
        assertEquals(3, s.streamCount());
        s.close();
        assertEquals(0, scope.memory());
    }

    /**
     * Issue finding 5: a peer that delays its answer to our RTT ping makes every window look slow to fill, so
     * auto-tuning would double it to 16 MiB. Growth now takes memory from the budget, which bounds it.
     */
    @Test
    void windowGrowthStaysWithinTheBudgetWhateverTheRtt() throws Exception {
        ConnectionScope scope = scope(limits().with(Limit.MEMORY_PER_CONNECTION, 1 << 20));
        YamuxSession s = server(scope);
        YamuxFrame.Ping rttPing = (YamuxFrame.Ping) frames.get(0);
        clock.advance(Duration.ofSeconds(9)); // answered late: RTT 9 s
        s.receive(new YamuxFrame.Ping(Flag.ACK.code(), rttPing.opaque()));
        assertEquals(Duration.ofSeconds(9), s.rtt().orElseThrow());
        s.receive(new YamuxFrame.WindowUpdate(1, SYN, 0));
        for (int round = 0; round < 10; round++) {
            int window = (int) s.receiveWindow(1);
            s.receive(new YamuxFrame.Data(1, 0, Unpooled.wrappedBuffer(new byte[window])));
            s.consume(1, window);
        }
        assertEquals(512 * 1024, s.maxReceiveWindow(1), "256 KiB doubled once; the next doubling does not fit 1 MiB");
        assertTrue(scope.memory() <= 1 << 20);
        s.close();
    }

    /** Issue finding 4, first half: a flood of stream opens is refused beyond the rate, then disconnected. */
    @Test
    void aFloodOfStreamOpensIsRefusedThenDisconnected() throws Exception {
        ResourceManager rm = new ResourceManager(limits().withRates(new RateLimit(10, 20), RateLimit.UNLIMITED));
        YamuxSession s = server(rm.openConnection(true, null));
        int id = 1;
        for (int i = 0; i < 20; i++, id += 2) {
            s.receive(new YamuxFrame.WindowUpdate(id, SYN, 0));
        }
        assertEquals(20, s.streamCount());
        assertEquals(0, rsts());
        for (int i = 0; i < 20; i++, id += 2) {
            s.receive(new YamuxFrame.WindowUpdate(id, SYN, 0));
        }
        assertEquals(20, rsts(), "over the rate: refused");
        assertFalse(s.isClosed(), "twenty strikes are not yet a flood");
        s.receive(new YamuxFrame.WindowUpdate(id, SYN, 0));
        assertTrue(s.isClosed());
        assertTrue(goneAway(GoAwayCode.PROTOCOL_ERROR));
        assertEquals(1, rm.stats().refusals(Limit.STREAM_OPEN_RATE));
        YamuxEvent.SessionClosed closed = (YamuxEvent.SessionClosed) events.get(events.size() - 1);
        assertTrue(closed.cause().getMessage().contains("STREAM_OPEN_RATE"), closed.cause().getMessage());
    }

    /** Issue finding 4, second half: "rapid reset" (SYN then RST at once) is disconnected by the reset rate. */
    @Test
    void rapidResetIsDisconnected() throws Exception {
        ResourceManager rm = new ResourceManager(limits().withRates(RateLimit.UNLIMITED, new RateLimit(10, 20)));
        YamuxSession s = server(rm.openConnection(true, null));
        int pairs = 0;
        for (int id = 1; !s.isClosed() && pairs < 1000; id += 2, pairs++) {
            s.receive(new YamuxFrame.WindowUpdate(id, SYN, 0));
            s.receive(new YamuxFrame.WindowUpdate(id, RST, 0));
        }
        assertEquals(20 + 21, pairs, "a burst of resets, then strikes past the burst");
        assertTrue(goneAway(GoAwayCode.PROTOCOL_ERROR));
        assertEquals(1, rm.stats().refusals(Limit.STREAM_RESET_RATE));
        assertEquals(0, rm.stats().streamsInbound());
    }

    /**
     * Issue finding 2: ping answers waiting in the output are capped until it drains, whether the pings come in one
     * burst or over time from a peer that does not read; a flood ends the session.
     */
    @Test
    void pingAnswersWaitingForTheOutputToDrainAreCapped() throws Exception {
        YamuxSession s = server(scope(limits()));
        frames.clear();
        for (int batch = 0; batch < 100; batch++) {
            for (int i = 0; i < 10; i++) {
                s.receive(new YamuxFrame.Ping(SYN, i));
            }
            s.outputDrained();
        }
        assertEquals(1000, frames.size(), "a peer pinging at a sane pace gets every answer");
        assertFalse(s.isClosed());
        for (int i = 0; i < YamuxSession.MAX_QUEUED_PONGS; i++) {
            s.receive(new YamuxFrame.Ping(SYN, i));
        }
        assertFalse(s.isClosed());
        s.receive(new YamuxFrame.Ping(SYN, 65));
        assertTrue(s.isClosed());
        assertTrue(goneAway(GoAwayCode.PROTOCOL_ERROR));
    }

    /**
     * Issue finding 2, paced: a peer that pings and does not read its socket. While the output drains every ping
     * is answered; once it is backed up, one answer waiting is the ping a peer keeps in flight and reading goes
     * on (two peers writing bulk data to each other must both keep reading), a second one stops reading until
     * the output drains, and a burst past the cap ends the session.
     */
    @Test
    void pingsBehindABackedUpOutputStopReadingThenEndTheSession() throws Exception {
        YamuxHandler handler = new YamuxHandler(YamuxConfig.DEFAULT, MuxerRole.RESPONDER, new Stalled(), clock, scope(limits()));
        EmbeddedChannel channel = new EmbeddedChannel(new YamuxFrameCodec(handler::admitData), handler);
        drain(channel);
        for (int read = 0; read < 20; read++) {
            channel.writeInbound(Unpooled.wrappedBuffer(pings(8)));
        }
        assertTrue(channel.config().isAutoRead());
        assertEquals(20 * 8 * 24, drain(channel).length(), "every ping answered while the output drains");
        // the peer stops reading: our output stays backed up
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        channel.runPendingTasks();
        channel.writeInbound(Unpooled.wrappedBuffer(pings(1)));
        assertTrue(channel.config().isAutoRead(), "one ping in flight is normal");
        channel.writeInbound(Unpooled.wrappedBuffer(pings(1)));
        assertFalse(channel.config().isAutoRead(), "a second answer waiting: reading stops");
        // the output drains: reading resumes, answers count from zero
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        channel.runPendingTasks();
        assertTrue(channel.config().isAutoRead());
        drain(channel);
        // a burst in one read, output backed up: a flood
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        channel.runPendingTasks();
        channel.writeInbound(Unpooled.wrappedBuffer(pings(YamuxSession.MAX_QUEUED_PONGS + 1)));
        assertTrue(drain(channel).endsWith("000300000000000000000001"), "GoAway(PROTOCOL_ERROR)");
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    private static byte[] pings(int n) {
        ByteBuf b = Unpooled.buffer();
        for (int i = 0; i < n; i++) {
            b.writeBytes(header(FrameType.PING, SYN, 0, i));
        }
        return ByteBufUtil.getBytes(b);
    }

    /** A Data header larger than the window is a protocol error before any of its payload is buffered. */
    @Test
    void anOversizedDataFrameIsRefusedFromItsHeader() throws Exception {
        YamuxHandler handler = new YamuxHandler(YamuxConfig.DEFAULT, MuxerRole.RESPONDER, new Stalled(), clock, scope(limits()));
        EmbeddedChannel channel = new EmbeddedChannel(new YamuxFrameCodec(handler::admitData), handler);
        drain(channel);
        channel.writeInbound(frame(1, FrameType.WINDOW_UPDATE, SYN, 0, 0));
        channel.writeInbound(Unpooled.wrappedBuffer(header(FrameType.DATA, 0, 1, 8 << 20))); // no payload yet
        assertTrue(drain(channel).endsWith("000300000000000000000001"), "GoAway(PROTOCOL_ERROR) at once");
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    /** The payload of a frame for an unknown stream is skipped as it arrives, not collected. */
    @Test
    void strayDataIsSkippedNotBuffered() throws Exception {
        YamuxHandler handler = new YamuxHandler(YamuxConfig.DEFAULT, MuxerRole.RESPONDER, new Stalled(), clock, scope(limits()));
        EmbeddedChannel channel = new EmbeddedChannel(new YamuxFrameCodec(handler::admitData), handler);
        drain(channel);
        channel.writeInbound(Unpooled.wrappedBuffer(header(FrameType.DATA, 0, 41, 100_000)));
        for (int i = 0; i < 10; i++) {
            ByteBuf piece = Unpooled.buffer(10_000).writeZero(10_000);
            channel.writeInbound(piece.retain());
            assertEquals(1, piece.refCnt(), "skipped, not kept");
            piece.release();
        }
        channel.writeInbound(Unpooled.wrappedBuffer(header(FrameType.PING, SYN, 0, 5)));
        assertEquals("000200020000000000000005", drain(channel), "the frame after the skipped payload is read");
        assertTrue(channel.isOpen());
        channel.close();
        channel.finishAndReleaseAll();
    }

    private static byte[] header(FrameType type, int flags, int streamId, long length) {
        ByteBuf b = Unpooled.buffer(YamuxFrame.HEADER_SIZE);
        b.writeByte(0).writeByte(type.code()).writeShort(flags).writeInt(streamId).writeInt((int) length);
        return ByteBufUtil.getBytes(b);
    }

    private static ByteBuf frame(int streamId, FrameType type, int flags, long length, int payload) {
        ByteBuf b = Unpooled.buffer();
        b.writeBytes(header(type, flags, streamId, length)).writeZero(payload);
        return b;
    }

    private static String drain(EmbeddedChannel channel) {
        StringBuilder hex = new StringBuilder();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            assertInstanceOf(ByteBuf.class, o);
            hex.append(ByteBufUtil.hexDump((ByteBuf) o));
            ReferenceCountUtil.release(o);
        }
        assertNotNull(hex);
        return hex.toString();
    }
}
