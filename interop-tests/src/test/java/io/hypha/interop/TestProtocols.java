package io.hypha.interop;

import io.hypha.host.ProtocolHandler;
import io.hypha.host.ProtocolId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/**
 * The test protocols js/peer.mjs also speaks: echo (send everything back, half-close after the peer) and
 * sink (count and hash everything, then answer "<bytes> <sha256 hex>").
 */
final class TestProtocols {
    static final ProtocolId ECHO = ProtocolId.of("/hypha/echo/1.0.0");
    static final ProtocolId SINK = ProtocolId.of("/hypha/sink/1.0.0");

    private TestProtocols() {}

    static final ProtocolHandler ECHO_HANDLER = stream -> stream.channel().pipeline().addLast(new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                ctx.flush();
                ((DuplexChannel) ctx.channel()).shutdownOutput();
            }
        }
    });

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

    /** Collects a stream's bytes until the peer half-closes (or the stream ends). */
    static final class Collector extends ChannelInboundHandlerAdapter {
        final CompletableFuture<byte[]> received = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                byte[] chunk = new byte[buf.readableBytes()];
                buf.readBytes(chunk);
                bytes.writeBytes(chunk);
            } finally {
                buf.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                received.complete(bytes.toByteArray());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            received.completeExceptionally(new java.io.IOException("stream closed before the peer finished"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            received.completeExceptionally(cause);
        }
    }
}
