package io.hypha.muxer;

import io.hypha.resource.StreamScope;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;

/**
 * One muxed stream as a Netty child channel with its own pipeline (the codec-http2 model). Reads deliver
 * {@code ByteBuf}s, writes take {@code ByteBuf}s; {@link #isWritable()} reflects the peer's flow-control
 * window and the connection's writability. The three ways to end a stream (go-libp2p
 * {@code core/network/mux.go}):
 * <ul>
 *   <li>{@link #shutdownOutput()}: half-close, after every byte already written was sent;</li>
 *   <li>{@link #close()}: our side is done: FIN if not sent, the read side is dropped;</li>
 *   <li>{@link #reset()}: abort both directions at once.</li>
 * </ul>
 */
public interface MuxedStreamChannel extends DuplexChannel {
    /** Resets the stream (both directions, unsent data is failed) and closes this channel; returns the close future. */
    ChannelFuture reset();

    /**
     * The stream's resource scope: its receive window is reserved there, and protocols reserve what they buffer
     * through it. Null once the stream is gone from its session.
     */
    StreamScope resourceScope();
}
