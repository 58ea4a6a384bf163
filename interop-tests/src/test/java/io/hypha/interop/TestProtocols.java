package io.hypha.interop;

import io.hypha.host.ProtocolHandler;
import io.hypha.host.ProtocolId;
import io.hypha.testing.EchoHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The test protocols js/peer.mjs also speaks: echo (send everything back, half-close after the peer) and
 * sink (count and hash everything, then answer "<bytes> <sha256 hex>").
 */
final class TestProtocols {
    static final ProtocolId ECHO = EchoHandler.ID;
    static final ProtocolId SINK = ProtocolId.of("/hypha/sink/1.0.0");

    private TestProtocols() {}

    static final ProtocolHandler ECHO_HANDLER = EchoHandler.PROTOCOL;

    static final ProtocolHandler SINK_HANDLER = stream -> stream.channel().pipeline().addLast(new ChannelInboundHandlerAdapter() {
        private final MessageDigest sha = sha256();
        private long count;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                count += buf.readableBytes();
                sha.update(buf.nioBuffer());
            } finally {
                buf.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                String answer = count + " " + HexFormat.of().formatHex(sha.digest());
                ctx.writeAndFlush(Unpooled.copiedBuffer(answer, StandardCharsets.US_ASCII));
                ((DuplexChannel) ctx.channel()).shutdownOutput();
            }
        }
    });

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
