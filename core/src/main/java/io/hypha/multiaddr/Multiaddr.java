package io.hypha.multiaddr;

import io.hypha.peer.PeerId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A multiaddr: a self-describing network address made of protocol components, such as
 * {@code /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...}. Immutable; two multiaddrs are equal when their
 * binary forms are, so {@code /ipfs/Qm...} equals {@code /p2p/Qm...} and a CID-form peer id equals
 * its base58 form.
 *
 * <p>Every instance is valid: it came from {@link #parse}, {@link #decode} or validated
 * {@link Component}s, its binary form is at most {@link #MAX_ENCODED_LENGTH} bytes, and
 * {@code decode(bytes())} and {@code parse(toString())} give it back. The only multiaddr that cannot be
 * parsed or decoded is the empty one, which {@link #decapsulate} returns when nothing is left.
 */
public final class Multiaddr {
    /**
     * Longest binary form accepted. No real address comes close (an I2P destination, the largest
     * value, is about 400 bytes); the limit bounds the work a hostile peer can cause.
     */
    public static final int MAX_ENCODED_LENGTH = 4096;

    /**
     * Longest text form accepted: the longest text that {@link #MAX_ENCODED_LENGTH} bytes can print
     * as (a two-byte code prints as up to 19 characters, {@code /p2p-websocket-star}), so that every
     * valid binary form parses back from its text.
     */
    public static final int MAX_TEXT_LENGTH = 10 * MAX_ENCODED_LENGTH;

    private static final Multiaddr EMPTY = new Multiaddr(List.of());

    private final List<Component> components;
    private final byte[] bytes;
    private String text; // racy single-check cache: recomputing gives an equal string

    private Multiaddr(List<Component> components) {
        this.components = List.copyOf(components);
        int length = 0;
        for (int i = 0; i < this.components.size(); i++) {
            Component c = this.components.get(i);
            if (c.protocol().isPath() && i != this.components.size() - 1) {
                throw new MultiaddrException("/" + c.protocol().protocolName()
                        + " is a path and must be the last component");
            }
            length += c.encodedLength();
            if (length > MAX_ENCODED_LENGTH) {
                throw new MultiaddrException("multiaddr exceeds the limit of " + MAX_ENCODED_LENGTH + " bytes");
            }
        }
        this.bytes = new byte[length];
        int offset = 0;
        for (Component c : this.components) {
            offset += c.writeTo(bytes, offset);
        }
    }

    /**
     * Parses the text form, e.g. {@code /ip4/127.0.0.1/tcp/4001}. Trailing slashes are ignored;
     * {@code /ipfs/} is read as {@code /p2p/}; a peer id may be base58 or CID text.
     *
     * @throws MultiaddrException if the text is empty, "/", longer than {@link #MAX_TEXT_LENGTH}, names
     *     an unknown protocol, lacks a value or has an invalid one
     */
    public static Multiaddr parse(String text) {
        Objects.requireNonNull(text, "text");
        return new Multiaddr(MultiaddrCodec.readText(text));
    }

    /**
     * Decodes the binary form strictly: the whole array must be a sequence of known, valid components.
     *
     * @throws MultiaddrException if the bytes are empty, truncated, have trailing garbage, an unknown
     *     code, a non-minimal or over-long varint, or a value of the wrong size or content
     */
    public static Multiaddr decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new Multiaddr(MultiaddrCodec.readBinary(bytes));
    }

    /**
     * A multiaddr of these components; no components gives the empty multiaddr.
     *
     * @throws MultiaddrException if a path component is not last or the result is too long
     */
    public static Multiaddr of(Component... components) {
        for (Component c : components) {
            Objects.requireNonNull(c, "component");
        }
        return components.length == 0 ? EMPTY : new Multiaddr(Arrays.asList(components));
    }

    /** The binary form (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The components in order. */
    public List<Component> components() {
        return components;
    }

    /** The protocols of the components in order. */
    public List<Protocol> protocols() {
        return components.stream().map(Component::protocol).toList();
    }

    /** Whether this is the empty multiaddr (what is left after decapsulating everything). */
    public boolean isEmpty() {
        return components.isEmpty();
    }

    /** Whether any component has this protocol. */
    public boolean has(Protocol protocol) {
        return indexOf(protocol) >= 0;
    }

    /** The text value of the <em>first</em> component with this protocol (as go's ValueForProtocol). */
    public Optional<String> valueOf(Protocol protocol) {
        int i = indexOf(protocol);
        return i < 0 ? Optional.empty() : Optional.of(components.get(i).valueString());
    }

    /**
     * This multiaddr followed by {@code other}: {@code /ip4/1.2.3.4} + {@code /tcp/80}.
     *
     * @throws MultiaddrException if this ends in a path component or the result is too long
     */
    public Multiaddr encapsulate(Multiaddr other) {
        Objects.requireNonNull(other, "other");
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        List<Component> joined = new ArrayList<>(components.size() + other.components.size());
        joined.addAll(components);
        joined.addAll(other.components);
        return new Multiaddr(joined);
    }

    /** {@link #encapsulate(Multiaddr)} with a single component. */
    public Multiaddr encapsulate(Component component) {
        return encapsulate(of(component));
    }

    /**
     * Removes the <em>last</em> occurrence of {@code other} (as a run of whole components) and everything
     * after it, as go-multiaddr does: {@code /ip4/1.2.3.4/tcp/80/ws} minus {@code /tcp/80} is
     * {@code /ip4/1.2.3.4}. Returns this multiaddr unchanged when {@code other} does not occur in it or is
     * empty, and the empty multiaddr when it occurs at the start.
     */
    public Multiaddr decapsulate(Multiaddr other) {
        Objects.requireNonNull(other, "other");
        int n = other.components.size();
        if (n == 0) {
            return this;
        }
        for (int i = components.size() - n; i >= 0; i--) {
            if (components.subList(i, i + n).equals(other.components)) {
                return prefix(i);
            }
        }
        return this;
    }

    /**
     * Removes the last component with {@code protocol} and everything after it; returns this
     * multiaddr unchanged when there is none.
     */
    public Multiaddr decapsulate(Protocol protocol) {
        Objects.requireNonNull(protocol, "protocol");
        for (int i = components.size() - 1; i >= 0; i--) {
            if (components.get(i).protocol() == protocol) {
                return prefix(i);
            }
        }
        return this;
    }

    /**
     * The peer id of the <em>last</em> {@code /p2p} component, wherever it stands: the target of
     * {@code /p2p/relay/p2p-circuit/p2p/target}, the peer of {@code /p2p/id/http-path/x}.
     */
    public Optional<PeerId> peerId() {
        for (int i = components.size() - 1; i >= 0; i--) {
            Component c = components.get(i);
            if (c.protocol() == Protocol.P2P) {
                return Optional.of(PeerIdCodec.peerId(c.valueUnsafe()));
            }
        }
        return Optional.empty();
    }

    /**
     * This multiaddr without its trailing {@code /p2p} component (the transport address to dial, as
     * go-libp2p's {@code peer.SplitAddr} gives it); this multiaddr itself when it does not end in one.
     */
    public Multiaddr withoutPeerId() {
        int last = components.size() - 1;
        return last >= 0 && components.get(last).protocol() == Protocol.P2P ? prefix(last) : this;
    }

    /**
     * This multiaddr ending in {@code /p2p/<peerId>}: a trailing {@code /p2p} component is replaced,
     * otherwise one is appended.
     *
     * @throws MultiaddrException if this ends in a path component or the result is too long
     */
    public Multiaddr withPeerId(PeerId peerId) {
        Objects.requireNonNull(peerId, "peerId");
        return withoutPeerId().encapsulate(new Component(Protocol.P2P, peerId.bytes()));
    }

    private Multiaddr prefix(int length) {
        return length == 0 ? EMPTY : new Multiaddr(components.subList(0, length));
    }

    private int indexOf(Protocol protocol) {
        Objects.requireNonNull(protocol, "protocol");
        for (int i = 0; i < components.size(); i++) {
            if (components.get(i).protocol() == protocol) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The canonical text form: {@code /p2p/} with a base58btc peer id, IPv6 as RFC 5952 text, numbers
     * without leading zeros. The empty multiaddr prints as the empty string, as in go-multiaddr.
     */
    @Override
    public String toString() {
        String s = text;
        if (s == null) {
            StringBuilder sb = new StringBuilder();
            for (Component c : components) {
                c.appendTo(sb);
            }
            s = sb.toString();
            text = s;
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multiaddr other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
