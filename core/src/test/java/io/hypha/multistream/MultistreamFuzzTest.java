package io.hypha.multistream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hypha.multiformats.Varint;
import io.hypha.multistream.Negotiator.Outcome;
import io.hypha.multistream.Negotiator.Step;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Coverage-guided fuzzing of multistream-select (Jazzer; corpus in
 * {@code src/test/resources/io/hypha/multistream/MultistreamFuzzTestInputs/negotiate}).
 *
 * <p>Each input is, first, a message body for {@link MultistreamCodec#decodeText} and
 * {@link MultistreamCodec#decodeList}: they may only throw {@link NegotiationException}, and what they decode must
 * encode back to the same body. Second, it is what a peer sends to each kind of {@link Negotiator} (listener, dialer,
 * optimistic dialer, {@code ls} dialer), fed whole, one byte at a time and in three-byte pieces. {@code receive} must
 * not throw; the three feedings must give the same transcript (bytes sent, outcome, bytes left for the next
 * protocol), so the message reader's handling of partial messages is checked too; everything a negotiator sends must
 * be well-formed messages, the protocol it selects one it offered or supports, and the leftover exactly the input
 * after the final message.
 */
class MultistreamFuzzTest {
    /** Enough for several maximal messages and an {@code ls} answer. */
    private static final int MAX_INPUT = 4 * MultistreamProtocol.MAX_MESSAGE_BYTES;
    private static final List<String> SUPPORTED = List.of("/noise", "/yamux/1.0.0", "/ipfs/id/1.0.0");
    private static final List<String> PROPOSED = List.of("/tls/1.0.0", "/noise");
    private static final int[] PIECE_SIZES = {Integer.MAX_VALUE, 1, 3};

    @FuzzTest
    void negotiate(byte[] input) {
        if (input.length > MAX_INPUT) {
            return;
        }
        codec(input);
        check(input, () -> new MultistreamListener(SUPPORTED), SUPPORTED);
        check(input, () -> MultistreamDialer.select(PROPOSED), PROPOSED);
        check(input, () -> MultistreamDialer.selectOptimistically("/yamux/1.0.0"), List.of("/yamux/1.0.0"));
        check(input, MultistreamDialer::listProtocols, List.of());
    }

    private static void codec(byte[] body) {
        String text = null;
        try {
            text = MultistreamCodec.decodeText(body);
        } catch (NegotiationException e) {
            assertEquals(NegotiationException.Reason.PROTOCOL_ERROR, e.reason());
        }
        if (text != null && text.indexOf('\n') < 0) {
            assertArrayEquals(frame(body), MultistreamCodec.encode(text));
        }
        List<String> ids = null;
        try {
            ids = MultistreamCodec.decodeList(body);
        } catch (NegotiationException e) {
            assertEquals(NegotiationException.Reason.PROTOCOL_ERROR, e.reason());
        }
        if (ids != null) {
            assertTrue(ids.size() <= MultistreamProtocol.MAX_LISTED_PROTOCOLS, ids.size() + " ids listed");
            if (ids.stream().allMatch(MultistreamFuzzTest::isValidId)) {
                assertArrayEquals(frame(body), MultistreamCodec.encodeList(ids));
            }
        }
    }

    /** Runs a fresh negotiator per piece size and checks that every run tells the same story. */
    private static void check(byte[] input, Supplier<Negotiator> factory, List<String> offered) {
        Transcript first = null;
        for (int pieceSize : PIECE_SIZES) {
            Transcript t = run(factory.get(), input, pieceSize, offered);
            if (first == null) {
                first = t;
            } else {
                String split = " depends on how the input was split (pieces of " + pieceSize + ")";
                assertEquals(first.outcome, t.outcome, "the outcome" + split);
                assertArrayEquals(first.sent, t.sent, "what is sent" + split);
                assertArrayEquals(first.leftover, t.leftover, "the leftover" + split);
            }
        }
    }

    private record Transcript(String outcome, byte[] sent, byte[] leftover) {}

    private static Transcript run(Negotiator negotiator, byte[] input, int pieceSize, List<String> offered) {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        Step step = negotiator.start();
        sent.writeBytes(step.toSend());
        Outcome outcome = step.outcome();
        byte[] leftover = new byte[0];
        int at = 0;
        while (at < input.length && !negotiator.isDone()) {
            int length = Math.min(pieceSize, input.length - at);
            ByteBuffer piece = ByteBuffer.wrap(input, at, length);
            step = negotiator.receive(piece);
            at += length;
            sent.writeBytes(step.toSend());
            outcome = step.outcome();
            if (outcome instanceof Outcome.Selected || outcome instanceof Outcome.Listed) {
                assertTrue(negotiator.isDone());
                byte[] rest = new byte[step.leftover().remaining()];
                step.leftover().get(rest);
                assertEquals(piece.remaining(), rest.length, "leftover is not what remains of the input");
                leftover = concat(rest, Arrays.copyOfRange(input, at, input.length));
            } else {
                assertEquals(0, step.leftover().remaining(), "leftover before the negotiation ended");
                if (!(outcome instanceof Outcome.Failed)) {
                    assertEquals(0, piece.remaining(), "a pending negotiator left input unread");
                }
            }
        }
        checkSent(sent.toByteArray());
        return new Transcript(describe(outcome, offered, input.length - leftover.length), sent.toByteArray(), leftover);
    }

    /** The outcome as comparable text, after checking it is one the negotiator may reach. */
    private static String describe(Outcome outcome, List<String> offered, int consumed) {
        return switch (outcome) {
            case Outcome.Pending p -> "pending";
            case Outcome.SelectedOptimistically s -> {
                assertTrue(offered.contains(s.protocol()), s.protocol());
                yield "optimistic " + s.protocol();
            }
            case Outcome.Selected s -> {
                assertTrue(offered.contains(s.protocol()), "selected " + s.protocol() + ", which was not offered");
                yield "selected " + s.protocol() + " after " + consumed + " bytes";
            }
            case Outcome.Listed l -> {
                assertTrue(l.protocols().size() <= MultistreamProtocol.MAX_LISTED_PROTOCOLS);
                yield "listed " + l.protocols() + " after " + consumed + " bytes";
            }
            case Outcome.Failed f -> {
                assertNotNull(f.error().reason());
                yield "failed " + f.error().reason();
            }
        };
    }

    /**
     * What a negotiator sends is a sequence of complete messages ({@code uvarint length ‖ body}, the body ending in
     * {@code '\n'}), each UTF-8 text or an {@code ls} answer. Read with the public codec only.
     */
    private static void checkSent(byte[] sent) {
        int at = 0;
        while (at < sent.length) {
            Varint.Decoded length = Varint.decode(sent, at);
            at += length.length();
            assertTrue(length.value() >= 1 && length.value() <= sent.length - at, "a negotiator sent a partial message");
            byte[] body = Arrays.copyOfRange(sent, at, at + (int) length.value());
            at += body.length;
            try {
                if (MultistreamCodec.decodeText(body).indexOf('\n') >= 0) {
                    MultistreamCodec.decodeList(body);
                }
            } catch (NegotiationException e) {
                fail("a negotiator sent a malformed message: " + e.getMessage());
            }
        }
    }

    private static boolean isValidId(String id) {
        try {
            MultistreamProtocol.requireValidId(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code uvarint(body.length) ‖ body}: the message whose body is {@code body}. */
    private static byte[] frame(byte[] body) {
        return concat(Varint.encode(body.length), body);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
