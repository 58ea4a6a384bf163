package io.hypha.multiaddr;

import io.hypha.peer.InvalidPeerIdException;
import io.hypha.peer.PeerId;

/**
 * {@code /p2p} (alias {@code /ipfs}): binary is the peer id's multihash; text is that multihash in bare
 * base58btc ({@code Qm...}, {@code 12D3KooW...}) or a libp2p-key CIDv1 in any multibase ({@code bafz...},
 * {@code k51...}); it always prints as base58btc (libp2p specs {@code peer-ids/peer-ids.md}).
 *
 * <p>Validation is {@link PeerId}'s, so every {@code /p2p} value yields a peer id. That is a little
 * stricter than go-multiaddr, which accepts any identity multihash: here an identity multihash must
 * inline a canonically encoded public key of at most {@value PeerId#MAX_INLINE_KEY_BYTES} bytes, as
 * the spec requires of a peer id.
 */
enum PeerIdCodec implements ValueCodec {
    INSTANCE;

    @Override
    public byte[] parse(String text) {
        try {
            return PeerId.parse(text).bytes();
        } catch (InvalidPeerIdException e) {
            throw new MultiaddrException(e.getMessage(), e);
        }
    }

    @Override
    public String format(byte[] value) {
        return peerId(value).toBase58();
    }

    @Override
    public void validate(byte[] value) {
        peerId(value);
    }

    static PeerId peerId(byte[] value) {
        try {
            return PeerId.fromBytes(value);
        } catch (InvalidPeerIdException e) {
            throw new MultiaddrException(e.getMessage(), e);
        }
    }
}
