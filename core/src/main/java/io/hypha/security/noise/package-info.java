/**
 * The libp2p Noise secure channel: {@code Noise_XX_25519_ChaChaPoly_SHA256} as specified by the Noise
 * Protocol Framework (revision 34, <a href="https://noiseprotocol.org/noise.html">noiseprotocol.org</a>)
 * and profiled for libp2p by <a href="https://github.com/libp2p/specs/blob/master/noise/README.md">libp2p/specs
 * noise/README.md</a>, including the inlined muxer negotiation extension
 * ({@code connections/inlined-muxer-negotiation.md}).
 *
 * <p>Layers, each usable without the one above:
 * <ul>
 *   <li>{@link io.hypha.security.noise.CipherState}, {@link io.hypha.security.noise.SymmetricState} and
 *       {@link io.hypha.security.noise.HandshakeState}: the Noise framework objects of spec section 5, sans-IO;</li>
 *   <li>{@link io.hypha.security.noise.NoiseHandshakePayload} and its codec: the libp2p handshake payload;</li>
 *   <li>{@link io.hypha.security.noise.LibP2pNoiseHandshake}: one side of a libp2p Noise handshake over framed
 *       messages, still sans-IO;</li>
 *   <li>{@link io.hypha.security.noise.NoiseHandshakeHandler} and the transport codec: the thin Netty adapter.</li>
 * </ul>
 *
 * <p>Deliberate choices: the handshake rejects an all-zero X25519 shared secret (allowed by Noise section 12.1,
 * as go-libp2p's curve25519 does); rekey is not implemented (libp2p never uses it); a transport message is
 * refused once the nonce reaches 2<sup>64</sup>-1 (Noise section 5.1), which ends the connection.
 */
package io.hypha.security.noise;
