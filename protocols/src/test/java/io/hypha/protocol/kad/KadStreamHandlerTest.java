package io.hypha.protocol.kad;

import static io.hypha.protocol.kad.KadTestPeers.peer;
import static io.hypha.protocol.kad.KadTestPeers.randomPeer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiformats.Varint;
import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.store.MemoryProviderStore;
import io.hypha.protocol.kad.store.MemoryRecordStore;
import io.hypha.protocol.kad.store.RecordValidators;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link KadStreamHandler} on an {@link EmbeddedChannel}: framing, one request at a time, limits, endings. */
class KadStreamHandlerTest {
    private static final Duration IDLE = Duration.ofSeconds(60);
    private static final byte[] PING = KadCodec.encodeDelimited(KadMessage.request(MessageType.PING, null));

    private final PeerId remote = randomPeer();
    private final List<KadPeer> known = List.of(peer(2), peer(1));
    /** Storage work waits here until the test runs it. */
    private final Queue<Runnable> storage = new ArrayDeque<>();
    private boolean storageInline = true;
    private final Executor executor = r -> {
        if (storageInline) {
            r.run();
        } else {
            storage.add(r);
        }
    };
    private final KadServer server = new KadServer(randomPeer(), (t, c, x) -> known, new MemoryProviderStore(),
            new MemoryRecordStore(), RecordValidators.defaults(), Clock.systemUTC(), executor);
    private EmbeddedChannel channel;
    private EmbeddedStream stream;

    private void open(int maxRequests) {
        channel = new EmbeddedChannel();
        channel.freezeTime(); // only advanceTimeBy moves the timers' clock
        stream = new EmbeddedStream(channel, remote);
        channel.pipeline().addLast(new KadStreamHandler(server, stream, IDLE, maxRequests));
    }

