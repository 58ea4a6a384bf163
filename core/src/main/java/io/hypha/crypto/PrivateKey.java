package io.hypha.crypto;

import java.security.SecureRandom;

/**
 * A libp2p private key (libp2p/specs peer-ids/peer-ids.md, "Keys"): signs data in the format the
 * matching {@link PublicKey#verify} (and go-libp2p, rust-libp2p, js-libp2p) accepts.
 *
 * <p>Implementations are immutable and thread-safe; {@code toString()} never shows the secret.
 */
public sealed interface PrivateKey permits Ed25519PrivateKey, Secp256k1PrivateKey, EcdsaPrivateKey, RsaPrivateKey {

    KeyType type();

    PublicKey publicKey();

    /** Signs {@code data} (the whole message; hashing, where the scheme hashes, happens inside). */
    byte[] sign(byte[] data);

    /**
     * The {@code PrivateKey} protobuf. Data is: Ed25519 64 bytes seed‖public key; secp256k1 the
     * 32-byte scalar; ECDSA a DER SEC 1 ECPrivateKey (as go's {@code x509.MarshalECPrivateKey}); RSA a
     * PKCS#1 DER RSAPrivateKey. Returns a copy.
     */
    byte[] encode();

    /**
     * Decodes a {@code PrivateKey} protobuf, strictly. Ed25519 also accepts the legacy 96-byte form
     * seed‖public‖public.
     *
     * @throws MalformedKeyException if the protobuf or the key inside it is malformed or inconsistent
     */
    static PrivateKey decode(byte[] protobuf) {
        KeyProtobuf.Fields fields = KeyProtobuf.decode(protobuf, "private key");
        byte[] data = fields.data();
        return switch (fields.type()) {
            case ED25519 -> Ed25519PrivateKey.fromData(data);
            case SECP256K1 -> Secp256k1PrivateKey.fromData(data);
            case ECDSA -> EcdsaPrivateKey.fromData(data);
            case RSA -> RsaPrivateKey.fromData(data);
        };
    }

    /** Generates a key of {@code type} (RSA: {@value RsaPublicKey#DEFAULT_BITS} bits). */
    static PrivateKey generate(KeyType type) {
        return generate(type, new SecureRandom());
    }

    /** Generates a key of {@code type} from {@code random} (RSA: {@value RsaPublicKey#DEFAULT_BITS} bits). */
    static PrivateKey generate(KeyType type, SecureRandom random) {
        return switch (type) {
            case ED25519 -> Ed25519PrivateKey.generate(random);
            case SECP256K1 -> Secp256k1PrivateKey.generate(random);
            case ECDSA -> EcdsaPrivateKey.generate(random);
            case RSA -> RsaPrivateKey.generate(RsaPublicKey.DEFAULT_BITS, random);
        };
    }

    /**
     * Generates an RSA key of {@code bits} ({@value RsaPublicKey#MIN_BITS} to
     * {@value RsaPublicKey#MAX_BITS}).
     *
     * @throws IllegalArgumentException if {@code type} is not RSA (the other types have a fixed size)
     *     or {@code bits} is out of range
     */
    static PrivateKey generate(KeyType type, int bits) {
        if (type != KeyType.RSA) {
            throw new IllegalArgumentException(type + " keys have a fixed size; a bit length applies to RSA only");
        }
        return RsaPrivateKey.generate(bits, new SecureRandom());
    }
}
