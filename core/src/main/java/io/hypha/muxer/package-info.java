/**
 * The stream-muxer seam: {@link io.hypha.muxer.StreamMuxer} (negotiable by protocol id),
 * {@link io.hypha.muxer.MuxedSession} (open streams) and {@link io.hypha.muxer.MuxedStreamChannel}
 * (a stream as a Netty child channel). libp2p/specs {@code connections/README.md} describes where a muxer sits;
 * the only implementation is {@link io.hypha.muxer.yamux}.
 */
package io.hypha.muxer;