    @AfterEach
    void release() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aRequestSplitByteByByteIsAnsweredOnceWhole() {
        open(10);
        byte[] frame = KadCodec.encodeDelimited(KadMessage.request(MessageType.FIND_NODE, randomPeer().bytes()));
        for (int i = 0; i < frame.length - 1; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(frame, i, 1));
            assertNull(channel.readOutbound(), "answered before the request was whole");
        }
        channel.writeInbound(Unpooled.wrappedBuffer(frame, frame.length - 1, 1));
        assertEquals(new KadMessage(MessageType.FIND_NODE, null, null, known, List.of()), response());
        assertTrue(channel.isOpen());
        assertFalse(stream.reset);
    }

    @Test
    void severalRequestsOnOneStreamAreAnsweredInOrderOneAtATime() {
        open(10);
        storageInline = false;
        byte[] key = KadServerTest.multihash(7);
        ByteBuf three = Unpooled.wrappedBuffer(
                KadCodec.encodeDelimited(KadMessage.request(MessageType.GET_PROVIDERS, key)),
                KadCodec.encodeDelimited(KadMessage.request(MessageType.PING, null)),
                KadCodec.encodeDelimited(KadMessage.request(MessageType.GET_VALUE, "/pk/x".getBytes())));
        channel.writeInbound(three);
        // the first is with the storage; the others wait, and nothing more is read
        assertEquals(1, storage.size());
        assertFalse(channel.config().isAutoRead(), "reading goes on while a request is answered");
        assertNull(channel.readOutbound());
        runStorage();
        assertEquals(MessageType.GET_PROVIDERS, response().type());
        // PING needs no storage: answered at once, then GET_VALUE goes to the storage
        assertEquals(MessageType.PING, response().type());
        assertEquals(1, storage.size());
        assertFalse(channel.config().isAutoRead());
        runStorage();
        KadMessage last = response();
        assertEquals(MessageType.GET_VALUE, last.type());
        assertEquals(known, last.closerPeers());
        assertTrue(channel.config().isAutoRead(), "reading resumes once every answer is written");
        assertTrue(channel.isOpen());
    }

    @Test
    void addProviderHasNoAnswerAndTheNextRequestIsServed() {
        open(10);
        KadMessage add = new KadMessage(MessageType.ADD_PROVIDER, KadServerTest.multihash(1), null, List.of(),
                List.of(new KadPeer(remote, KadTestPeers.addresses(1, 4001))));
        channel.writeInbound(Unpooled.wrappedBuffer(KadCodec.encodeDelimited(add),
                KadCodec.encodeDelimited(KadMessage.request(MessageType.GET_PROVIDERS, KadServerTest.multihash(1)))));
        KadMessage providers = response();
        assertEquals(List.of(remote), providers.providerPeers().stream().map(KadPeer::id).toList());
        assertNull(channel.readOutbound(), "ADD_PROVIDER got an answer");
    }

    @Test
    void anOversizedLengthResetsBeforeTheBodyArrives() {
        open(10);
        channel.writeInbound(Unpooled.wrappedBuffer(Varint.encode(KadProtocol.MAX_MESSAGE_SIZE + 1)));
        assertTrue(stream.reset);
        assertFalse(channel.isOpen());
        assertNull(channel.readOutbound());
    }

    @Test
    void anOverlongLengthPrefixResets() {
        open(10);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00}));
        assertTrue(stream.reset);
    }

    @Test
    void aRequestOfTheLargestSizeIsRead() {
        open(10);
        // a FIND_NODE padded with an unknown field up to exactly the limit
        byte[] findNode = KadCodec.encode(KadMessage.request(MessageType.FIND_NODE, randomPeer().bytes()));
        int pad = KadProtocol.MAX_MESSAGE_SIZE - findNode.length;
        byte[] padField = unknownBytesField(pad);
        byte[] body = new byte[KadProtocol.MAX_MESSAGE_SIZE];
        System.arraycopy(findNode, 0, body, 0, findNode.length);
        System.arraycopy(padField, 0, body, findNode.length, padField.length);
        channel.writeInbound(Unpooled.wrappedBuffer(Varint.encode(body.length)), Unpooled.wrappedBuffer(body));
        assertEquals(MessageType.FIND_NODE, response().type());
        assertFalse(stream.reset);
    }

    @Test
    void aMalformedRequestResets() {
        open(10);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {2, 0x08, 0x06})); // type 6
        assertTrue(stream.reset);
        assertNull(channel.readOutbound());
    }

    @Test
    void aRefusedRequestResets() {
        open(10);
        channel.writeInbound(Unpooled.wrappedBuffer(
                KadCodec.encodeDelimited(KadMessage.request(MessageType.GET_PROVIDERS, new byte[100]))));
        assertTrue(stream.reset);
        assertNull(channel.readOutbound());
    }

    @Test
    void writingAheadOfTheAnswersPastTheBufferResets() {
        open(10);
        storageInline = false;
        channel.writeInbound(Unpooled.wrappedBuffer(
                KadCodec.encodeDelimited(KadMessage.request(MessageType.GET_VALUE, "/pk/x".getBytes()))));
        assertEquals(1, storage.size());
        // the peer ignores that we stopped reading and sends more than a whole frame's worth
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[KadFrameReader.MAX_BUFFERED_BYTES / 2]));
        assertFalse(stream.reset);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[KadFrameReader.MAX_BUFFERED_BYTES / 2 + 2]));
        assertTrue(stream.reset);
        runStorage(); // the late answer goes nowhere
        assertNull(channel.readOutbound());
    }

    @Test
    void anIdleStreamIsClosed() {
        open(10);
        channel.writeInbound(Unpooled.wrappedBuffer(PING));
        response();
        channel.advanceTimeBy(IDLE.toNanos() - 1, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen());
        // a request re-arms the timer
        channel.writeInbound(Unpooled.wrappedBuffer(PING));
        response();
        channel.advanceTimeBy(IDLE.toNanos() - 1, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen());
        channel.advanceTimeBy(1, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isOpen());
        assertTrue(stream.closed);
        assertFalse(stream.reset);
    }

    @Test
    void theStreamClosesAfterItsLastAllowedRequest() {
        open(2);
        byte[] ping = KadCodec.encodeDelimited(KadMessage.request(MessageType.PING, null));
        channel.writeInbound(Unpooled.wrappedBuffer(ping, ping, ping));
        assertEquals(MessageType.PING, response().type());
        assertEquals(MessageType.PING, response().type());
        assertNull(channel.readOutbound(), "a third answer");
        assertTrue(stream.closed);
        assertFalse(stream.reset);
    }

    @Test
    void thePeersEndClosesOnceTheLastRequestIsAnswered() {
        open(10);
        storageInline = false;
        channel.writeInbound(Unpooled.wrappedBuffer(
                KadCodec.encodeDelimited(KadMessage.request(MessageType.GET_VALUE, "/pk/x".getBytes()))));
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertTrue(channel.isOpen(), "closed before answering");
        runStorage();
        assertEquals(MessageType.GET_VALUE, response().type());
        assertTrue(stream.closed);
        assertFalse(stream.reset);
    }

    @Test
    void thePeersEndInsideARequestResets() {
        open(10);
        byte[] frame = KadCodec.encodeDelimited(KadMessage.request(MessageType.PING, null));
        channel.writeInbound(Unpooled.wrappedBuffer(frame, 0, frame.length - 1));
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertTrue(stream.reset);
    }

    private void runStorage() {
        Runnable r;
        while ((r = storage.poll()) != null) {
            r.run();
        }
        channel.runPendingTasks();
    }

    /** The next answer written, decoded; its buffer released. */
    private KadMessage response() {
        channel.runPendingTasks();
        ByteBuf out = channel.readOutbound();
        assertTrue(out != null, "no answer written");
        try {
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            Varint.Decoded length = Varint.decode(bytes, 0);
            assertEquals(bytes.length - length.length(), length.value(), "one whole frame per write");
            byte[] body = new byte[(int) length.value()];
            System.arraycopy(bytes, length.length(), body, 0, body.length);
            return KadCodec.decode(body);
        } finally {
            out.release();
        }
    }

    /** Field 15 (unknown to the schema), wire type 2, with content making the whole field {@code total} bytes. */
    private static byte[] unknownBytesField(int total) {
        int content = total - 1;
        while (1 + Varint.size(content) + content > total) {
            content--;
        }
        byte[] out = new byte[total];
        out[0] = (byte) (15 << 3 | 2);
        int at = 1 + Varint.write(content, out, 1);
        assertEquals(total, at + content);
        return out;
    }
}
