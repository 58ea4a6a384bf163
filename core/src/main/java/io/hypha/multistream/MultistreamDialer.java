package io.hypha.multistream;

import static io.hypha.multistream.MultistreamProtocol.MAX_LIST_BYTES;
import static io.hypha.multistream.MultistreamProtocol.MAX_MESSAGE_BYTES;
import static io.hypha.multistream.MultistreamProtocol.MAX_PROPOSALS;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The initiator's side of multistream-select (sans-IO): proposes ids in order until the responder echoes one.
 *
 * <p>States, as in the spec's dialer flow: {@code start} writes the header and the first proposal together
 * (pipelined, "SHOULD" in libp2p/specs connections); then the peer's header is awaited, then the answer to the
 * current proposal: its echo selects it, {@code na} moves on to the next id, anything else is a protocol error.
 *
 * <p>Three kinds, from the factories: {@link #select} (round trips until an echo), {@link #selectOptimistically}
 * (one id, usable at once: rust's {@code V1Lazy}, go's {@code NewMSSelect}) and {@link #listProtocols} ({@code ls}).
 */
public final class MultistreamDialer extends AbstractNegotiator implements Negotiator {

    private enum Kind { SELECT, OPTIMISTIC, LIST }

    private enum State { NEW, AWAIT_HEADER, AWAIT_ANSWER }

    private final Kind kind;
    private final List<String> protocols;
    private State state = State.NEW;
    private int current;

    private MultistreamDialer(Kind kind, List<String> protocols) {
        this.kind = kind;
        this.protocols = protocols;
    }

    /**
     * A dialer that proposes {@code protocols} in order, waiting for each answer.
     *
     * @param protocols one to {@link MultistreamProtocol#MAX_PROPOSALS} valid ids, most preferred first
     */
    public static MultistreamDialer select(List<String> protocols) {
        List<String> ids = List.copyOf(protocols);
        if (ids.isEmpty() || ids.size() > MAX_PROPOSALS) {
            throw new IllegalArgumentException("need 1 to " + MAX_PROPOSALS + " protocol ids, got " + ids.size());
        }
        ids.forEach(MultistreamProtocol::requireValidId);
        return new MultistreamDialer(Kind.SELECT, ids);
    }

    /**
     * A dialer whose {@link #start()} reports {@link Negotiator.Outcome.SelectedOptimistically}: the caller may
     * write {@code protocol}'s data right behind the proposal. The peer's answer still has to be fed in; its
     * {@code na} fails the negotiation (and whatever was written meanwhile is lost).
     */
    public static MultistreamDialer selectOptimistically(String protocol) {
        return new MultistreamDialer(Kind.OPTIMISTIC, List.of(MultistreamProtocol.requireValidId(protocol)));
    }

    /** A dialer that asks for the peer's supported ids with {@code ls}; the outcome is {@link Negotiator.Outcome.Listed}. */
    public static MultistreamDialer listProtocols() {
        return new MultistreamDialer(Kind.LIST, List.of());
    }

    /** True for a dialer made by {@link #listProtocols()}. */
    public boolean isListing() {
        return kind == Kind.LIST;
    }

    /** The ids this dialer proposes, in order. */
    public List<String> protocols() {
        return protocols;
    }

    @Override
    Step onStart() {
        state = State.AWAIT_HEADER;
        byte[] first = kind == Kind.LIST
                ? MultistreamCodec.encode(MultistreamProtocol.LIST)
                : MultistreamCodec.encode(protocols.get(0));
        byte[] out = new byte[MultistreamCodec.HEADER.length + first.length];
        System.arraycopy(MultistreamCodec.HEADER, 0, out, 0, MultistreamCodec.HEADER.length);
        System.arraycopy(first, 0, out, MultistreamCodec.HEADER.length, first.length);
        Outcome outcome = kind == Kind.OPTIMISTIC ? new Outcome.SelectedOptimistically(protocols.get(0)) : PENDING;
        return Step.of(out, outcome);
    }

    @Override
    Outcome onMessage(byte[] body, ByteArrayOutputStream out) throws NegotiationException {
        if (state == State.AWAIT_HEADER) {
            String text = MultistreamCodec.decodeText(body);
            if (!MultistreamProtocol.PROTOCOL_ID.equals(text)) {
                throw protocolError("expected " + MultistreamProtocol.PROTOCOL_ID + " first, got '" + text + "'");
            }
            state = State.AWAIT_ANSWER;
            return null;
        }
        if (kind == Kind.LIST) {
            return new Outcome.Listed(MultistreamCodec.decodeList(body));
        }
        String text = MultistreamCodec.decodeText(body);
        String proposed = protocols.get(current);
        if (text.equals(proposed)) {
            return new Outcome.Selected(proposed);
        }
        if (!text.equals(MultistreamProtocol.NOT_AVAILABLE)) {
            throw protocolError("expected " + proposed + " or na in answer to " + proposed + ", got '" + text + "'");
        }
        if (kind == Kind.OPTIMISTIC) {
            throw new NegotiationException(NegotiationException.Reason.NO_COMMON_PROTOCOL,
                    "peer does not support " + proposed + " (proposed optimistically; data sent with it is lost)");
        }
        current++;
        if (current == protocols.size()) {
            throw new NegotiationException(NegotiationException.Reason.NO_COMMON_PROTOCOL,
                    "peer supports none of " + protocols);
        }
        out.writeBytes(MultistreamCodec.encode(protocols.get(current)));
        return null;
    }

    @Override
    int maxMessageLength() {
        return kind == Kind.LIST && state == State.AWAIT_ANSWER ? MAX_LIST_BYTES : MAX_MESSAGE_BYTES;
    }

    @Override
    String awaiting() {
        return switch (state) {
            case NEW -> "start";
            case AWAIT_HEADER -> "the peer's " + MultistreamProtocol.PROTOCOL_ID + " header";
            case AWAIT_ANSWER -> "the answer to " + (kind == Kind.LIST ? MultistreamProtocol.LIST : protocols.get(current));
        };
    }
}
