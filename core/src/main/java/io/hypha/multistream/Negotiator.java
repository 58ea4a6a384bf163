package io.hypha.multistream;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One side of one multistream-select negotiation, without I/O: bytes and events in, {@link Step}s out. An
 * instance negotiates once and is confined to one thread (a channel's event loop).
 *
 * <p>Call {@link #start()} once and write its bytes; then pass every received byte to {@link #receive} and write
 * what each step asks, until the outcome is {@link Outcome.Selected}, {@link Outcome.Listed} or
 * {@link Outcome.Failed}. Call {@link #expire} when the time limit passes first.
 */
public sealed interface Negotiator permits MultistreamDialer, MultistreamListener {

    /** Begins the negotiation. */
    Step start();

    /**
     * Takes received bytes. It consumes the negotiation messages in {@code input} (advancing its position) and
     * stops right after the message that ends the negotiation: the bytes still remaining in {@code input} then
     * belong to the next protocol and are also given as {@link Step#leftover()}. Partial messages are kept inside.
     *
     * @throws IllegalStateException before {@link #start()} or after the negotiation ended
     */
    Step receive(ByteBuffer input);

    /**
     * Ends an unfinished negotiation because {@code limit} passed.
     *
     * @return a step whose outcome is {@link Outcome.Failed} with {@link NegotiationException.Reason#TIMEOUT}
     * @throws IllegalStateException after the negotiation ended
     */
    Step expire(Duration limit);

    /** True once the outcome was selected (and confirmed), listed or failed. */
    boolean isDone();

    /**
     * What one input produced.
     *
     * @param toSend bytes to write to the peer, in order, possibly none; the array is handed over, not copied
     * @param outcome where the negotiation stands
     * @param leftover bytes after the final negotiation message that belong to the next protocol: a view of the
     *     caller's input (sharing its content), empty unless the outcome is {@link Outcome.Selected}
     */
    record Step(byte[] toSend, Outcome outcome, ByteBuffer leftover) {
        private static final byte[] NOTHING = new byte[0];

        public Step {
            Objects.requireNonNull(toSend, "toSend");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(leftover, "leftover");
        }

        static Step of(byte[] toSend, Outcome outcome) {
            return new Step(toSend, outcome, ByteBuffer.wrap(NOTHING));
        }

        static Step failed(NegotiationException error) {
            return of(NOTHING, new Outcome.Failed(error));
        }
    }

    /** Where a negotiation stands after a step. */
    sealed interface Outcome {
        /** More input is needed. */
        record Pending() implements Outcome {}

        /**
         * The dialer wrote its only proposal without waiting (lazy / 0-RTT): the caller may start speaking
         * {@code protocol} now, and must keep passing received bytes in until the peer's echo confirms it
         * ({@link Selected}) or its {@code na} refuses it ({@link Failed}).
         */
        record SelectedOptimistically(String protocol) implements Outcome {}

        /** Both sides agreed on {@code protocol}; the negotiation is over. */
        record Selected(String protocol) implements Outcome {}

        /** The peer's answer to {@code ls}: the ids it supports. */
        record Listed(List<String> protocols) implements Outcome {
            public Listed {
                protocols = List.copyOf(protocols);
            }
        }

        /** The negotiation failed; the connection or stream should be closed. */
        record Failed(NegotiationException error) implements Outcome {}
    }
}
