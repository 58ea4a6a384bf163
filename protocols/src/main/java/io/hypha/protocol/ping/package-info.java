/**
 * Ping: libp2p/specs {@code ping/ping.md} ({@code /ipfs/ping/1.0.0}). The dialer writes 32 random bytes, the
 * listener echoes them, repeatedly on one stream until the dialer half-closes.
 *
 * <p>{@link io.hypha.protocol.ping.Ping} answers pings (at most
 * {@value io.hypha.protocol.ping.PingProtocol#MAX_INBOUND_STREAMS_PER_PEER} concurrent inbound streams per peer,
 * as js-libp2p; more are reset) and sends them: one round trip per {@link io.hypha.protocol.ping.Ping#ping(
 * io.hypha.peer.PeerId)}, or many over one stream with a {@link io.hypha.protocol.ping.PingSession} (go-libp2p
 * keeps one outbound stream per peer). Every echo is checked against what was sent.
 *
 * <p>Deliberate deviation: we do not enforce one outbound ping stream per peer; each call to {@code ping} or
 * {@code openSession} opens its own stream. Callers that ping periodically should keep one session.
 */
package io.hypha.protocol.ping;
