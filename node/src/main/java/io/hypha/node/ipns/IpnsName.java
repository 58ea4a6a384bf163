package io.hypha.node.ipns;

import io.hypha.crypto.PublicKey;
import io.hypha.multiformats.Multibase;
import io.hypha.peer.InvalidPeerIdException;
import io.hypha.peer.PeerId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPNS name: the multihash of a public key, which is to say a peer id (ipfs/specs
 * {@code src/ipns/ipns-record.md}, "IPNS Name"). Its text form is a CIDv1 with codec {@code libp2p-key} in
 * base36 ({@code k51...}, "String Representation"); {@link #parse} also reads the legacy base58 peer id
 * ({@code 12D3KooW...}, {@code Qm...}) and a CID in any other multibase.
 */
public record IpnsName(PeerId peerId) {
    /** The path prefix of a name, and of its DHT key ({@code 2f69706e732f}, "Routing Record"). */
    public static final String PREFIX = "/" + Ipns.NAMESPACE + "/";

    private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.US_ASCII);

    public IpnsName {
        Objects.requireNonNull(peerId, "peerId");
    }

    /** The name of {@code key}. */
    public static IpnsName of(PublicKey key) {
        return new IpnsName(PeerId.fromPublicKey(key));
    }

    /**
     * Reads a name, with or without the {@code /ipns/} prefix.
     *
     * @throws InvalidPeerIdException if the text is not a peer id in one of its forms (a DNSLink domain is not
     *     a name)
     */
    public static IpnsName parse(String text) {
        Objects.requireNonNull(text, "text");
        String name = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text;
        return new IpnsName(PeerId.parse(name));
    }

    /**
     * The name whose DHT key is {@code key}: {@code /ipns/} followed by the binary peer id.
     *
     * @throws InvalidPeerIdException if {@code key} lacks the prefix or the rest is not a peer id
     */
    public static IpnsName fromRoutingKey(byte[] key) {
        if (key.length < PREFIX_BYTES.length
                || !Arrays.equals(key, 0, PREFIX_BYTES.length, PREFIX_BYTES, 0, PREFIX_BYTES.length)) {
            throw new InvalidPeerIdException("IPNS routing key does not start with " + PREFIX);
        }
        return new IpnsName(PeerId.fromBytes(Arrays.copyOfRange(key, PREFIX_BYTES.length, key.length)));
    }

    /** The DHT key of the name's records: {@code /ipns/} ‖ peer id multihash bytes (binary, not text). */
    public byte[] routingKey() {
        byte[] id = peerId.bytes();
        byte[] key = Arrays.copyOf(PREFIX_BYTES, PREFIX_BYTES.length + id.length);
        System.arraycopy(id, 0, key, PREFIX_BYTES.length, id.length);
        return key;
    }

    /** {@code /ipns/k51...}. */
    public String toPath() {
        return PREFIX + this;
    }

    /** The base36 CIDv1 form, {@code k51...}, as the spec recommends. */
    @Override
    public String toString() {
        return peerId.toCidString(Multibase.BASE36);
    }
}
