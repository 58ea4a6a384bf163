package io.hypha.security.noise;

import io.hypha.crypto.PublicKey;
import io.hypha.peer.PeerId;
import java.util.Objects;

/**
 * The outcome of a successful libp2p Noise handshake.
 *
 * @param remotePeerId the remote peer id, derived from {@code remotePublicKey}
 * @param remotePublicKey the remote identity key, whose signature over the remote static key was verified
 * @param streamMuxer the muxer agreed through the inlined muxer negotiation extension, or null when either side
 *     offered none (then the muxer is negotiated with multistream-select inside the secure channel)
 * @param sendCipher the CipherState our transport messages are sealed with
 * @param receiveCipher the CipherState the remote's transport messages are opened with
 * @param handshakeHash the final Noise handshake hash (channel binding); a copy is returned
 */
public record NoiseHandshakeResult(
        PeerId remotePeerId,
        PublicKey remotePublicKey,
        String streamMuxer,
        CipherState sendCipher,
        CipherState receiveCipher,
        byte[] handshakeHash) {
    public NoiseHandshakeResult {
        Objects.requireNonNull(remotePeerId, "remotePeerId");
        Objects.requireNonNull(remotePublicKey, "remotePublicKey");
        Objects.requireNonNull(sendCipher, "sendCipher");
        Objects.requireNonNull(receiveCipher, "receiveCipher");
        handshakeHash = handshakeHash.clone();
    }

    @Override
    public byte[] handshakeHash() {
        return handshakeHash.clone();
    }

    @Override
    public String toString() {
        return "NoiseHandshakeResult[remote=" + remotePeerId + ", streamMuxer=" + streamMuxer + "]";
    }
}
