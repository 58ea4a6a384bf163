package io.hypha.protocol.kad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hypha.multiformats.Varint;
import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.store.MemoryProviderStore;
import io.hypha.protocol.kad.store.MemoryRecordStore;
import io.hypha.protocol.kad.store.RecordValidators;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the kad wire side (Jazzer; corpus in
 * {@code src/test/resources/io/hypha/protocol/kad/KadFuzzTestInputs/decode}). Each input is read two ways:
 * <ul>
 *   <li>as one message body by {@link KadCodec#decode}: only {@link KadException} may escape; a decoded message
 *       must encode to bytes that decode to an equal message and encode to themselves again, and trimmed to the
 *       outbound limit it must fit (or fail with {@link KadException} when its key and record alone do not);</li>
 *   <li>as a whole inbound kad stream served by {@link KadStreamHandler} (a {@link KadServer} with memory stores
 *       behind it), fed at once and in pieces and then ended: both feedings must give the same answers and the
 *       same ending, every answer must fit the outbound limit, and every buffer must be released.</li>
 * </ul>
 */
class KadFuzzTest {
    /**
     * What a stream may have buffered at once: one largest frame. More would make the whole feeding fail as a flood
     * where the split one does not; a body one byte over the limit stays reachable.
     */
    private static final int MAX_INPUT = KadFrameReader.MAX_BUFFERED_BYTES;
    /** Inputs up to this long arrive byte by byte, longer ones in this many pieces. */
    private static final int MAX_PIECES = 128;
    /** A fixed remote peer: ADD_PROVIDER naming it is stored, so the corpus can reach the provider store. */
    private static final PeerId REMOTE = PeerId.parse("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
    private static final PeerId SELF = PeerId.parse("QmaCpDMGvV2BGHeYERUEnRQAwe3N8SzbUtfsmvsqQLuvuJ");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @FuzzTest
    void decode(byte[] input) {
        if (input.length > MAX_INPUT) {
            return;
        }
        body(input);
        Serving whole = serve(input, Integer.MAX_VALUE);
        Serving split = serve(input, Math.max(1, input.length / MAX_PIECES));
        assertEquals(whole, split, "the kad stream is served differently when it arrives in pieces");
    }

    private static void body(byte[] input) {
        KadMessage message;
        try {
            message = KadCodec.decode(input);
        } catch (KadException rejected) {
            return;
        }
        byte[] encoded = KadCodec.encode(message);
        KadMessage again = KadCodec.decode(encoded);
        assertEquals(message, again);
        assertArrayEquals(encoded, KadCodec.encode(again));
        byte[] prefix = Varint.encode(encoded.length);
        byte[] delimited = new byte[prefix.length + encoded.length];
        System.arraycopy(prefix, 0, delimited, 0, prefix.length);
        System.arraycopy(encoded, 0, delimited, prefix.length, encoded.length);
        assertArrayEquals(delimited, KadCodec.encodeDelimited(message));
        try {
            byte[] bounded = KadCodec.encodeBounded(message, KadProtocol.MAX_OUTBOUND_MESSAGE_SIZE);
            assertTrue(bounded.length <= KadProtocol.MAX_OUTBOUND_MESSAGE_SIZE, "" + bounded.length);
        } catch (KadException tooLarge) {
            // the key and record alone are larger than we send
        }
    }

    /** The answers a stream carrying {@code input} got, and how it ended. */
    private record Serving(List<String> answers, boolean reset, boolean closed) {}

    private static Serving serve(byte[] input, int pieceSize) {
        KadServer server = new KadServer(SELF, (t, c, x) -> List.of(), new MemoryProviderStore(),
                new MemoryRecordStore(), RecordValidators.defaults(), Clock.fixed(NOW, ZoneOffset.UTC), Runnable::run);
        EmbeddedChannel channel = new EmbeddedChannel();
        RecordingAllocator allocator = new RecordingAllocator();
        channel.config().setAllocator(allocator);
        EmbeddedStream stream = new EmbeddedStream(channel, REMOTE);
        channel.pipeline().addLast(new KadStreamHandler(server, stream, KadProtocol.STREAM_IDLE_TIMEOUT,
                KadProtocol.MAX_REQUESTS_PER_STREAM));
        List<String> answers = new ArrayList<>();
        try {
            for (int at = 0; at < input.length && channel.isOpen(); at += pieceSize) {
                int length = Math.min(pieceSize, input.length - at);
                channel.writeInbound(allocator.heapBuffer(length).writeBytes(input, at, length));
                channel.runPendingTasks();
                drain(channel, answers);
            }
            if (channel.isOpen()) {
                channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
                channel.runPendingTasks();
            }
        } finally {
            drain(channel, answers);
            channel.finishAndReleaseAll();
        }
        for (ByteBuf buffer : allocator.allocated) {
            assertEquals(0, buffer.refCnt(), "a buffer was not released");
        }
        return new Serving(answers, stream.reset, stream.closed);
    }

    private static void drain(EmbeddedChannel channel, List<String> answers) {
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            try {
                assertTrue(out.readableBytes() <= KadProtocol.MAX_OUTBOUND_MESSAGE_SIZE, "" + out.readableBytes());
                answers.add(io.netty.buffer.ByteBufUtil.hexDump(out));
            } finally {
                out.release();
            }
        }
    }

    /**
     * Heap buffers that Netty's leak detector does not track (paranoid tracking makes fuzzing a hundredfold slower),
     * each remembered so that the harness can check, after every input, that all were released.
     */
    private static final class RecordingAllocator extends AbstractByteBufAllocator {
        final List<ByteBuf> allocated = new ArrayList<>();

        RecordingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return record(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return record(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity));
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        private ByteBuf record(ByteBuf buffer) {
            allocated.add(buffer);
            return buffer;
        }
    }
}
