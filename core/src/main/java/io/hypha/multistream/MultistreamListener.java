package io.hypha.multistream;

import static io.hypha.multistream.MultistreamProtocol.MAX_MESSAGE_BYTES;
import static io.hypha.multistream.MultistreamProtocol.MAX_PROPOSALS;

import java.io.ByteArrayOutputStream;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The responder's side of multistream-select (sans-IO): writes the header at once, requires the peer's header
 * first, then echoes the first supported proposal (always, even when the dialer was lazy: go waits for the echo
 * when it closes a stream, boxo#1142), answers {@code na} to every other proposal and keeps waiting, and answers
 * {@code ls} with its supported ids. More than {@link MultistreamProtocol#MAX_PROPOSALS} proposals fail it.
 */
public final class MultistreamListener extends AbstractNegotiator implements Negotiator {
    private static final byte[] NOT_AVAILABLE = MultistreamCodec.encode(MultistreamProtocol.NOT_AVAILABLE);

    private enum State { NEW, AWAIT_HEADER, AWAIT_PROPOSAL }

    private final List<String> listed;
    private final Predicate<String> supports;
    private State state = State.NEW;
    private int proposals;

    /** A listener that supports exactly {@code supported} and lists them for {@code ls} in iteration order. */
    public MultistreamListener(Collection<String> supported) {
        this(List.copyOf(supported), Set.copyOf(supported)::contains);
    }

    /**
     * A listener that accepts any valid id {@code supports} accepts and answers {@code ls} with {@code listed}.
     * {@code supports} runs on the negotiating thread and must not block.
     */
    public MultistreamListener(List<String> listed, Predicate<String> supports) {
        this.listed = List.copyOf(listed);
        this.listed.forEach(MultistreamProtocol::requireValidId);
        this.supports = Objects.requireNonNull(supports, "supports");
    }

    @Override
    Step onStart() {
        state = State.AWAIT_HEADER;
        return Step.of(MultistreamCodec.HEADER.clone(), PENDING);
    }

    @Override
    Outcome onMessage(byte[] body, ByteArrayOutputStream out) throws NegotiationException {
        String text = MultistreamCodec.decodeText(body);
        if (state == State.AWAIT_HEADER) {
            if (!MultistreamProtocol.PROTOCOL_ID.equals(text)) {
                throw protocolError("expected " + MultistreamProtocol.PROTOCOL_ID + " first, got '" + text + "'");
            }
            state = State.AWAIT_PROPOSAL;
            return null;
        }
        if (++proposals > MAX_PROPOSALS) {
            throw new NegotiationException(NegotiationException.Reason.TOO_MANY_PROPOSALS,
                    "peer made more than " + MAX_PROPOSALS + " proposals");
        }
        if (text.equals(MultistreamProtocol.LIST)) {
            out.writeBytes(MultistreamCodec.encodeList(listed));
            return null;
        }
        if (isWellFormedId(text) && supports.test(text)) {
            out.writeBytes(MultistreamCodec.encode(text));
            return new Outcome.Selected(text);
        }
        out.writeBytes(NOT_AVAILABLE);
        return null;
    }

    @Override
    int maxMessageLength() {
        return MAX_MESSAGE_BYTES;
    }

    @Override
    String awaiting() {
        return switch (state) {
            case NEW -> "start";
            case AWAIT_HEADER -> "the peer's " + MultistreamProtocol.PROTOCOL_ID + " header";
            case AWAIT_PROPOSAL -> "a proposal (" + proposals + " so far)";
        };
    }

    private static boolean isWellFormedId(String text) {
        return text.startsWith("/") && text.indexOf('\n') < 0;
    }
}
