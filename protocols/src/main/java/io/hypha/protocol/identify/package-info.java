/**
 * Identify and identify push: libp2p/specs {@code identify/README.md} ({@code /ipfs/id/1.0.0},
 * {@code /ipfs/id/push/1.0.0}), with the signed peer record of RFC 0002 (signed envelopes) and RFC 0003
 * (peer records) in field 8, as go-libp2p sends it.
 *
 * <p>{@link io.hypha.protocol.identify.Identify} identifies every new connection in both directions, answers
 * the peer's requests, verifies what it is told (the public key must be the one the connection authenticated,
 * a signed peer record must verify and then its addresses win), writes it to the peer store and publishes
 * {@link io.hypha.host.HostEvent.PeerIdentified}. When our protocols or addresses change it pushes the new
 * state to every connected peer.
 *
 * <p>Limits: we accept up to {@value io.hypha.protocol.identify.IdentifyProtocol#MAX_MESSAGE_SIZE} bytes per
 * message and up to {@value io.hypha.protocol.identify.IdentifyProtocol#MAX_MESSAGES} messages per stream,
 * merged (go-libp2p, js-libp2p), and keep what we send under
 * {@value io.hypha.protocol.identify.IdentifyProtocol#MAX_SENT_MESSAGE_SIZE} bytes (rust-libp2p's limit),
 * trimming addresses, then protocols, when needed.
 *
 * <p>Deliberate deviations: in a push an empty repeated field means "unchanged" (proto2 cannot tell an empty
 * list from an absent one); malformed listen or observed addresses are skipped rather than failing the whole
 * message (as go-libp2p does).
 */
package io.hypha.protocol.identify;
