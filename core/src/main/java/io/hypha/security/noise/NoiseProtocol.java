package io.hypha.security.noise;

import java.nio.charset.StandardCharsets;

/** Protocol id, names and size limits of libp2p Noise, each with its spec reference. */
public final class NoiseProtocol {
    /** multistream-select protocol id (libp2p/specs noise/README.md, "Protocol identifier"). */
    public static final String PROTOCOL_ID = "/noise";

    /** The one handshake libp2p uses (libp2p noise/README.md, "Handshake Pattern"). */
    public static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";

    /** DHLEN for X25519 (Noise section 12.1). */
    public static final int DH_LENGTH = 32;

    /** HASHLEN for SHA-256 (Noise section 12.5). */
    public static final int HASH_LENGTH = 32;

    /** Cipher key length (Noise section 5.1: 32 bytes). */
    public static final int KEY_LENGTH = 32;

    /** AEAD authentication tag length (Noise section 5.1). */
    public static final int TAG_LENGTH = 16;

    /** The largest Noise message, handshake or transport (Noise section 3, and the libp2p u16 length prefix). */
    public static final int MAX_MESSAGE_LENGTH = 65535;

    /** The largest transport plaintext: a full message minus the tag (libp2p noise/README.md, "Wire Format"). */
    public static final int MAX_PLAINTEXT_LENGTH = MAX_MESSAGE_LENGTH - TAG_LENGTH;

    /** The length prefix of every libp2p Noise message: u16 big-endian (libp2p noise/README.md, "Wire Format"). */
    public static final int LENGTH_PREFIX_BYTES = 2;

    /** Prefix of the data signed by the identity key (libp2p noise/README.md, "Static Key Authentication"). */
    public static final String STATIC_KEY_SIGNATURE_PREFIX = "noise-libp2p-static-key:";

    /** The bytes an identity key signs for a given X25519 static public key. */
    public static byte[] staticKeySignatureData(byte[] staticPublicKey) {
        byte[] prefix = STATIC_KEY_SIGNATURE_PREFIX.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + staticPublicKey.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(staticPublicKey, 0, out, prefix.length, staticPublicKey.length);
        return out;
    }

    private NoiseProtocol() {}
}
