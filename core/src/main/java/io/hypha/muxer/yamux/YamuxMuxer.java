package io.hypha.muxer.yamux;

import io.hypha.muxer.MuxerRole;
import io.hypha.muxer.StreamMuxer;
import io.hypha.resource.ConnectionScope;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;

/** yamux as a negotiable {@link StreamMuxer}: installs {@link YamuxFrameCodec} and a {@link YamuxHandler}. */
public record YamuxMuxer(YamuxConfig config) implements StreamMuxer {
    /** The multistream-select id (libp2p/specs yamux/README.md, "Protocol ID"). */
    public static final String PROTOCOL_ID = "/yamux/1.0.0";

    public YamuxMuxer {
        if (config == null) {
            throw new NullPointerException("config");
        }
    }

    @Override
    public String protocolId() {
        return PROTOCOL_ID;
    }

    @Override
    public YamuxHandler install(ChannelPipeline pipeline, MuxerRole role, ChannelHandler inboundStreamHandler,
            ConnectionScope scope) {
        YamuxHandler handler = new YamuxHandler(config, role, inboundStreamHandler, java.time.Clock.systemUTC(), scope);
        pipeline.addLast(new YamuxFrameCodec(handler::admitData), handler);
        return handler;
    }

    @Override
    public YamuxHandler install(ChannelPipeline pipeline, MuxerRole role, ChannelHandler inboundStreamHandler) {
        return install(pipeline, role, inboundStreamHandler, ConnectionScope.unlimited());
    }

}
