/**
 * The Kademlia DHT, {@code /ipfs/kad/1.0.0}: libp2p/specs {@code kad-dht/README.md}, with the behaviour of
 * go-libp2p-kad-dht (Kubo) where the spec leaves room.
 *
 * <p>The wire side lives here: {@link io.hypha.protocol.kad.KadCodec} maps the proto3 {@code Message} of the spec
 * ({@code libp2p/kad.proto}) to {@link io.hypha.protocol.kad.KadMessage}; {@link io.hypha.protocol.kad.KadServer}
 * answers requests without sockets; {@link io.hypha.protocol.kad.KadHandler} serves inbound streams (many requests
 * per stream, one at a time, as go reuses streams) and {@link io.hypha.protocol.kad.KadClient} sends requests, one
 * stream each. {@code store} holds provider and value records and their validators; {@code routing} and
 * {@code query} hold the routing table and the lookups.
 *
 * <p>Deliberate deviations and choices:
 * <ul>
 *   <li>Inbound messages are limited to {@value io.hypha.protocol.kad.KadProtocol#MAX_MESSAGE_SIZE} bytes (go and js
 *       accept 4 MiB): every honest message we know of is far smaller, and each inbound stream reserves that much in
 *       its memory scope.</li>
 *   <li>Outbound answers are trimmed to {@value io.hypha.protocol.kad.KadProtocol#MAX_OUTBOUND_MESSAGE_SIZE} bytes,
 *       the most rust-libp2p reads: providers go first, then addresses, then closer peers. A PUT_VALUE whose echo
 *       would not fit is refused, since the record could never be served.</li>
 *   <li>Decoding skips peers with an invalid id and addresses that are not multiaddrs, keeps at most
 *       {@value io.hypha.protocol.kad.KadProtocol#MAX_ADDRESSES_PER_PEER} addresses per peer and ignores
 *       {@code clusterLevelRaw}; an unknown message type fails the message.</li>
 *   <li>ADD_PROVIDER has no response (go sends none, and senders must not wait); only the sender's own entry, with
 *       at least one address, is stored. PING is answered but never sent (deprecated).</li>
 *   <li>Keys: provider keys are 1 to {@value io.hypha.protocol.kad.KadProtocol#MAX_PROVIDER_KEY_BYTES} bytes (go),
 *       other keys 1 to {@value io.hypha.protocol.kad.KadProtocol#MAX_RECORD_KEY_BYTES}; values are accepted only in
 *       a namespace with a validator ({@code pk}, and {@code ipns} once the node adds it), as Kubo does.</li>
 * </ul>
 */
package io.hypha.protocol.kad;
