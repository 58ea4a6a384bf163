package io.hypha.security.noise;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The libp2p {@code NoiseHandshakePayload} carried in handshake messages 2 and 3 (libp2p noise/README.md,
 * "The libp2p Handshake Payload"):
 * <pre>
 * message NoiseHandshakePayload {
 *   optional bytes identity_key = 1;        // serialized libp2p PublicKey protobuf
 *   optional bytes identity_sig = 2;        // Sign(identity, "noise-libp2p-static-key:" || static X25519 key)
 *   optional NoiseExtensions extensions = 4;
 * }
 * </pre>
 * Absent fields are null. Arrays are copied in and out. Encoding and decoding live in
 * {@link NoiseHandshakePayloadCodec}.
 */
public record NoiseHandshakePayload(byte[] identityKey, byte[] identitySig, NoiseExtensions extensions) {
    public NoiseHandshakePayload {
        identityKey = identityKey == null ? null : identityKey.clone();
        identitySig = identitySig == null ? null : identitySig.clone();
    }

    @Override
    public byte[] identityKey() {
        return identityKey == null ? null : identityKey.clone();
    }

    @Override
    public byte[] identitySig() {
        return identitySig == null ? null : identitySig.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoiseHandshakePayload other
                && Arrays.equals(identityKey, other.identityKey)
                && Arrays.equals(identitySig, other.identitySig)
                && Objects.equals(extensions, other.extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(identityKey), Arrays.hashCode(identitySig), extensions);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "NoiseHandshakePayload[identityKey=" + (identityKey == null ? null : hex.formatHex(identityKey))
                + ", identitySig=" + (identitySig == null ? null : hex.formatHex(identitySig))
                + ", extensions=" + extensions + "]";
    }
}
