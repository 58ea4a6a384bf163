package io.hypha.security.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.peer.PeerId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NoiseHandshakeHandlerTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrivateKey dialerKey = PrivateKey.generate(KeyType.ED25519);
    private final PrivateKey listenerKey = PrivateKey.generate(KeyType.ED25519);
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void releaseEverything() {
        for (EmbeddedChannel channel : channels) {
            channel.finishAndReleaseAll();
        }
    }

    /** Records user events and exceptions (as the next layer would see them); keeps inbound data queued. */
    static final class EventRecorder extends ChannelInboundHandlerAdapter {
        final List<Object> events = new ArrayList<>();
        final List<Throwable> exceptions = new ArrayList<>();
        int dataReadsBeforeEvent;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            exceptions.add(cause);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (events.isEmpty()) {
                dataReadsBeforeEvent++;
            }
            ctx.fireChannelRead(msg);
        }
    }

    private EmbeddedChannel channel(NoiseHandshakeHandler handler, EventRecorder recorder) {
        EmbeddedChannel channel = new EmbeddedChannel(handler, recorder);
        channels.add(channel);
        return channel;
    }

    private NoiseHandshakeHandler dialer(PeerId expected, List<String> muxers) {
        return new NoiseHandshakeHandler(LibP2pNoiseHandshake.initiator(dialerKey, expected, muxers, RANDOM));
    }

    private NoiseHandshakeHandler listener(List<String> muxers) {
        return new NoiseHandshakeHandler(LibP2pNoiseHandshake.responder(listenerKey, muxers, RANDOM));
    }

    /** Moves outbound bytes between the two channels until neither has anything left; chunk 0 = whole buffers. */
    static void pump(EmbeddedChannel a, EmbeddedChannel b, int chunk) {
        boolean moved = true;
        while (moved) {
            moved = transfer(a, b, chunk) | transfer(b, a, chunk);
        }
    }

    private static boolean transfer(EmbeddedChannel from, EmbeddedChannel to, int chunk) {
        boolean moved = false;
        for (Object o; (o = from.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) o;
            moved = true;
            if (!to.isOpen()) {
                buf.release();
                continue;
            }
            if (chunk == 0) {
                to.writeInbound(buf);
            } else {
                while (buf.isReadable() && to.isOpen()) {
                    to.writeInbound(buf.readRetainedSlice(Math.min(chunk, buf.readableBytes())));
                }
                buf.release();
            }
        }
        return moved;
    }

    @Test
    void completesAndCarriesDataBothWays() {
        EventRecorder dialerEvents = new EventRecorder();
        EventRecorder listenerEvents = new EventRecorder();
        NoiseHandshakeHandler dialerHandler = dialer(PeerId.fromPublicKey(listenerKey.publicKey()), List.of("/yamux/1.0.0"));
        NoiseHandshakeHandler listenerHandler = listener(List.of("/yamux/1.0.0"));
        EmbeddedChannel d = channel(dialerHandler, dialerEvents);
        EmbeddedChannel l = channel(listenerHandler, listenerEvents);
        pump(d, l, 0);

        NoiseHandshakeResult dialerResult = dialerHandler.handshakeFuture().join();
        NoiseHandshakeResult listenerResult = listenerHandler.handshakeFuture().join();
        assertEquals(listenerKey.publicKey(), dialerResult.remotePublicKey());
        assertEquals(PeerId.fromPublicKey(dialerKey.publicKey()), listenerResult.remotePeerId());
        assertEquals(dialerKey.publicKey(), listenerResult.remotePublicKey());
        assertEquals("/yamux/1.0.0", dialerResult.streamMuxer());
        assertSame(dialerResult, ((NoiseHandshakeCompletionEvent) dialerEvents.events.get(0)).result());
        assertSame(listenerResult, ((NoiseHandshakeCompletionEvent) listenerEvents.events.get(0)).result());
        assertNull(d.pipeline().get(NoiseHandshakeHandler.class));
        assertTrue(d.pipeline().get(NoiseHandshakeHandler.ENCODER_NAME) instanceof NoiseTransportEncoder);
        assertTrue(l.pipeline().get(NoiseHandshakeHandler.DECODER_NAME) instanceof NoiseTransportDecoder);

        byte[] big = NoiseTransportCodecTest.random(1 << 20, 11);
        d.writeAndFlush(Unpooled.wrappedBuffer(big));
        pump(d, l, 0);
        assertEquals((big.length + NoiseProtocol.MAX_PLAINTEXT_LENGTH - 1) / NoiseProtocol.MAX_PLAINTEXT_LENGTH,
                l.inboundMessages().size(), "one inbound buffer per frame");
        NoiseTransportCodecTest.assertArrayEqualsAndRelease(big, l);

        byte[] reply = NoiseTransportCodecTest.random(70_000, 12);
        l.writeAndFlush(Unpooled.wrappedBuffer(reply));
        pump(d, l, 0);
        NoiseTransportCodecTest.assertArrayEqualsAndRelease(reply, d);
    }

    @Test
    void completesWithInputFedOneByteAtATime() {
        NoiseHandshakeHandler dialerHandler = dialer(null, List.of());
        NoiseHandshakeHandler listenerHandler = listener(List.of());
        EmbeddedChannel d = channel(dialerHandler, new EventRecorder());
        EmbeddedChannel l = channel(listenerHandler, new EventRecorder());
        pump(d, l, 1);
        assertTrue(dialerHandler.handshakeFuture().isDone() && listenerHandler.handshakeFuture().isDone());
        assertNull(dialerHandler.handshakeFuture().join().streamMuxer());
        byte[] data = NoiseTransportCodecTest.random(100_000, 13);
        l.writeAndFlush(Unpooled.wrappedBuffer(data));
        pump(d, l, 7_919);
        NoiseTransportCodecTest.assertArrayEqualsAndRelease(data, d);
    }

    @Test
    void nothingCompletesBeforeTheLastByteOfAFrame() {
        NoiseHandshakeHandler listenerHandler = listener(List.of());
        EmbeddedChannel l = channel(listenerHandler, new EventRecorder());
        EmbeddedChannel d = channel(dialer(null, List.of()), new EventRecorder());
        ByteBuf msg1 = d.readOutbound();
        assertEquals(34, msg1.readableBytes());
        while (msg1.readableBytes() > 1) {
            l.writeInbound(msg1.readRetainedSlice(1));
            assertNull(l.readOutbound(), "no msg2 before msg1 is whole");
        }
        l.writeInbound(msg1);
        ByteBuf msg2 = l.readOutbound();
        assertEquals(202, msg2.readableBytes());
        msg2.release();
    }

    @Test
    void heldWritesAndTrailingBytesFlowRightAfterTheHandshake() {
        EventRecorder listenerEvents = new EventRecorder();
        NoiseHandshakeHandler dialerHandler = dialer(null, List.of());
        NoiseHandshakeHandler listenerHandler = listener(List.of());
        EmbeddedChannel d = channel(dialerHandler, new EventRecorder());
        EmbeddedChannel l = channel(listenerHandler, listenerEvents);
        // written before the handshake: held, then encrypted after msg3 and delivered in the same read as msg3
        ChannelFuture early = d.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        assertFalse(early.isDone());
        l.writeInbound((ByteBuf) d.readOutbound()); // msg1
        d.writeInbound((ByteBuf) l.readOutbound()); // msg2: the dialer completes, sends msg3 then the held write
        assertTrue(early.isSuccess());
        ByteBuf sameRead = Unpooled.buffer();
        for (Object o; (o = d.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            sameRead.writeBytes(b);
            b.release();
        }
        l.writeInbound(sameRead);
        assertTrue(listenerHandler.handshakeFuture().isDone());
        assertEquals(0, listenerEvents.dataReadsBeforeEvent, "the completion event precedes the data");
        NoiseTransportCodecTest.assertArrayEqualsAndRelease(new byte[] {1, 2, 3}, l);
    }

    @Test
    void unexpectedPeerFailsWithAClearMessage() {
        PeerId someoneElse = PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519).publicKey());
        NoiseHandshakeHandler dialerHandler = dialer(someoneElse, List.of());
        EventRecorder dialerEvents = new EventRecorder();
        EmbeddedChannel d = channel(dialerHandler, dialerEvents);
        EmbeddedChannel l = channel(listener(List.of()), new EventRecorder());
        ChannelFuture held = d.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {9}));
        pump(d, l, 0);
        NoiseException reason = failure(dialerHandler);
        assertEquals("peer id mismatch: expected " + someoneElse + ", got "
                + PeerId.fromPublicKey(listenerKey.publicKey()), reason.getMessage());
        assertFalse(d.isOpen());
        assertInstanceOf(NoiseException.class, held.cause(), "held writes fail with the reason");
        assertSame(reason, dialerEvents.exceptions.get(0), "the reason travels down the pipeline");
    }

    @Test
    void forgedSignatureAndUnknownKeyTypeCloseTheChannel() throws NoiseException {
        PrivateKey identity = PrivateKey.generate(KeyType.ED25519);
        byte[] sigOverOtherKey = identity.sign(NoiseProtocol.staticKeySignatureData(new byte[32]));
        assertForgedResponderFails(new NoiseHandshakePayload(identity.publicKey().encode(), sigOverOtherKey, null),
                "identity signature does not verify");
        assertForgedResponderFails(new NoiseHandshakePayload(
                java.util.HexFormat.of().parseHex("08091220" + "11".repeat(32)), new byte[64], null),
                "invalid identity key");
    }

    private void assertForgedResponderFails(NoiseHandshakePayload payload, String expected) throws NoiseException {
        NoiseHandshakeHandler dialerHandler = dialer(null, List.of());
        EmbeddedChannel d = channel(dialerHandler, new EventRecorder());
        HandshakeState forger = HandshakeState.create(Role.RESPONDER, new byte[0], X25519KeyPair.generate(RANDOM),
                RANDOM);
        ByteBuf msg1 = d.readOutbound();
        msg1.skipBytes(NoiseProtocol.LENGTH_PREFIX_BYTES);
        byte[] e = new byte[msg1.readableBytes()];
        msg1.readBytes(e).release();
        forger.readMessage(e);
        byte[] msg2 = LibP2pNoiseHandshake.frame(forger.writeMessage(NoiseHandshakePayloadCodec.encode(payload)));
        d.writeOneInbound(Unpooled.wrappedBuffer(msg2));
        assertTrue(failure(dialerHandler).getMessage().contains(expected), failure(dialerHandler).getMessage());
        assertFalse(d.isOpen());
        assertNull(d.readOutbound(), "no msg3 after a failed check");
    }

    @Test
    void undersizedFrameClosesWithTheReason() {
        NoiseHandshakeHandler listenerHandler = listener(List.of());
        EventRecorder listenerEvents = new EventRecorder();
        EmbeddedChannel l = channel(listenerHandler, listenerEvents);
        l.writeOneInbound(Unpooled.wrappedBuffer(new byte[] {0, 5, 1, 2, 3, 4, 5, 6, 7}));
        assertFalse(l.isOpen());
        assertInstanceOf(NoiseException.class, listenerEvents.exceptions.get(0));
        assertEquals("handshake message 1 has 5 bytes, at least 32 expected", failure(listenerHandler).getMessage());
    }

    @Test
    void truncatedFrameAtCloseFailsTheHandshake() {
        NoiseHandshakeHandler listenerHandler = listener(List.of());
        EmbeddedChannel l = channel(listenerHandler, new EventRecorder());
        l.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 32, 1, 2, 3}));
        assertFalse(listenerHandler.handshakeFuture().isDone());
        l.close();
        assertEquals("connection closed during the handshake with 5 bytes of an incomplete frame",
                failure(listenerHandler).getMessage());
    }

    private static NoiseException failure(NoiseHandshakeHandler handler) {
        assertTrue(handler.handshakeFuture().isCompletedExceptionally());
        try {
            handler.handshakeFuture().join();
            throw new AssertionError("unreachable");
        } catch (CompletionException e) {
            return assertInstanceOf(NoiseException.class, e.getCause());
        }
    }
}
