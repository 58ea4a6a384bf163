/**
 * yamux, the libp2p stream multiplexer {@code /yamux/1.0.0}: libp2p/specs {@code yamux/README.md} (a copy of
 * the hashicorp yamux {@code spec.md}), with go-yamux ({@code const.go}, {@code session.go}, {@code stream.go})
 * as the reference for behaviour the spec leaves open.
 *
 * <p>Layers: {@link io.hypha.muxer.yamux.YamuxFrame} and {@link io.hypha.muxer.yamux.YamuxFrameCodec} (wire),
 * {@link io.hypha.muxer.yamux.YamuxSession} (sans-IO state machine: streams, windows, keep-alive, GoAway),
 * {@link io.hypha.muxer.yamux.YamuxHandler} with one {@link io.hypha.muxer.yamux.YamuxStreamChannel} per
 * stream (the Netty adapter, modelled on codec-http2's child channels).
 *
 * <p>Deliberate choices where the spec is silent or where we differ from go-yamux:
 * <ul>
 *   <li>Inbound streams are acknowledged by the first frame we send on them (spec "ACK backlog": SHOULD NOT
 *       implicitly acknowledge); go acknowledges on Accept.</li>
 *   <li>Frames for unknown or closed streams are ignored (go and rust do the same); data after the peer's
 *       FIN resets that stream (a stream error, not a connection error).</li>
 *   <li>Opening beyond the outbound ACK backlog or the stream limit fails at once (REFUSED) instead of
 *       waiting as go's OpenStream does: no unbounded queue of pending opens.</li>
 *   <li>A GoAway with an error code closes the session at once, as go does.</li>
 * </ul>
 */
package io.hypha.muxer.yamux;
