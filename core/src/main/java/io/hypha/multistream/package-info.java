/**
 * multistream-select 1.0: agreeing on the protocol spoken next on a connection or stream.
 *
 * <p>Specifications: {@code multiformats/multistream-select README.md} and {@code libp2p/specs
 * connections/README.md} ("Protocol Negotiation"). Every message is {@code uvarint(len) ‖ UTF-8 text ‖ '\n'}
 * where {@code len} counts the newline; both sides send {@code /multistream/1.0.0} first; the initiator
 * proposes, the responder echoes (accept) or answers {@code na}.
 *
 * <p>Layout: {@link io.hypha.multistream.MultistreamProtocol} (ids and limits),
 * {@link io.hypha.multistream.MultistreamCodec} (message encoding), the sans-IO state machines
 * {@link io.hypha.multistream.MultistreamDialer} and {@link io.hypha.multistream.MultistreamListener}
 * (both {@link io.hypha.multistream.Negotiator}s: bytes in, bytes to write + outcome + left-over bytes out),
 * and the thin, self-removing Netty adapter {@link io.hypha.multistream.MultistreamHandler}.
 *
 * <p>Deliberate choices, each matching what go-libp2p, rust-libp2p or js-libp2p do on the wire:
 * <ul>
 *   <li>Messages longer than {@value io.hypha.multistream.MultistreamProtocol#MAX_MESSAGE_BYTES} bytes are
 *       refused, as go and js refuse them (rust allows 16383); an {@code ls} answer may be longer.</li>
 *   <li>Bytes that follow the final message in the same read ("lazy" / 0-RTT negotiation by rust's
 *       {@code V1Lazy} and go's {@code NewMSSelect}) belong to the next protocol and are handed on untouched.</li>
 *   <li>The responder answers {@code na} to any proposal it does not support, including ids that do not
 *       start with {@code /}, and keeps waiting (go's dialer proposes {@code /tls/1.0.0} before {@code /noise}),
 *       up to {@value io.hypha.multistream.MultistreamProtocol#MAX_PROPOSALS} proposals: neither spec nor the
 *       reference implementations bound them, this limit stops a peer cycling forever.</li>
 *   <li>The {@code ls} answer is one message whose body is the length-prefixed lines of the ids followed by
 *       {@code '\n'}, as go, rust and js encode it.</li>
 * </ul>
 */
package io.hypha.multistream;
