package io.hypha.muxer.yamux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.muxer.MuxerRole;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class YamuxSessionTest {
    private static final int KIB = 1024;
    private static final int WINDOW = YamuxConfig.SPEC_INITIAL_WINDOW;
    private static final int SYN = Flag.SYN.code();
    private static final int ACK = Flag.ACK.code();
    private static final int FIN = Flag.FIN.code();
    private static final int RST = Flag.RST.code();

    private final FakeClock clock = new FakeClock();
    private final RecordingOutput output = new RecordingOutput();
    private final List<YamuxFrame> frames = output.frames;
    private final List<YamuxEvent> events = output.events;

    @AfterEach
    void releaseEverything() {
        output.release();
    }

    private YamuxSession client() {
        return new YamuxSession(YamuxConfig.DEFAULT, MuxerRole.INITIATOR, clock, output);
    }

    private YamuxSession server() {
        return server(YamuxConfig.DEFAULT);
    }

    private YamuxSession server(YamuxConfig config) {
        return new YamuxSession(config, MuxerRole.RESPONDER, clock, output);
    }

    private static ByteBuf bytes(int n) {
        return Unpooled.buffer(n).writeZero(n);
    }

    private static YamuxFrame.Data data(int id, int flags, int n) {
        return new YamuxFrame.Data(id, flags, bytes(n));
    }

    private YamuxFrame lastFrame() {
        return frames.getLast();
    }

    private YamuxEvent lastEvent() {
        return events.getLast();
    }

    private void assertClosedWith(GoAwayCode code) {
        assertEquals(new YamuxFrame.GoAway(code), lastFrame());
        YamuxEvent.SessionClosed closed = assertInstanceOf(YamuxEvent.SessionClosed.class, lastEvent());
        assertEquals(code, closed.cause().code());
    }

    private void receiveAll(YamuxSession s, int id, int total) {
        for (int sent = 0; sent < total; sent += 64 * KIB) {
            s.receive(data(id, 0, Math.min(64 * KIB, total - sent)));
        }
    }

    // ----------------------------------------------------------------------------------------------- opening

    @Test
    void clientOpensOddIdsWithWindowUpdateSynAndServerEvenIds() throws Exception {
        YamuxSession client = client();
        assertEquals(1, client.open());
        assertEquals(3, client.open());
        assertEquals(List.of(new YamuxFrame.WindowUpdate(1, SYN, 0), new YamuxFrame.WindowUpdate(3, SYN, 0)), frames);
        YamuxSession server = server();
        assertEquals(2, server.open());
        assertEquals(4, server.open());
    }

    @Test
    void largerInitialWindowIsGrantedInTheSyn() throws Exception {
        YamuxSession client = new YamuxSession(YamuxConfig.DEFAULT.withInitialStreamWindow(1024 * KIB),
                MuxerRole.INITIATOR, clock, output);
        int id = client.open();
        assertEquals(new YamuxFrame.WindowUpdate(id, SYN, 768 * KIB), lastFrame());
        assertEquals(1024 * KIB, client.receiveWindow(id));
    }

    @Test
    void windowUpdateSynWithZeroDeltaOpensAStreamAndTheFirstFrameWeSendAcksIt() {
        YamuxSession server = server();
        server.receive(new YamuxFrame.WindowUpdate(1, SYN, 0));
        assertEquals(List.of(new YamuxEvent.StreamOpened(1)), events);
        assertTrue(frames.isEmpty(), "no implicit ACK (spec, ACK backlog)");
        server.write(1, bytes(3));
        server.write(1, bytes(3));
        assertEquals(ACK, frames.get(0).flags());
        assertEquals(0, frames.get(1).flags());
    }

    @Test
    void dataSynOpensAStreamAndDeliversThePayload() {
        YamuxSession server = server();
        server.receive(new YamuxFrame.Data(1, SYN, Unpooled.wrappedBuffer(new byte[] {'h', 'i'})));
        assertEquals(new YamuxEvent.StreamOpened(1), events.get(0));
        YamuxEvent.DataReceived received = assertInstanceOf(YamuxEvent.DataReceived.class, events.get(1));
        assertEquals(2, received.data().readableBytes());
        assertEquals(WINDOW - 2, server.receiveWindow(1));
    }

    @Test
    void ackOfOurStreamIsReported() throws Exception {
        YamuxSession client = client();
        int id = client.open();
        client.receive(new YamuxFrame.WindowUpdate(id, ACK, 0));
        assertEquals(List.of(new YamuxEvent.StreamAcknowledged(id)), events);
    }

    @Test
    void rstRejectsOurStream() throws Exception {
        YamuxSession client = client();
        int id = client.open();
        client.receive(new YamuxFrame.WindowUpdate(id, RST, 0));
        assertEquals(List.of(new YamuxEvent.StreamReset(id, true)), events);
        assertFalse(client.isLive(id));
        assertEquals(0, client.streamCount());
    }

    @Test
    void synWithOurParityIsAProtocolError() {
        YamuxSession server = server();
        server.receive(new YamuxFrame.WindowUpdate(2, SYN, 0));
        assertClosedWith(GoAwayCode.PROTOCOL_ERROR);
        assertTrue(server.isClosed());
    }

    @Test
    void synOnStreamZeroIsAProtocolError() {
        YamuxSession client = client();
        client.receive(new YamuxFrame.WindowUpdate(0, SYN, 0));
        assertClosedWith(GoAwayCode.PROTOCOL_ERROR);
    }

    @Test
    void duplicateSynIsAProtocolError() {
        YamuxSession server = server();
        server.receive(new YamuxFrame.WindowUpdate(1, SYN, 0));
        YamuxFrame.Data dup = data(1, SYN, 5);
        server.receive(dup);
        assertEquals(0, dup.refCnt(), "payload released");
        assertClosedWith(GoAwayCode.PROTOCOL_ERROR);
    }

    @Test
    void framesForUnknownStreamsAreIgnoredAndReleased() {
        YamuxSession server = server();
        YamuxFrame.Data stray = data(7, 0, 10);
        server.receive(stray);
        server.receive(new YamuxFrame.WindowUpdate(9, FIN, 100));
        assertEquals(0, stray.refCnt());
        assertTrue(frames.isEmpty());
        assertTrue(events.isEmpty());
        assertFalse(server.isClosed());
    }

    // ----------------------------------------------------------------------------------------------- flow control

    @Test
    void senderNeverExceedsThePeersWindow() throws Exception {
        YamuxSession client = client();
        int id = client.open();
        assertEquals(WINDOW, client.sendWindow(id));
        for (int i = 0; i < 4; i++) {
            client.write(id, bytes(64 * KIB));
        }
        assertEquals(0, client.sendWindow(id));
        ByteBuf extra = bytes(1);
        assertThrows(IllegalStateException.class, () -> client.write(id, extra));
        assertEquals(0, extra.refCnt(), "ownership moved even on refusal");
        client.receive(new YamuxFrame.WindowUpdate(id, 0, 1000));
        assertEquals(new YamuxEvent.WindowUpdated(id, 1000), lastEvent());
        client.write(id, bytes(1000));
        assertEquals(0, client.sendWindow(id));
    }

    @Test
    void aFrameLargerThanMaxFrameSizeIsRefused() throws Exception {
        YamuxSession client = client();
        int id = client.open();
        assertThrows(IllegalStateException.class, () -> client.write(id, bytes(64 * KIB + 1)));
    }

    @Test
    void receivingMoreThanTheWindowIsAProtocolError() {
        YamuxSession server = server();
        server.receive(new YamuxFrame.WindowUpdate(1, SYN, 0));
        receiveAll(server, 1, WINDOW);
        assertEquals(0, server.receiveWindow(1));
        YamuxFrame.Data over = data(1, 0, 1);
        server.receive(over);
        assertEquals(0, over.refCnt());
        assertClosedWith(GoAwayCode.PROTOCOL_ERROR);
    }

    @Test
    void windowIsReturnedOnConsumptionNotOnReceiptOnceHalfIsConsumed() {
        YamuxSession server = server();
        server.receive(new YamuxFrame.WindowUpdate(1, SYN, 0));
        receiveAll(server, 1, WINDOW);
        assertTrue(frames.isEmpty(), "nothing returned on receipt");
        server.consume(1, WINDOW / 2 - 1);
        assertTrue(frames.isEmpty(), "less than half consumed");
        server.consume(1, 1);
        assertEquals(new YamuxFrame.WindowUpdate(1, ACK, WINDOW / 2), lastFrame());
        assertEquals(WINDOW / 2, server.receiveWindow(1));
        assertEquals(WINDOW, server.maxReceiveWindow(1), "no RTT measured yet: no auto-tuning");
    }

    @Test
    void windowDoublesWhenConsumedWithinFourRttsUpToTheMaximum() throws Exception {
        YamuxSession client = client();
        client.start();
        YamuxFrame.Ping ping = assertInstanceOf(YamuxFrame.Ping.class, lastFrame());
        clock.advance(Duration.ofMillis(10));
        client.receive(new YamuxFrame.Ping(ACK, ping.opaque()));
        assertEquals(Duration.ofMillis(10), client.rtt().orElseThrow());

        int id = client.open();
        long max = WINDOW;
        while (max < YamuxConfig.MAX_STREAM_WINDOW_LIMIT) {
            long window = client.receiveWindow(id);
            receiveAll(client, id, (int) window);
            clock.advance(Duration.ofMillis(39));
            client.consume(id, (int) window);
            long grown = Math.min(max * 2, YamuxConfig.MAX_STREAM_WINDOW_LIMIT);
            assertEquals(grown, client.maxReceiveWindow(id));
            assertEquals(new YamuxFrame.WindowUpdate(id, 0, grown), lastFrame(), "all credit returned plus growth");
            max = grown;
        }
        receiveAll(client, id, (int) max);
        client.consume(id, (int) max);
        assertEquals(YamuxConfig.MAX_STREAM_WINDOW_LIMIT, client.maxReceiveWindow(id), "capped");

        receiveAll(client, id, (int) max);
        clock.advance(Duration.ofMillis(40));
        client.consume(id, (int) max);
        assertEquals(YamuxConfig.MAX_STREAM_WINDOW_LIMIT, client.receiveWindow(id));
    }

    @Test
    void windowStaysWhenConsumedSlowly() throws Exception {
        YamuxSession client = client();
        client.start();
        YamuxFrame.Ping ping = (YamuxFrame.Ping) lastFrame();
        clock.advance(Duration.ofMillis(10));
        client.receive(new YamuxFrame.Ping(ACK, ping.opaque()));
        int id = client.open();
        receiveAll(client, id, WINDOW);
        clock.advance(Duration.ofMillis(40));
        client.consume(id, WINDOW);
        assertEquals(WINDOW, client.maxReceiveWindow(id));
        assertEquals(new YamuxFrame.WindowUpdate(id, 0, WINDOW), lastFrame());
    }

    // ----------------------------------------------------------------------------------------------- closing

    @Test
    void halfCloseBothWaysClosesTheStream() throws Exception {
        YamuxSession client = client();
        int id = client.open();
        client.closeWrite(id);
        assertEquals(new YamuxFrame.WindowUpdate(id, FIN, 0), lastFrame());
        assertEquals(-1, client.sendWindow(id), "write side closed");
        assertThrows(IllegalStateException.class, () -> client.write(id, bytes(1)));
        client.receive(data(id, 0, 5));
        assertInstanceOf(YamuxEvent.DataReceived.class, lastEvent(), "read side still open");
        client.receive(new YamuxFrame.WindowUpdate(id, ACK | FIN, 0));
        assertEquals(new YamuxEvent.RemoteClosed(id), lastEvent());
        assertEquals(0, client.streamCount());
    }

    @Test
    void remoteFinFirstLeavesOurSideWritable() {
        YamuxSession server = server();
        server.receive(new YamuxFrame.Data(1, SYN | FIN, Unpooled.wrappedBuffer(new byte[] {1})));
        assertEquals(new YamuxEvent.RemoteClosed(1), lastEvent());
        assertInstanceOf(YamuxEvent.DataReceived.class, events.get(1), "data before FIN");
        server.write(1, bytes(10));
        assertEquals(1, server.streamCount());
        server.closeWrite(1);
        assertEquals(new YamuxFrame.WindowUpdate(1, FIN, 0), lastFrame());
        assertEquals(0, server.streamCount());
    }

    @Test
    void dataAfterFinResetsTheStream() {
        YamuxSession server = server();
        server.receive(new YamuxFrame.WindowUpdate(1, SYN | FIN, 0));
        YamuxFrame.Data late = data(1, 0, 4);
        server.receive(late);
        assertEquals(0, late.refCnt());
        assertEquals(new YamuxFrame.WindowUpdate(1, RST, 0), lastFrame());
        assertEquals(new YamuxEvent.StreamReset(1, false), lastEvent());
        assertFalse(server.isClosed(), "a stream error, not a connection error");
    }

    @Test
    void resetSendsRstAndLaterFramesAreIgnored() throws Exception {
        YamuxSession client = client();
        int id = client.open();
        client.reset(id);
        assertEquals(new YamuxFrame.WindowUpdate(id, RST, 0), lastFrame());
        YamuxFrame.Data late = data(id, 0, 4);
        client.receive(late);
        assertEquals(0, late.refCnt());
        assertTrue(events.isEmpty());
    }

    @Test
    void closeSendsFinAndDropsTheReadSide() {
        YamuxSession server = server();
        server.receive(new YamuxFrame.WindowUpdate(1, SYN, 0));
        server.close(1);
        assertEquals(new YamuxFrame.WindowUpdate(1, ACK | FIN, 0), lastFrame());
        assertEquals(0, server.streamCount());
        YamuxFrame.Data late = data(1, 0, 4);
        server.receive(late);
        assertEquals(0, late.refCnt());
    }

    // ----------------------------------------------------------------------------------------------- ping

    @Test
    void everyPingIsAnsweredWithTheSameOpaque() {
        YamuxSession server = server();
        server.receive(new YamuxFrame.Ping(SYN, 7));
        server.receive(new YamuxFrame.Ping(SYN, 0xFFFF_FFFFL));
        assertEquals(List.of(new YamuxFrame.Ping(ACK, 7), new YamuxFrame.Ping(ACK, 0xFFFF_FFFFL)), frames);
    }

    @Test
    void keepAlivePingsAtTheIntervalAndClosesWhenUnanswered() {
        YamuxSession client = client();
        client.start();
        YamuxFrame.Ping first = assertInstanceOf(YamuxFrame.Ping.class, lastFrame());
        client.receive(new YamuxFrame.Ping(ACK, first.opaque()));
        assertEquals(clock.instant().plus(YamuxConfig.DEFAULT_KEEP_ALIVE_INTERVAL), client.nextDeadline().orElseThrow());

        clock.advance(Duration.ofSeconds(29));
        client.tick(clock.instant());
        assertEquals(1, frames.size());
        clock.advance(Duration.ofSeconds(1));
        client.tick(clock.instant());
        YamuxFrame.Ping second = assertInstanceOf(YamuxFrame.Ping.class, lastFrame());
        assertEquals(SYN, second.flags());
        assertTrue(second.opaque() != first.opaque());
        assertEquals(clock.instant().plus(YamuxConfig.DEFAULT_KEEP_ALIVE_TIMEOUT), client.nextDeadline().orElseThrow());

        clock.advance(Duration.ofSeconds(9));
        client.tick(clock.instant());
        client.receive(new YamuxFrame.Ping(ACK, second.opaque()));
        assertFalse(client.isClosed());

        clock.advance(Duration.ofSeconds(21));
        client.tick(clock.instant());
        assertInstanceOf(YamuxFrame.Ping.class, lastFrame());
        client.receive(new YamuxFrame.Ping(ACK, 12345));
        clock.advance(Duration.ofSeconds(10));
        client.tick(clock.instant());
        assertClosedWith(GoAwayCode.INTERNAL_ERROR);
        assertTrue(client.nextDeadline().isEmpty());
    }

    // ----------------------------------------------------------------------------------------------- GoAway

    @Test
    void goAwayReceivedStopsNewStreamsButExistingOnesFinish() throws Exception {
        YamuxSession client = client();
        int id = client.open();
        client.receive(new YamuxFrame.GoAway(GoAwayCode.NORMAL));
        assertEquals(new YamuxEvent.GoAwayReceived(GoAwayCode.NORMAL), lastEvent());
        YamuxStreamException refused = assertThrows(YamuxStreamException.class, client::open);
        assertEquals(YamuxStreamException.Reason.REFUSED, refused.reason());
        client.write(id, bytes(10));
        client.receive(data(id, 0, 10));
        assertInstanceOf(YamuxEvent.DataReceived.class, lastEvent());
        assertFalse(client.isClosed());
    }

    @Test
    void goAwayWithAnErrorCodeClosesTheSession() {
        YamuxSession client = client();
        client.receive(new YamuxFrame.GoAway(GoAwayCode.PROTOCOL_ERROR));
        YamuxEvent.SessionClosed closed = assertInstanceOf(YamuxEvent.SessionClosed.class, lastEvent());
        assertEquals(GoAwayCode.PROTOCOL_ERROR, closed.cause().code());
        assertThrows(YamuxConnectionException.class, client::open);
    }

    @Test
    void goAwaySentRefusesInboundStreamsButExistingOnesFinish() throws Exception {
        YamuxSession server = server();
        server.receive(new YamuxFrame.WindowUpdate(1, SYN, 0));
        server.goAway();
        assertEquals(new YamuxFrame.GoAway(GoAwayCode.NORMAL), lastFrame());
        server.receive(new YamuxFrame.WindowUpdate(3, SYN, 0));
        assertEquals(new YamuxFrame.WindowUpdate(3, RST, 0), lastFrame());
        assertThrows(YamuxStreamException.class, server::open);
        server.write(1, bytes(1));
        assertEquals(1, server.streamCount());
    }

    @Test
    void closeSendsGoAwayOnceAndReleasesLaterInput() {
        YamuxSession server = server();
        server.receive(new YamuxFrame.WindowUpdate(1, SYN, 0));
        server.close();
        server.close();
        assertEquals(List.of(new YamuxFrame.GoAway(GoAwayCode.NORMAL)), frames);
        assertClosedWith(GoAwayCode.NORMAL);
        assertEquals(0, server.streamCount());
        YamuxFrame.Data late = data(1, 0, 3);
        server.receive(late);
        assertEquals(0, late.refCnt());
    }

    // ----------------------------------------------------------------------------------------------- limits

    @Test
    void inboundAckBacklogIsBoundedAndFreedByAcknowledging() {
        YamuxSession server = server();
        int backlog = YamuxConfig.DEFAULT_ACK_BACKLOG;
        for (int i = 0; i < backlog; i++) {
            server.receive(new YamuxFrame.WindowUpdate(2 * i + 1, SYN, 0));
        }
        assertEquals(backlog, events.size());
        assertTrue(frames.isEmpty());
        int next = 2 * backlog + 1;
        server.receive(new YamuxFrame.WindowUpdate(next, SYN, 0));
        assertEquals(new YamuxFrame.WindowUpdate(next, RST, 0), lastFrame());
        assertFalse(server.isLive(next));
        server.write(1, bytes(1));
        server.receive(new YamuxFrame.WindowUpdate(next + 2, SYN, 0));
        assertEquals(new YamuxEvent.StreamOpened(next + 2), lastEvent());
    }

    @Test
    void streamLimitRefusesBothDirections() throws Exception {
        YamuxSession server = server(YamuxConfig.DEFAULT.withMaxStreams(3));
        server.open();
        server.receive(new YamuxFrame.WindowUpdate(1, SYN, 0));
        server.receive(new YamuxFrame.WindowUpdate(3, SYN, 0));
        server.receive(new YamuxFrame.WindowUpdate(5, SYN, 0));
        assertEquals(new YamuxFrame.WindowUpdate(5, RST, 0), lastFrame());
        YamuxStreamException refused = assertThrows(YamuxStreamException.class, server::open);
        assertEquals(YamuxStreamException.Reason.REFUSED, refused.reason());
        server.reset(1);
        assertEquals(4, server.open());
    }

    @Test
    void outboundAckBacklogRefusesOpeningUntilAcknowledged() throws Exception {
        YamuxSession client = new YamuxSession(YamuxConfig.DEFAULT.withAckBacklog(2), MuxerRole.INITIATOR, clock, output);
        int first = client.open();
        client.open();
        assertThrows(YamuxStreamException.class, client::open);
        client.receive(new YamuxFrame.Data(first, ACK, Unpooled.EMPTY_BUFFER));
        assertEquals(5, client.open());
    }

    @Test
    void configRejectsOutOfRangeValues() {
        assertThrows(IllegalArgumentException.class, () -> YamuxConfig.DEFAULT.withInitialStreamWindow(WINDOW - 1));
        assertThrows(IllegalArgumentException.class, () -> YamuxConfig.DEFAULT.withMaxStreamWindow(YamuxConfig.MAX_STREAM_WINDOW_LIMIT + 1));
        assertThrows(IllegalArgumentException.class, () -> YamuxConfig.DEFAULT.withMaxFrameSize(0));
        assertThrows(IllegalArgumentException.class, () -> YamuxConfig.DEFAULT.withKeepAlive(Duration.ofSeconds(1), Duration.ZERO));
        assertFalse(YamuxConfig.DEFAULT.withKeepAlive(Duration.ZERO, Duration.ofSeconds(1)).keepAliveEnabled());
    }
}
