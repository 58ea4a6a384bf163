package io.hypha.multistream;

import io.hypha.multistream.Negotiator.Outcome;
import io.hypha.multistream.Negotiator.Step;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The message loop both sides share: frames messages out of the input, hands each to the side's own logic, and
 * stops consuming input at the message that ends the negotiation, so the rest is left over for the next protocol.
 */
abstract sealed class AbstractNegotiator permits MultistreamDialer, MultistreamListener {
    static final Outcome PENDING = new Outcome.Pending();

    private final MessageReader reader = new MessageReader();
    private boolean started;
    private boolean done;

    /** See {@link Negotiator#start()}. */
    public final Step start() {
        if (started) {
            throw new IllegalStateException("negotiation already started");
        }
        started = true;
        return onStart();
    }

    /** See {@link Negotiator#receive(ByteBuffer)}. */
    public final Step receive(ByteBuffer input) {
        requireRunning();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            while (true) {
                byte[] body = reader.read(input, maxMessageLength());
                if (body == null) {
                    return Step.of(out.toByteArray(), PENDING);
                }
                Outcome outcome = onMessage(body, out);
                if (outcome != null) {
                    done = true;
                    return new Step(out.toByteArray(), outcome, input.slice());
                }
            }
        } catch (NegotiationException e) {
            done = true;
            // the answers to the messages before the bad one still go out, as they would had it come in a later read
            return Step.of(out.toByteArray(), new Outcome.Failed(e));
        }
    }

    /** See {@link Negotiator#expire(Duration)}. */
    public final Step expire(Duration limit) {
        requireRunning();
        done = true;
        return Step.failed(new NegotiationException(NegotiationException.Reason.TIMEOUT,
                "multistream negotiation did not finish within " + limit + " (awaiting " + awaiting() + ")"));
    }

    /** See {@link Negotiator#isDone()}. */
    public final boolean isDone() {
        return done;
    }

    /** The first bytes to write, and the outcome before anything was received. */
    abstract Step onStart();

    /**
     * Handles one complete message body (text plus {@code '\n'}), appending any answer to {@code out}.
     *
     * @return the final outcome ({@link Outcome.Selected} or {@link Outcome.Listed}), or {@code null} to go on
     * @throws NegotiationException to fail the negotiation
     */
    abstract Outcome onMessage(byte[] body, ByteArrayOutputStream out) throws NegotiationException;

    /** The largest message accepted next. */
    abstract int maxMessageLength();

    /** What the negotiation is waiting for, for error messages. */
    abstract String awaiting();

    static NegotiationException protocolError(String message) {
        return new NegotiationException(NegotiationException.Reason.PROTOCOL_ERROR, message);
    }

    private void requireRunning() {
        if (!started) {
            throw new IllegalStateException("negotiation not started: call start() first");
        }
        if (done) {
            throw new IllegalStateException("negotiation already ended");
        }
    }
}
