package io.hypha.muxer;

import io.hypha.resource.ConnectionScope;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;

/** A stream multiplexer that can be negotiated on a secured connection (e.g. {@code /yamux/1.0.0}). */
public interface StreamMuxer {
    /** The multistream-select protocol id. */
    String protocolId();

    /**
     * Installs the muxer at the end of {@code pipeline} (whose channel carries the secured byte stream) and
     * returns its session. Streams the peer opens get {@code inboundStreamHandler} as their first handler;
     * it is shared by every stream, so it must be {@link ChannelHandler.Sharable}. Streams, their windows and
     * buffers are accounted in {@code scope}.
     */
    MuxedSession install(ChannelPipeline pipeline, MuxerRole role, ChannelHandler inboundStreamHandler,
            ConnectionScope scope);

    /** As {@link #install(ChannelPipeline, MuxerRole, ChannelHandler, ConnectionScope)} with an unlimited scope. */
    default MuxedSession install(ChannelPipeline pipeline, MuxerRole role, ChannelHandler inboundStreamHandler) {
        return install(pipeline, role, inboundStreamHandler, ConnectionScope.unlimited());
    }
}
