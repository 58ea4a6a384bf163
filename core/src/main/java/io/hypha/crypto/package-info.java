/**
 * libp2p keys: the four key types of libp2p/specs {@code peer-ids/peer-ids.md} ("Keys") with their
 * protobuf encodings and signature schemes, interoperable with go-libp2p {@code core/crypto}.
 *
 * <ul>
 *   <li>{@link io.hypha.crypto.PublicKey} and {@link io.hypha.crypto.PrivateKey} are sealed; one pair
 *       of final classes per {@link io.hypha.crypto.KeyType}.
 *   <li>Public key protobufs are encoded deterministically (Type then Data, minimal varints), because
 *       peer ids hash them. Decoding is strict and throws {@link io.hypha.crypto.MalformedKeyException}.
 *   <li>Ed25519: RFC 8032 (BouncyCastle, measured about ten times faster than the JDK provider).
 *       secp256k1: ECDSA over SHA-256, DER, RFC 6979 nonces and low-s like go; verification accepts
 *       high s like go. ECDSA: P-256 only, over SHA-256, DER. RSA: PKCS#1 v1.5 over SHA-256, 2048 to
 *       8192 bits like go.
 * </ul>
 *
 * <p>Deliberate deviations from go-libp2p, all stricter on input: secp256k1 public keys must be
 * compressed (go also accepts uncompressed and re-encodes); ECDSA keys must be P-256 (go parses
 * P-384/P-521 too); DER key structures must be canonical (go re-encodes, so a non-canonical key
 * would not give the peer id its bytes suggest); an Ed25519 private key's embedded public key must be
 * the one its seed derives.
 */
package io.hypha.crypto;
