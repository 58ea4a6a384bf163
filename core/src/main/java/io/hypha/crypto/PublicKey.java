package io.hypha.crypto;

/**
 * A libp2p public key (libp2p/specs peer-ids/peer-ids.md, "Keys").
 *
 * <p>Implementations are immutable and compare equal when their {@linkplain #encode() encodings}
 * are equal. Every way of obtaining one validates the key: a {@code PublicKey} always holds a point
 * on its curve or an RSA modulus libp2p accepts.
 */
public sealed interface PublicKey permits Ed25519PublicKey, Secp256k1PublicKey, EcdsaPublicKey, RsaPublicKey {

    KeyType type();

    /**
     * The key's {@code Data} field: 32 raw bytes (Ed25519), the 33-byte compressed point
     * (secp256k1) or a DER PKIX SubjectPublicKeyInfo (ECDSA, RSA). Returns a copy.
     */
    byte[] raw();

    /**
     * Whether {@code signature} is this key's signature over {@code data}, in the libp2p signature
     * format of the key type. A malformed signature is not an error: it just does not verify.
     */
    boolean verify(byte[] data, byte[] signature);

    /**
     * The deterministic {@code PublicKey} protobuf: Type then Data, minimal varints. These are the
     * bytes a peer id is derived from. Returns a copy.
     */
    byte[] encode();

    /**
     * Decodes a {@code PublicKey} protobuf, strictly.
     *
     * @throws MalformedKeyException if the protobuf or the key inside it is malformed
     */
    static PublicKey decode(byte[] protobuf) {
        KeyProtobuf.Fields fields = KeyProtobuf.decode(protobuf, "public key");
        return of(fields.type(), fields.data());
    }

    /**
     * The public key of {@code type} whose {@code Data} field is {@code raw} (see {@link #raw()}).
     *
     * @throws MalformedKeyException if {@code raw} is not a valid key of that type
     */
    static PublicKey of(KeyType type, byte[] raw) {
        return switch (type) {
            case ED25519 -> Ed25519PublicKey.fromRaw(raw);
            case SECP256K1 -> Secp256k1PublicKey.fromRaw(raw);
            case ECDSA -> EcdsaPublicKey.fromRaw(raw);
            case RSA -> RsaPublicKey.fromRaw(raw);
        };
    }
}
