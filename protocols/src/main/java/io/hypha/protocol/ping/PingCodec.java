package io.hypha.protocol.ping;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts a ping stream into {@value PingProtocol#PAYLOAD_SIZE}-byte payloads. Emits each as a {@code ByteBuf}
 * (ownership moves to the next handler); nothing is emitted until a whole payload has arrived. Bytes left over
 * at the end of the stream (fewer than a payload) are dropped, as go-libp2p's {@code io.ReadFull} does.
 */
final class PingCodec extends ByteToMessageDecoder {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= PingProtocol.PAYLOAD_SIZE) {
            out.add(in.readRetainedSlice(PingProtocol.PAYLOAD_SIZE));
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        in.skipBytes(in.readableBytes());
    }
}
