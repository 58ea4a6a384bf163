package io.hypha.muxer.yamux;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.HashMap;
import java.util.Map;

/**
 * Sits between {@link YamuxFrameCodec} and {@link YamuxHandler} on a receiving connection and checks flow control
 * from the wire: per stream, Data bytes received never exceed the window granted (the spec's initial window plus
 * every WindowUpdate delta we sent), and the granted-but-unused window never exceeds the 16 MiB ceiling, which
 * bounds what the receiver can ever have buffered.
 */
final class WireMonitor extends ChannelDuplexHandler {
    private final Map<Integer, long[]> streams = new HashMap<>();
    volatile String violation;
    volatile long maxOutstandingWindow;
    volatile long dataBytes;

    private long[] stream(int id) {
        return streams.computeIfAbsent(id, k -> new long[] {YamuxConfig.SPEC_INITIAL_WINDOW, 0});
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof YamuxFrame.Data data) {
            long[] s = stream(data.streamId());
            s[1] += data.length();
            dataBytes += data.length();
            if (s[1] > s[0] && violation == null) {
                violation = "stream " + data.streamId() + " received " + s[1] + " > granted " + s[0];
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof YamuxFrame.WindowUpdate update && update.streamId() != 0) {
            long[] s = stream(update.streamId());
            s[0] += update.delta();
            long outstanding = s[0] - s[1];
            maxOutstandingWindow = Math.max(maxOutstandingWindow, outstanding);
            if (outstanding > YamuxConfig.MAX_STREAM_WINDOW_LIMIT && violation == null) {
                violation = "stream " + update.streamId() + " window " + outstanding + " above the ceiling";
            }
        }
        ctx.write(msg, promise);
    }
}
