package io.hypha.protocol.identify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hypha.internal.proto.ProtoException;
import io.hypha.multiformats.Varint;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of identify (Jazzer; corpus in
 * {@code src/test/resources/io/hypha/protocol/identify/IdentifyFuzzTestInputs/decode}). Each input is read two ways:
 * <ul>
 *   <li>as one message body by {@link IdentifyCodec#decode}: only {@link ProtoException} may escape, and a decoded
 *       message must encode to bytes that decode to an equal message and encode to themselves again, and its
 *       delimited form must be those bytes behind their length;</li>
 *   <li>as a whole identify stream by {@link IdentifyFrameDecoder}, fed at once and in pieces (byte by byte up to
 *       128 bytes) and then ended: failures must be {@link IdentifyException}s, both feedings must yield the same
 *       messages and the same failure, and every buffer, inbound or the decoder's own, must be released by the time
 *       the channel is closed.</li>
 * </ul>
 */
class IdentifyFuzzTest {
    /** One more than the largest message, so the limit check stays reachable, plus room for a length prefix. */
    private static final int MAX_INPUT = IdentifyProtocol.MAX_MESSAGE_SIZE + 16;
    /** Inputs up to this long arrive byte by byte, longer ones in this many pieces: each write costs a pipeline trip. */
    private static final int MAX_PIECES = 128;

    @FuzzTest
    void decode(byte[] input) {
        if (input.length > MAX_INPUT) {
            return;
        }
        body(input);
        Reading whole = stream(input, Integer.MAX_VALUE);
        Reading split = stream(input, Math.max(1, input.length / MAX_PIECES));
        assertEquals(whole, split, "the identify stream reads differently when it arrives in pieces");
    }

    private static void body(byte[] input) {
        IdentifyMessage message;
        try {
            message = IdentifyCodec.decode(input);
        } catch (ProtoException rejected) {
            return;
        }
        byte[] encoded = IdentifyCodec.encode(message);
        IdentifyMessage again = IdentifyCodec.decode(encoded);
        assertEquals(message, again);
        assertArrayEquals(encoded, IdentifyCodec.encode(again));
        byte[] prefix = Varint.encode(encoded.length);
        byte[] delimited = Arrays.copyOf(prefix, prefix.length + encoded.length);
        System.arraycopy(encoded, 0, delimited, prefix.length, encoded.length);
        assertArrayEquals(delimited, IdentifyCodec.encodeDelimited(message));
    }

    /** The messages a stream carrying {@code input} yields, and why it failed, if it did. */
    private record Reading(List<IdentifyMessage> messages, IdentifyException.Reason failure) {}

    private static Reading stream(byte[] input, int pieceSize) {
        EmbeddedChannel channel = new EmbeddedChannel(new IdentifyFrameDecoder());
        RecordingAllocator allocator = new RecordingAllocator();
        channel.config().setAllocator(allocator);
        List<ByteBuf> written = allocator.allocated;
        List<IdentifyMessage> messages = new ArrayList<>();
        IdentifyException.Reason failure = null;
        try {
            for (int at = 0; at < input.length; at += pieceSize) {
                int length = Math.min(pieceSize, input.length - at);
                channel.writeInbound(allocator.heapBuffer(length).writeBytes(input, at, length));
                drain(channel, messages);
            }
            channel.finish(); // the end of the stream: a partial message left over fails here
        } catch (DecoderException e) {
            failure = assertInstanceOf(IdentifyException.class, e.getCause()).reason();
        } finally {
            drain(channel, messages);
            channel.finishAndReleaseAll();
        }
        for (ByteBuf buffer : written) {
            assertEquals(0, buffer.refCnt(), "IdentifyFrameDecoder did not release a buffer");
        }
        return new Reading(messages, failure);
    }

    private static void drain(EmbeddedChannel channel, List<IdentifyMessage> messages) {
        Object m;
        while ((m = channel.readInbound()) != null) {
            messages.add(assertInstanceOf(IdentifyMessage.class, m));
        }
    }

    /**
     * Heap buffers that Netty's leak detector does not track (paranoid tracking records a stack trace on every access,
     * which slows fuzzing a hundredfold), each remembered so that the harness can check, after every input, that the
     * inbound pieces and the decoder's own cumulation buffers were all released: exact, where the detector is not.
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
