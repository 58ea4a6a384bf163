package io.hypha.muxer.yamux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hypha.muxer.MuxerRole;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing of yamux (Jazzer; corpus in
 * {@code src/test/resources/io/hypha/muxer/yamux/YamuxFuzzTestInputs/decodeAndReceive}): the input is what a peer
 * sends on the connection.
 *
 * <p>The sans-IO {@link YamuxFrameCodec#decode} reads it twice, from one buffer and fed one byte at a time: only
 * {@link YamuxConnectionException} may escape, both readings must give the same frames (and fail at the same frame),
 * an incomplete frame must consume nothing, and every frame must re-encode to the header it was read from (in
 * canonical form: Ping and GoAway carry stream 0, GoAway no flags) with the payload it came with.
 *
 * <p>Then a {@link YamuxSession} of each role receives the frames, while the application side consumes whatever
 * arrives and answers each new stream; time moves a little per frame. The session must not throw, every frame it
 * sends must be encodable, it closes at most once, never holds more streams than its limit, and never lets a receive
 * window go negative. Every buffer is checked: when the run ends the input buffer must be back to the one reference
 * this harness holds, so a payload the codec or the session forgot to release fails the input that leaked it.
 */
class YamuxFuzzTest {
    /** Plenty of frames; Data payloads are bounded by the input, far below any window. */
    private static final int MAX_INPUT = 4096;
    private static final YamuxConfig CONFIG = YamuxConfig.DEFAULT.withMaxStreams(8).withAckBacklog(4);

    @FuzzTest
    void decodeAndReceive(byte[] input) {
        if (input.length > MAX_INPUT) {
            return;
        }
        Decoded whole = decodeWhole(input);
        Decoded byByte = decodeByteByByte(input);
        assertEquals(whole.frames, byByte.frames, "frames depend on how the input arrives");
        assertEquals(whole.error, byByte.error, "failure depends on how the input arrives");
        for (MuxerRole role : MuxerRole.values()) {
            receive(input, role);
        }
    }

    /** A frame as comparable values: header fields and payload bytes. */
    private record FrameValue(FrameType type, int flags, int streamId, long length, List<Byte> payload) {
        static FrameValue of(YamuxFrame frame) {
            List<Byte> payload = List.of();
            if (frame instanceof YamuxFrame.Data data) {
                byte[] bytes = ByteBufUtil.getBytes(data.payload());
                Byte[] boxed = new Byte[bytes.length];
                Arrays.setAll(boxed, i -> bytes[i]);
                payload = List.of(boxed);
            }
            return new FrameValue(frame.type(), frame.flags(), frame.streamId(), frame.length(), payload);
        }
    }

    private record Decoded(List<FrameValue> frames, String error) {}

    private static Decoded decodeWhole(byte[] input) {
        ByteBuf in = untracked(input);
        List<FrameValue> frames = new ArrayList<>();
        String error = null;
        try {
            while (true) {
                int start = in.readerIndex();
                YamuxFrame frame = YamuxFrameCodec.decode(in);
                if (frame == null) {
                    assertEquals(start, in.readerIndex(), "an incomplete frame consumed input");
                    break;
                }
                try {
                    checkReencodes(frame, input, start, in.readerIndex());
                    frames.add(FrameValue.of(frame));
                } finally {
                    ReferenceCountUtil.release(frame);
                }
            }
        } catch (YamuxConnectionException e) {
            assertEquals(GoAwayCode.PROTOCOL_ERROR, e.code());
            error = e.getMessage();
        }
        assertEquals(1, in.refCnt(), "decoded frames were not released");
        in.release();
        return new Decoded(frames, error);
    }

    private static Decoded decodeByteByByte(byte[] input) {
        ByteBuf in = untracked(new byte[input.length]).clear();
        List<FrameValue> frames = new ArrayList<>();
        String error = null;
        try {
            for (byte b : input) {
                in.writeByte(b);
                YamuxFrame frame;
                while ((frame = YamuxFrameCodec.decode(in)) != null) {
                    try {
                        frames.add(FrameValue.of(frame));
                    } finally {
                        ReferenceCountUtil.release(frame);
                    }
                }
            }
        } catch (YamuxConnectionException e) {
            error = e.getMessage();
        }
        assertEquals(1, in.refCnt(), "decoded frames were not released");
        in.release();
        return new Decoded(frames, error);
    }

    /** The frame read from {@code input[start, end)} encodes back to it, in canonical form, and decodes again. */
    private static void checkReencodes(YamuxFrame frame, byte[] input, int start, int end) throws YamuxConnectionException {
        ByteBuf encoded = untracked(new byte[end - start]).clear();
        try {
            YamuxFrameCodec.encodeHeader(frame, encoded);
            if (frame instanceof YamuxFrame.Data data) {
                encoded.writeBytes(data.payload(), data.payload().readerIndex(), data.payload().readableBytes());
            }
            byte[] expected = Arrays.copyOfRange(input, start, end);
            switch (frame) {
                case YamuxFrame.Ping p -> Arrays.fill(expected, 4, 8, (byte) 0); // stream id is not kept
                case YamuxFrame.GoAway g -> Arrays.fill(expected, 2, 8, (byte) 0); // nor are flags
                default -> { }
            }
            assertArrayEquals(expected, ByteBufUtil.getBytes(encoded), "frame does not re-encode to its bytes: " + frame);
            YamuxFrame again = YamuxFrameCodec.decode(encoded);
            assertNotNull(again);
            try {
                assertEquals(FrameValue.of(frame), FrameValue.of(again));
            } finally {
                ReferenceCountUtil.release(again);
            }
            assertEquals(0, encoded.readableBytes());
        } finally {
            encoded.release();
        }
    }

    /**
     * A heap buffer over a copy of {@code bytes} that Netty's leak detector does not track: paranoid tracking records
     * a stack trace on every access, which would slow fuzzing a hundredfold. The harness checks its reference count
     * itself, after every input, which is exact where the detector is not.
     */
    private static ByteBuf untracked(byte[] bytes) {
        return Unpooled.wrappedBuffer(bytes.clone());
    }

    /** Feeds the decoded frames to a session of {@code role} with an application that consumes and answers. */
    private static void receive(byte[] input, MuxerRole role) {
        FakeClock clock = new FakeClock();
        Application app = new Application();
        YamuxSession session = new YamuxSession(CONFIG, role, clock, app);
        app.session = session;
        session.start();
        ByteBuf in = untracked(input);
        try {
            YamuxFrame frame;
            while ((frame = YamuxFrameCodec.decode(in)) != null) {
                session.receive(frame);
                app.act();
                clock.advance(Duration.ofMillis(250));
                session.tick(clock.instant());
                app.checkInvariants();
            }
        } catch (YamuxConnectionException e) {
            session.fail(e);
        }
        session.close();
        assertTrue(session.isClosed());
        assertEquals(1, app.closed, "SessionClosed must be emitted exactly once");
        assertEquals(1, in.refCnt(), "the codec or the session leaked a payload");
        in.release();
    }

    /**
     * The application side: takes every payload and reports it consumed, answers each new stream with one byte. It
     * acts after {@link YamuxSession#receive} returns, as the Netty handler's child channels do.
     */
    private static final class Application implements YamuxSession.Output {
        YamuxSession session;
        int closed;
        private final Set<Integer> known = new HashSet<>();
        private final List<Integer> opened = new ArrayList<>();
        private final List<int[]> received = new ArrayList<>();

        @Override
        public void frame(YamuxFrame frame) {
            try {
                ByteBuf header = untracked(new byte[YamuxFrame.HEADER_SIZE]).clear();
                YamuxFrameCodec.encodeHeader(frame, header);
                assertEquals(YamuxFrame.HEADER_SIZE, header.readableBytes());
                header.release();
            } finally {
                ReferenceCountUtil.release(frame);
            }
        }

        @Override
        public void event(YamuxEvent event) {
            assertEquals(0, closed, "event after SessionClosed: " + event);
            switch (event) {
                case YamuxEvent.DataReceived d -> {
                    received.add(new int[] {d.streamId(), d.data().readableBytes()});
                    d.data().release();
                }
                case YamuxEvent.StreamOpened o -> {
                    known.add(o.streamId());
                    opened.add(o.streamId());
                }
                case YamuxEvent.SessionClosed c -> {
                    assertNotNull(c.cause());
                    closed++;
                }
                default -> { }
            }
        }

        /** Consumes what arrived, then sends one byte on each new stream (which acknowledges it). */
        void act() {
            for (int[] r : received) {
                session.consume(r[0], r[1]);
            }
            received.clear();
            for (int id : opened) {
                if (session.sendWindow(id) > 0) {
                    session.write(id, Unpooled.buffer(1).writeByte('!'));
                }
            }
            opened.clear();
        }

        void checkInvariants() {
            assertTrue(session.streamCount() <= CONFIG.maxStreams(), session.streamCount() + " streams");
            for (int id : known) {
                if (session.isLive(id)) {
                    long window = session.receiveWindow(id);
                    assertTrue(window >= 0 && window <= session.maxReceiveWindow(id), "receive window " + window);
                }
            }
            if (session.isClosed()) {
                assertEquals(1, closed);
                assertNull(session.nextDeadline().orElse(null));
            }
        }
    }
}
