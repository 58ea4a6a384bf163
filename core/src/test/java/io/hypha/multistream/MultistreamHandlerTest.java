package io.hypha.multistream;

import static io.hypha.multistream.MultistreamNegotiatorTest.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multistream.NegotiationException.Reason;
import io.hypha.testing.LogCapture;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Netty adapter on EmbeddedChannels: no sockets, no sleeps, every buffer accounted for. */
class MultistreamHandlerTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String HEADER_HEX = "132f6d756c746973747265616d2f312e302e300a";
    private static final String NOISE_HEX = "072f6e6f6973650a";
    private static final String NA_HEX = "036e610a";
    private static final byte[] HEADER = HEX.parseHex(HEADER_HEX);
    private static final byte[] NOISE = HEX.parseHex(NOISE_HEX);
    private static final byte[] NOISE_MSG1 = HEX.parseHex("0020" + "22".repeat(32));
    private static final Duration TIMEOUT = MultistreamProtocol.NEGOTIATION_TIMEOUT;

    /** Every buffer a test feeds in, checked for release after the test. */
    private final List<ByteBuf> fed = new ArrayList<>();

    @AfterEach
    void everyFedBufferWasReleased() {
        for (ByteBuf buf : fed) {
            assertEquals(0, buf.refCnt(), "leaked input buffer");
        }
    }

    @Test
    void listenerHandsLazyBytesToTheInstalledHandlerAfterInstallingIt() {
        Recorder next = new Recorder();
        MultistreamHandler handler = MultistreamHandler.listener(Set.of("/noise"), protocol -> next);
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        assertEquals(HEADER_HEX, drainOutbound(channel));

        channel.writeInbound(feed(concat(HEADER, NOISE, NOISE_MSG1)));

        assertEquals(NOISE_HEX, drainOutbound(channel));
        assertEquals(List.of("event Selected[protocol=/noise, optimistic=false]", "read " + HEX.formatHex(NOISE_MSG1)), next.log);
        assertEquals("/noise", handler.selected().join());
        assertNull(channel.pipeline().get(MultistreamHandler.class), "negotiator removed itself");
        assertSame(next, channel.pipeline().last());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void leftOverIsCutCorrectlyFromACompositeBuffer() {
        Recorder next = new Recorder();
        MultistreamHandler handler = MultistreamHandler.listener(Set.of("/noise"), protocol -> next);
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        ByteBuf composite = Unpooled.wrappedBuffer(feed(HEADER), feed(concat(NOISE, NOISE_MSG1)));
        channel.writeInbound(composite);
        assertEquals(List.of("event Selected[protocol=/noise, optimistic=false]", "read " + HEX.formatHex(NOISE_MSG1)), next.log);
        assertEquals(0, composite.refCnt());
        assertEquals(HEADER_HEX + NOISE_HEX, drainOutbound(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void nothingIsInstalledOrForwardedUntilTheLastByteOfTheProposal() {
        Recorder next = new Recorder();
        MultistreamHandler handler = MultistreamHandler.listener(Set.of("/noise"), protocol -> next);
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        drainOutbound(channel);
        byte[] wire = concat(HEADER, MultistreamCodec.encode("/tls/1.0.0"), NOISE);
        StringBuilder wrote = new StringBuilder();
        for (int i = 0; i < wire.length; i++) {
            assertFalse(handler.selected().isDone(), "selected before byte " + i);
            assertNull(channel.pipeline().get(Recorder.class), "installed before byte " + i);
            channel.writeInbound(feed(new byte[] {wire[i]}));
            wrote.append(drainOutbound(channel));
        }
        assertEquals(NA_HEX + NOISE_HEX, wrote.toString());
        assertEquals(List.of("event Selected[protocol=/noise, optimistic=false]"), next.log, "no empty read forwarded");
        assertEquals("/noise", handler.selected().join());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void dialerAndListenerEndToEndWithAGoStyleTlsFirstDialer() {
        Recorder dialerNext = new Recorder().sayingOnSelected("hello from the dialer");
        Recorder listenerNext = new Recorder();
        MultistreamHandler dialer = MultistreamHandler.dialer(List.of("/tls/1.0.0", "/noise"), protocol -> dialerNext);
        MultistreamHandler listener = MultistreamHandler.listener(List.of("/noise", "/yamux/1.0.0"), protocol -> listenerNext);
        EmbeddedChannel a = new EmbeddedChannel(dialer);
        EmbeddedChannel b = new EmbeddedChannel(listener);

        pump(a, b);

        assertEquals("/noise", dialer.selected().join());
        assertEquals("/noise", listener.selected().join());
        assertNull(a.pipeline().get(MultistreamHandler.class));
        assertNull(b.pipeline().get(MultistreamHandler.class));
        assertEquals(List.of("event Selected[protocol=/noise, optimistic=false]"), dialerNext.log);
        assertEquals(List.of("event Selected[protocol=/noise, optimistic=false]",
                "read " + HEX.formatHex("hello from the dialer".getBytes(StandardCharsets.UTF_8))), listenerNext.log);
        assertFalse(a.finishAndReleaseAll());
        assertFalse(b.finishAndReleaseAll());
    }

    @Test
    void dialerClosesWhenThePeerSupportsNoneOfItsProtocols() {
        MultistreamHandler dialer = MultistreamHandler.dialer(List.of("/tls/1.0.0", "/noise"), protocol -> new Recorder());
        MultistreamHandler listener = MultistreamHandler.listener(Set.of("/yamux/1.0.0"), protocol -> new Recorder());
        EmbeddedChannel a = new EmbeddedChannel(dialer);
        EmbeddedChannel b = new EmbeddedChannel(listener);

        pump(a, b);

        NegotiationException error = failure(dialer.selected());
        assertEquals(Reason.NO_COMMON_PROTOCOL, error.reason());
        assertEquals("peer supports none of [/tls/1.0.0, /noise]", error.getMessage());
        assertFalse(a.isOpen());
        assertTrue(b.isOpen(), "the listener keeps waiting for another proposal");
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    @Test
    void timeoutClosesTheChannelOnlyAfterTheLimit() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        MultistreamHandler handler = MultistreamHandler.listener(Set.of("/noise"), protocol -> new Recorder());
        channel.pipeline().addLast(handler);
        drainOutbound(channel);

        channel.advanceTimeBy(TIMEOUT.toNanos() - 1, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen());
        assertFalse(handler.selected().isDone());

        channel.advanceTimeBy(1, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isOpen());
        assertEquals(Reason.TIMEOUT, failure(handler.selected()).reason());
        channel.finishAndReleaseAll();
    }

    @Test
    void timeoutIsCancelledOnSuccess() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        Recorder next = new Recorder();
        MultistreamHandler handler = MultistreamHandler.listener(Set.of("/noise"), protocol -> next);
        channel.pipeline().addLast(handler);
        channel.writeInbound(feed(concat(HEADER, NOISE)));
        assertEquals("/noise", handler.selected().join());
        assertEquals(-1, channel.runScheduledPendingTasks(), "the timeout task was cancelled, nothing is scheduled");

        channel.advanceTimeBy(TIMEOUT.toNanos() * 2, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen());
        assertEquals(HEADER_HEX + NOISE_HEX, drainOutbound(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void customTimeoutIsHonoured() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        MultistreamHandler handler = new MultistreamHandler(
                MultistreamDialer.select(List.of("/noise")), MultistreamProtocol.UPGRADE_NEGOTIATION_TIMEOUT, p -> new Recorder());
        channel.pipeline().addLast(handler);
        channel.advanceTimeBy(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen());
        channel.advanceTimeBy(MultistreamProtocol.UPGRADE_NEGOTIATION_TIMEOUT.minus(TIMEOUT).toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertEquals(Reason.TIMEOUT, failure(handler.selected()).reason());
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void optimisticDialerWritesDataAtOnceAndFailsWhenRefused() {
        Recorder next = new Recorder().sayingOnSelected("early data");
        MultistreamHandler handler = MultistreamHandler.optimisticDialer("/noise", protocol -> next);
        EmbeddedChannel channel = new EmbeddedChannel(handler);

        assertEquals(HEADER_HEX + NOISE_HEX + HEX.formatHex("early data".getBytes(StandardCharsets.UTF_8)),
                drainOutbound(channel), "data follows the proposal before any answer");
        assertFalse(handler.selected().isDone());
        assertTrue(channel.pipeline().get(MultistreamHandler.class) != null, "stays to check the echo");

        channel.writeInbound(feed(concat(HEADER, HEX.parseHex(NA_HEX))));

        assertFalse(channel.isOpen());
        assertEquals(Reason.NO_COMMON_PROTOCOL, failure(handler.selected()).reason());
        assertEquals(2, next.log.size());
        assertEquals("event Selected[protocol=/noise, optimistic=true]", next.log.get(0));
        assertTrue(next.log.get(1).startsWith("event Failed"), next.log.get(1));
        channel.finishAndReleaseAll();
    }

    @Test
    void optimisticDialerIsConfirmedByTheEchoAndHandsOnWhatFollows() {
        Recorder next = new Recorder();
        MultistreamHandler handler = MultistreamHandler.optimisticDialer("/noise", protocol -> next);
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        drainOutbound(channel);

        channel.writeInbound(feed(concat(HEADER, NOISE, NOISE_MSG1)));

        assertEquals("/noise", handler.selected().join());
        assertEquals(List.of("event Selected[protocol=/noise, optimistic=true]", "read " + HEX.formatHex(NOISE_MSG1)), next.log);
        assertNull(channel.pipeline().get(MultistreamHandler.class));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void oversizedMessageClosesTheChannel() {
        MultistreamHandler handler = MultistreamHandler.listener(Set.of("/noise"), protocol -> new Recorder());
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        channel.writeInbound(feed(concat(HEADER, HEX.parseHex("8108"), new byte[64])));
        assertFalse(channel.isOpen());
        assertEquals(Reason.MESSAGE_TOO_LARGE, failure(handler.selected()).reason());
        channel.finishAndReleaseAll();
    }

    @Test
    void garbageBeforeTheHeaderClosesTheChannel() {
        MultistreamHandler handler = MultistreamHandler.listener(Set.of("/noise"), protocol -> new Recorder());
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        channel.writeInbound(feed(concat(HEX.parseHex("05"), "GET /".getBytes(StandardCharsets.US_ASCII), HEADER)));
        assertFalse(channel.isOpen());
        assertEquals(Reason.PROTOCOL_ERROR, failure(handler.selected()).reason());
        channel.finishAndReleaseAll();
    }

    @Test
    void nonMinimalLengthPrefixClosesTheChannel() {
        MultistreamHandler handler = MultistreamHandler.dialer(List.of("/noise"), protocol -> new Recorder());
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        channel.writeInbound(feed(HEX.parseHex("9300" + HEADER_HEX.substring(2))));
        assertFalse(channel.isOpen());
        assertEquals(Reason.PROTOCOL_ERROR, failure(handler.selected()).reason());
        channel.finishAndReleaseAll();
    }

    @Test
    void closingDuringNegotiationFailsTheFuture() {
        MultistreamHandler handler = MultistreamHandler.listener(Set.of("/noise"), protocol -> new Recorder());
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        channel.writeInbound(feed(HEADER));
        channel.close();
        assertEquals(Reason.CLOSED, failure(handler.selected()).reason());
        channel.finishAndReleaseAll();
    }

    @Test
    void failingInstallerFailsTheNegotiation() {
        Function<String, ChannelHandler> broken = protocol -> {
            throw new IllegalStateException("no handler for " + protocol);
        };
        MultistreamHandler handler = MultistreamHandler.listener(Set.of("/noise"), broken);
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        try (LogCapture log = LogCapture.of(MultistreamHandler.class)) {
            channel.writeInbound(feed(concat(HEADER, NOISE, NOISE_MSG1)));
            assertTrue(log.contains(Level.WARNING, "installing the handler for /noise"));
        }
        assertFalse(channel.isOpen());
        NegotiationException error = failure(handler.selected());
        assertEquals(Reason.INSTALL_FAILED, error.reason());
        assertInstanceOf(IllegalStateException.class, error.getCause());
        channel.finishAndReleaseAll();
    }

    @Test
    void readsWhileNegotiatingWhenAutoReadIsOff() {
        ReadCounter reads = new ReadCounter();
        EmbeddedChannel channel = new EmbeddedChannel(reads);
        channel.config().setAutoRead(false);
        reads.count = 0;
        MultistreamHandler handler = MultistreamHandler.listener(Set.of("/noise"), protocol -> new Recorder());
        channel.pipeline().addLast(handler);
        assertEquals(1, reads.count, "asks for the peer's first bytes");
        channel.writeInbound(feed(HEADER));
        assertEquals(2, reads.count, "asks for more after a partial negotiation");
        channel.writeInbound(feed(NOISE));
        assertEquals(2, reads.count, "leaves reading to the installed handler once done");
        assertEquals("/noise", handler.selected().join());
        channel.finishAndReleaseAll();
    }

    @Test
    void refusesAListingDialer() {
        assertThrows(IllegalArgumentException.class, () -> new MultistreamHandler(
                MultistreamDialer.listProtocols(), TIMEOUT, protocol -> new Recorder()));
        assertThrows(IllegalArgumentException.class, () -> new MultistreamHandler(
                MultistreamDialer.select(List.of("/noise")), Duration.ZERO, protocol -> new Recorder()));
    }

    private ByteBuf feed(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        fed.add(buf);
        return buf;
    }

    private static NegotiationException failure(CompletableFuture<String> future) {
        CompletionException e = assertThrows(CompletionException.class, future::join);
        return assertInstanceOf(NegotiationException.class, e.getCause());
    }

    /** Reads, concatenates and releases everything the channel wrote. */
    private static String drainOutbound(EmbeddedChannel channel) {
        StringBuilder hex = new StringBuilder();
        for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
            hex.append(ByteBufUtil.hexDump(buf));
            buf.release();
        }
        return hex.toString();
    }

    /** Moves what each channel wrote into the other until both are quiet. */
    private static void pump(EmbeddedChannel a, EmbeddedChannel b) {
        boolean moved = true;
        while (moved) {
            moved = transfer(a, b) | transfer(b, a);
        }
    }

    private static boolean transfer(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        for (ByteBuf buf; (buf = from.readOutbound()) != null; ) {
            moved = true;
            if (to.isOpen()) {
                to.writeInbound(buf);
            } else {
                buf.release();
            }
        }
        return moved;
    }

    /** Stands in for the next protocol's handler: logs events and bytes, releasing what it reads. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<String> log = new ArrayList<>();
        private String sayOnSelected;

        Recorder sayingOnSelected(String text) {
            this.sayOnSelected = text;
            return this;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            log.add("event " + event);
            if (event instanceof MultistreamEvent.Selected && sayOnSelected != null) {
                ctx.writeAndFlush(Unpooled.copiedBuffer(sayOnSelected, StandardCharsets.UTF_8));
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            log.add("read " + ByteBufUtil.hexDump(buf));
            buf.release();
        }
    }

    /** Counts read() requests travelling towards the transport. */
    private static final class ReadCounter extends ChannelOutboundHandlerAdapter {
        int count;

        @Override
        public void read(ChannelHandlerContext ctx) {
            count++;
            ctx.read();
        }
    }
}
