package io.hypha.multistream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multistream.NegotiationException.Reason;
import io.hypha.multistream.Negotiator.Outcome;
import io.hypha.multistream.Negotiator.Step;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sans-IO dialer and listener, alone and against each other. */
class MultistreamNegotiatorTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String HEADER_HEX = "132f6d756c746973747265616d2f312e302e300a";
    private static final String NOISE_HEX = "072f6e6f6973650a";
    private static final String NA_HEX = "036e610a";
    private static final byte[] HEADER = HEX.parseHex(HEADER_HEX);
    /** Noise XX msg1 as rust sends it lazily after the proposal: u16 length 0x0020 then a 32-byte ephemeral key. */
    private static final byte[] NOISE_MSG1 = HEX.parseHex("0020" + "11".repeat(32));

    @Test
    void dialerPipelinesHeaderAndFirstProposal() {
        Step step = MultistreamDialer.select(List.of("/noise")).start();
        assertEquals(HEADER_HEX + NOISE_HEX, HEX.formatHex(step.toSend()));
        assertInstanceOf(Outcome.Pending.class, step.outcome());
    }

    @Test
    void listenerSendsHeaderAtStart() {
        Step step = new MultistreamListener(Set.of("/noise")).start();
        assertEquals(HEADER_HEX, HEX.formatHex(step.toSend()));
        assertInstanceOf(Outcome.Pending.class, step.outcome());
    }

    @Test
    void happyPathAgainstEachOther() {
        MultistreamDialer dialer = MultistreamDialer.select(List.of("/noise"));
        MultistreamListener listener = new MultistreamListener(List.of("/noise", "/yamux/1.0.0"));
        Conversation c = Conversation.run(dialer, listener);
        assertEquals(new Outcome.Selected("/noise"), c.dialerOutcome);
        assertEquals(new Outcome.Selected("/noise"), c.listenerOutcome);
        assertEquals(HEADER_HEX + NOISE_HEX, HEX.formatHex(c.listenerWrote.toByteArray()));
        assertTrue(dialer.isDone());
        assertTrue(listener.isDone());
    }

    @Test
    void goDialerProposingTlsFirstGetsNaThenNoise() {
        MultistreamDialer dialer = MultistreamDialer.select(List.of("/tls/1.0.0", "/noise"));
        MultistreamListener listener = new MultistreamListener(Set.of("/noise"));
        Conversation c = Conversation.run(dialer, listener);
        assertEquals(new Outcome.Selected("/noise"), c.dialerOutcome);
        assertEquals(new Outcome.Selected("/noise"), c.listenerOutcome);
        assertEquals(HEADER_HEX + NA_HEX + NOISE_HEX, HEX.formatHex(c.listenerWrote.toByteArray()));
        assertEquals(HEADER_HEX + HEX.formatHex(MultistreamCodec.encode("/tls/1.0.0")) + NOISE_HEX,
                HEX.formatHex(c.dialerWrote.toByteArray()));
    }

    @Test
    void allRejectedFailsDialerAndLeavesListenerWaiting() {
        MultistreamDialer dialer = MultistreamDialer.select(List.of("/tls/1.0.0", "/noise"));
        MultistreamListener listener = new MultistreamListener(Set.of("/yamux/1.0.0"));
        Conversation c = Conversation.run(dialer, listener);
        NegotiationException error = assertInstanceOf(Outcome.Failed.class, c.dialerOutcome).error();
        assertEquals(Reason.NO_COMMON_PROTOCOL, error.reason());
        assertEquals("peer supports none of [/tls/1.0.0, /noise]", error.getMessage());
        assertInstanceOf(Outcome.Pending.class, c.listenerOutcome);
        assertFalse(listener.isDone());
    }

    @Test
    void lsListsTheListenersIds() {
        MultistreamDialer dialer = MultistreamDialer.listProtocols();
        MultistreamListener listener = new MultistreamListener(List.of("/noise", "/yamux/1.0.0"));
        Conversation c = Conversation.run(dialer, listener);
        assertEquals(new Outcome.Listed(List.of("/noise", "/yamux/1.0.0")), c.dialerOutcome);
        assertInstanceOf(Outcome.Pending.class, c.listenerOutcome);
        assertEquals(HEADER_HEX + "036c730a", HEX.formatHex(c.dialerWrote.toByteArray()));
    }

    @Test
    void listenerAnswersLsThenAcceptsAProposal() {
        MultistreamListener listener = new MultistreamListener(List.of("/a", "/bc"));
        listener.start();
        Step step = listener.receive(wrap(HEADER, MultistreamCodec.encode("ls"), MultistreamCodec.encode("/bc")));
        assertEquals("0a032f610a042f62630a0a" + "042f62630a", HEX.formatHex(step.toSend()));
        assertEquals(new Outcome.Selected("/bc"), step.outcome());
    }

    @Test
    void rustLazyInputLeavesNoiseMsg1ForTheNextProtocol() {
        MultistreamListener listener = new MultistreamListener(Set.of("/noise"));
        listener.start();
        ByteBuffer input = wrap(HEADER, MultistreamCodec.encode("/noise"), NOISE_MSG1);
        Step step = listener.receive(input);
        assertEquals(new Outcome.Selected("/noise"), step.outcome());
        assertEquals(NOISE_HEX, HEX.formatHex(step.toSend()));
        assertArrayEquals(NOISE_MSG1, remaining(step.leftover()));
        assertEquals(HEADER.length + 8, input.position(), "input advanced exactly over the negotiation");
    }

    @Test
    void goLazyStreamWithBitswapMessageInOnePacket() {
        byte[] bitswapMessage = HEX.parseHex("0a0c0a0a0a08" + "0102030405060708");
        MultistreamListener listener = new MultistreamListener(Set.of("/ipfs/bitswap/1.2.0", "/ipfs/id/1.0.0"));
        listener.start();
        Step step = listener.receive(wrap(HEADER, MultistreamCodec.encode("/ipfs/bitswap/1.2.0"), bitswapMessage));
        assertEquals(new Outcome.Selected("/ipfs/bitswap/1.2.0"), step.outcome());
        assertArrayEquals(bitswapMessage, remaining(step.leftover()));
    }

    @Test
    void oneByteAtATimeGivesTheSameResultAsOneBuffer() {
        byte[] wire = concat(HEADER, MultistreamCodec.encode("/tls/1.0.0"), MultistreamCodec.encode("/noise"), NOISE_MSG1);
        MultistreamListener listener = new MultistreamListener(Set.of("/noise"));
        listener.start();
        ByteArrayOutputStream wrote = new ByteArrayOutputStream();
        int selectedAt = -1;
        ByteBuffer leftover = null;
        for (int i = 0; i < wire.length && selectedAt < 0; i++) {
            Step step = listener.receive(ByteBuffer.wrap(wire, i, 1));
            wrote.writeBytes(step.toSend());
            if (step.outcome() instanceof Outcome.Selected) {
                selectedAt = i;
                leftover = step.leftover();
            } else {
                assertInstanceOf(Outcome.Pending.class, step.outcome());
            }
        }
        assertEquals(wire.length - NOISE_MSG1.length - 1, selectedAt, "selected at the proposal's last byte");
        assertEquals(0, leftover.remaining());
        assertEquals(NA_HEX + NOISE_HEX, HEX.formatHex(wrote.toByteArray()));
    }

    @Test
    void dialerHandsOnDataThatFollowsTheEcho() {
        MultistreamDialer dialer = MultistreamDialer.select(List.of("/noise"));
        dialer.start();
        Step step = dialer.receive(wrap(HEADER, MultistreamCodec.encode("/noise"), NOISE_MSG1));
        assertEquals(new Outcome.Selected("/noise"), step.outcome());
        assertArrayEquals(NOISE_MSG1, remaining(step.leftover()));
    }

    @Test
    void oversizedMessageFails() {
        MultistreamListener listener = new MultistreamListener(Set.of("/noise"));
        listener.start();
        Step step = listener.receive(wrap(HEADER, HEX.parseHex("8108"), new byte[1025]));
        assertEquals(Reason.MESSAGE_TOO_LARGE, failure(step).reason());
    }

    @Test
    void garbageBeforeTheHeaderFails() {
        MultistreamListener listener = new MultistreamListener(Set.of("/noise"));
        listener.start();
        assertEquals(Reason.PROTOCOL_ERROR, failure(listener.receive(wrap(MultistreamCodec.encode("/noise"), HEADER))).reason());

        MultistreamDialer dialer = MultistreamDialer.select(List.of("/noise"));
        dialer.start();
        // five bytes that claim to be a message but do not end in a newline
        assertEquals(Reason.PROTOCOL_ERROR, failure(dialer.receive(wrap(HEX.parseHex("05"), "hello".getBytes(), HEADER))).reason());
    }

    @Test
    void nonMinimalLengthPrefixFails() {
        MultistreamListener listener = new MultistreamListener(Set.of("/noise"));
        listener.start();
        Step step = listener.receive(ByteBuffer.wrap(HEX.parseHex("9300" + HEADER_HEX.substring(2))));
        assertEquals(Reason.PROTOCOL_ERROR, failure(step).reason());
    }

    @Test
    void listenerAnswersNaToAnythingUnsupportedAndKeepsGoing() {
        MultistreamListener listener = new MultistreamListener(Set.of("/noise"));
        listener.start();
        Step step = listener.receive(wrap(HEADER, MultistreamCodec.encode("/tls/1.0.0"), MultistreamCodec.encode("noise"),
                HEADER, MultistreamCodec.encode("/libp2p/autonat/1.0.0")));
        assertEquals(NA_HEX.repeat(4), HEX.formatHex(step.toSend()));
        assertInstanceOf(Outcome.Pending.class, step.outcome());
        assertEquals(new Outcome.Selected("/noise"), listener.receive(wrap(MultistreamCodec.encode("/noise"))).outcome());
    }

    @Test
    void listenerWithPredicateAcceptsWhatThePredicateAccepts() {
        MultistreamListener listener = new MultistreamListener(List.of(), id -> id.startsWith("/x/"));
        listener.start();
        Step step = listener.receive(wrap(HEADER, MultistreamCodec.encode("/y/1"), MultistreamCodec.encode("/x/1")));
        assertEquals(NA_HEX + HEX.formatHex(MultistreamCodec.encode("/x/1")), HEX.formatHex(step.toSend()));
        assertEquals(new Outcome.Selected("/x/1"), step.outcome());
    }

    @Test
    void tooManyProposalsFail() {
        MultistreamListener listener = new MultistreamListener(Set.of("/noise"));
        listener.start();
        listener.receive(ByteBuffer.wrap(HEADER));
        byte[] unsupported = MultistreamCodec.encode("/tls/1.0.0");
        for (int i = 0; i < MultistreamProtocol.MAX_PROPOSALS; i++) {
            assertEquals(NA_HEX, HEX.formatHex(listener.receive(ByteBuffer.wrap(unsupported)).toSend()), "proposal " + i);
        }
        assertEquals(Reason.TOO_MANY_PROPOSALS, failure(listener.receive(ByteBuffer.wrap(unsupported))).reason());
    }

    @Test
    void answersBeforeAFailureAreSentHoweverTheInputWasSplit() {
        // found by MultistreamFuzzTest: a failure dropped the na already owed for an earlier message of the same read
        byte[] input = wrap(HEADER, MultistreamCodec.encode("/yamux/2.0.0"), new byte[] {0}).array();
        MultistreamListener whole = new MultistreamListener(Set.of("/noise"));
        whole.start();
        Step step = whole.receive(ByteBuffer.wrap(input));
        assertEquals(NA_HEX, HEX.formatHex(step.toSend()));
        assertEquals(Reason.PROTOCOL_ERROR, failure(step).reason());

        MultistreamListener split = new MultistreamListener(Set.of("/noise"));
        split.start();
        Step first = split.receive(ByteBuffer.wrap(input, 0, input.length - 1));
        assertEquals(NA_HEX, HEX.formatHex(first.toSend()));
        Step last = split.receive(ByteBuffer.wrap(input, input.length - 1, 1));
        assertEquals("", HEX.formatHex(last.toSend()));
        assertEquals(Reason.PROTOCOL_ERROR, failure(last).reason());
    }

    @Test
    void dialerRefusesAnEchoOfSomethingElse() {
        MultistreamDialer dialer = MultistreamDialer.select(List.of("/noise"));
        dialer.start();
        Step step = dialer.receive(wrap(HEADER, MultistreamCodec.encode("/yamux/1.0.0")));
        assertEquals(Reason.PROTOCOL_ERROR, failure(step).reason());
    }

    @Test
    void optimisticDialerIsSelectedAtStartAndConfirmedByTheEcho() {
        MultistreamDialer dialer = MultistreamDialer.selectOptimistically("/noise");
        Step start = dialer.start();
        assertEquals(HEADER_HEX + NOISE_HEX, HEX.formatHex(start.toSend()));
        assertEquals(new Outcome.SelectedOptimistically("/noise"), start.outcome());
        assertFalse(dialer.isDone());
        Step confirmed = dialer.receive(wrap(HEADER, MultistreamCodec.encode("/noise"), NOISE_MSG1));
        assertEquals(new Outcome.Selected("/noise"), confirmed.outcome());
        assertArrayEquals(NOISE_MSG1, remaining(confirmed.leftover()));
    }

    @Test
    void optimisticDialerFailsWhenItsProposalIsRefused() {
        MultistreamDialer dialer = MultistreamDialer.selectOptimistically("/noise");
        dialer.start();
        Step step = dialer.receive(wrap(HEADER, HEX.parseHex(NA_HEX)));
        assertEquals(Reason.NO_COMMON_PROTOCOL, failure(step).reason());
        assertEquals(0, step.toSend().length, "an optimistic dialer proposes nothing else");
    }

    @Test
    void expireFailsWithTimeoutAndEndsTheNegotiation() {
        MultistreamListener listener = new MultistreamListener(Set.of("/noise"));
        listener.start();
        NegotiationException error = failure(listener.expire(Duration.ofSeconds(10)));
        assertEquals(Reason.TIMEOUT, error.reason());
        assertTrue(error.getMessage().contains("PT10S"), error.getMessage());
        assertThrows(IllegalStateException.class, () -> listener.receive(ByteBuffer.wrap(HEADER)));
        assertThrows(IllegalStateException.class, () -> listener.expire(Duration.ofSeconds(1)));
    }

    @Test
    void misuseIsRefused() {
        MultistreamDialer dialer = MultistreamDialer.select(List.of("/noise"));
        assertThrows(IllegalStateException.class, () -> dialer.receive(ByteBuffer.wrap(HEADER)));
        dialer.start();
        assertThrows(IllegalStateException.class, dialer::start);
        assertThrows(IllegalArgumentException.class, () -> MultistreamDialer.select(List.of()));
        assertThrows(IllegalArgumentException.class, () -> MultistreamDialer.select(List.of("noise")));
        assertThrows(IllegalArgumentException.class, () -> MultistreamDialer.select(
                java.util.Collections.nCopies(MultistreamProtocol.MAX_PROPOSALS + 1, "/a")));
        assertThrows(IllegalArgumentException.class, () -> MultistreamDialer.selectOptimistically("/a\n"));
        assertThrows(IllegalArgumentException.class, () -> new MultistreamListener(List.of("na")));
    }

    private static NegotiationException failure(Step step) {
        return assertInstanceOf(Outcome.Failed.class, step.outcome()).error();
    }

    static ByteBuffer wrap(byte[]... parts) {
        return ByteBuffer.wrap(concat(parts));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] remaining(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    /** Runs a dialer and a listener against each other, passing bytes both ways until neither has more to say. */
    private static final class Conversation {
        final ByteArrayOutputStream dialerWrote = new ByteArrayOutputStream();
        final ByteArrayOutputStream listenerWrote = new ByteArrayOutputStream();
        Outcome dialerOutcome;
        Outcome listenerOutcome;

        static Conversation run(Negotiator dialer, Negotiator listener) {
            Conversation c = new Conversation();
            byte[] toListener = c.record(c.dialerWrote, dialer.start(), true);
            byte[] toDialer = c.record(c.listenerWrote, listener.start(), false);
            while (toListener.length > 0 || toDialer.length > 0) {
                byte[] nextToDialer = toListener.length > 0 && !listener.isDone()
                        ? c.record(c.listenerWrote, listener.receive(ByteBuffer.wrap(toListener)), false) : new byte[0];
                byte[] nextToListener = toDialer.length > 0 && !dialer.isDone()
                        ? c.record(c.dialerWrote, dialer.receive(ByteBuffer.wrap(toDialer)), true) : new byte[0];
                toDialer = nextToDialer;
                toListener = nextToListener;
            }
            return c;
        }

        private byte[] record(ByteArrayOutputStream log, Step step, boolean dialer) {
            log.writeBytes(step.toSend());
            if (dialer) {
                dialerOutcome = step.outcome();
            } else {
                listenerOutcome = step.outcome();
            }
            return step.toSend();
        }
    }
}
