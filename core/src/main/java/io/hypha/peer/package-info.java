/**
 * Peer identity: {@link io.hypha.peer.PeerId}, the multihash of a peer's public key as defined in
 * libp2p/specs {@code peer-ids/peer-ids.md} ("Peer Ids", "String representation").
 *
 * <p>Keys whose protobuf encoding is at most 42 bytes (Ed25519, secp256k1) are inlined with the
 * identity multihash; larger keys (RSA, ECDSA) are hashed with SHA-256. Both text forms are parsed:
 * legacy base58btc multihashes and CIDv1 with codec {@code libp2p-key} in any multibase. Peer ids are
 * displayed in base58btc.
 *
 * <p>Deliberate strictness: an identity peer id must hold the canonical encoding of a valid public
 * key of at most 42 bytes (as rust-libp2p and js-libp2p check), and a SHA-256 peer id must carry the
 * full 32-byte digest; go-libp2p's {@code peer.Decode} accepts any multihash.
 */
package io.hypha.peer;
