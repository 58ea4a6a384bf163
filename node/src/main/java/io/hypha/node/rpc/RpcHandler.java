package io.hypha.node.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypha.block.BlockNotFoundException;
import io.hypha.host.HostBuilder;
import io.hypha.node.internal.HttpChunkStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** One API connection: Kubo's request checks, then the command, answered as JSON or streamed. */
final class RpcHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = System.getLogger(RpcHandler.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PREFIX = "/api/v0/";

    private final RpcCommands commands;
    private final int port;
    private final List<String> allowedOrigins;

    RpcHandler(RpcCommands commands, int port, List<String> allowedOrigins) {
        this.commands = commands;
        this.port = port;
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            plain(ctx, HttpResponseStatus.BAD_REQUEST, "malformed request", false);
            return;
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        String referer = req.headers().get(HttpHeaderNames.REFERER);
        // Kubo's browser protections: a page on another origin must not drive the API
        if (origin != null && !allowedOrigin(origin)) {
            plain(ctx, HttpResponseStatus.FORBIDDEN, "403 - Forbidden", keepAlive);
            return;
        }
        if (origin == null && referer != null && !allowedOrigin(referer)) {
            plain(ctx, HttpResponseStatus.FORBIDDEN, "403 - Forbidden", keepAlive);
            return;
        }
        String agent = req.headers().get(HttpHeaderNames.USER_AGENT);
        if (origin == null && referer == null && agent != null && agent.startsWith("Mozilla")) {
            plain(ctx, HttpResponseStatus.FORBIDDEN, "403 - Forbidden", keepAlive);
            return;
        }
        if (req.method().equals(HttpMethod.OPTIONS)) {
            plain(ctx, HttpResponseStatus.OK, "", keepAlive);
            return;
        }
        if (!req.method().equals(HttpMethod.POST)) {
            plain(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "405 - Method Not Allowed", keepAlive);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String path = uri.path();
        if (!path.startsWith(PREFIX)) {
            plain(ctx, HttpResponseStatus.NOT_FOUND, "404 page not found", keepAlive);
            return;
        }
        String command = path.substring(PREFIX.length());
        if (command.endsWith("/")) {
            command = command.substring(0, command.length() - 1);
        }
        CompletableFuture<RpcReply> reply;
        try {
            reply = commands.run(new RpcRequest(command, uri.parameters()));
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        if (reply == null) {
            plain(ctx, HttpResponseStatus.NOT_FOUND, "404 page not found", keepAlive);
            return;
        }
        String name = command;
        reply.whenComplete((r, error) -> ctx.executor().execute(() -> {
            if (error != null) {
                error(ctx, name, error, keepAlive);
            } else if (r instanceof RpcReply.Json j) {
                json(ctx, j.value(), keepAlive);
            } else if (r instanceof RpcReply.Stream s) {
                stream(ctx, name, s, keepAlive);
            }
        }));
    }

    /** Whether a browser origin (or a Referer's origin) may use the API: its own loopback origin, or configured. */
    private boolean allowedOrigin(String value) {
        if (allowedOrigins.contains("*") || allowedOrigins.contains(value)) {
            return true;
        }
        try {
            URI u = URI.create(value);
            String origin = u.getScheme() + "://" + u.getRawAuthority();
            if (allowedOrigins.contains(origin)) {
                return true;
            }
            String host = u.getHost();
            boolean loopback = "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host)
                    || "::1".equals(host);
            return loopback && u.getPort() == port && ("http".equals(u.getScheme()) || "https".equals(u.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void plain(ChannelHandlerContext ctx, HttpResponseStatus status, String text, boolean keepAlive) {
        ByteBuf body = Unpooled.copiedBuffer(text.isEmpty() ? "" : text + "\n", StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        send(ctx, res, keepAlive);
    }

    private static void json(ChannelHandlerContext ctx, Object value, boolean keepAlive) {
        byte[] bytes;
        try {
            bytes = value == null ? new byte[0] : (JSON.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            error(ctx, "json", e, keepAlive);
            return;
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        send(ctx, res, keepAlive);
    }

    private static void error(ChannelHandlerContext ctx, String command, Throwable error, boolean keepAlive) {
        Throwable e = unwrap(error);
        RpcException.Kind kind = e instanceof RpcException r ? r.kind
                : e instanceof IllegalArgumentException ? RpcException.Kind.CLIENT : RpcException.Kind.NORMAL;
        String message = e instanceof BlockNotFoundException || e instanceof RpcException || e instanceof IOException
                || e instanceof IllegalArgumentException || e.getMessage() != null ? e.getMessage() : e.toString();
        if (kind == RpcException.Kind.NORMAL && !(e instanceof IOException) && !(e instanceof RpcException)
                && !(e instanceof BlockNotFoundException)) {
            LOG.log(Level.DEBUG, "RPC API: " + command + " failed", e);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Message", message);
        body.put("Code", kind.code);
        body.put("Type", "error");
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException impossible) {
            bytes = "{\"Message\":\"error\",\"Code\":0,\"Type\":\"error\"}\n".getBytes(StandardCharsets.UTF_8);
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(kind.status), Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        send(ctx, res, keepAlive);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse res, boolean keepAlive) {
        HttpUtil.setContentLength(res, res.content().readableBytes());
        res.headers().set("Server", "hypha/" + HostBuilder.version());
        HttpUtil.setKeepAlive(res, keepAlive);
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Streams a command's bytes: the headers now, then chunks as the writer produces them, on the content API's
     * threads; each chunk waits until the socket took the previous one, so a slow client holds one chunk. A failure
     * after the first byte ends the stream with Kubo's {@code X-Stream-Error} trailer.
     */
    private static void stream(ChannelHandlerContext ctx, String command, RpcReply.Stream s, boolean keepAlive) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, s.contentType());
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        head.headers().set("X-Stream-Output", "1");
        head.headers().set(HttpHeaderNames.TRAILER, "X-Stream-Error");
        head.headers().set("Server", "hypha/" + HostBuilder.version());
        HttpUtil.setKeepAlive(head, keepAlive);
        ctx.writeAndFlush(head);
        HttpChunkStream out = new HttpChunkStream(ctx);
        CompletableFuture<?> written;
        try {
            written = s.writer().apply(out);
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        written.whenComplete((v, error) -> {
            try {
                out.flush();
            } catch (IOException e) {
                error = error == null ? e : error;
            }
            LastHttpContent last = new DefaultLastHttpContent();
            if (error != null) {
                Throwable e = unwrap(error);
                last.trailingHeaders().set("X-Stream-Error", String.valueOf(e.getMessage()));
                LOG.log(Level.DEBUG, "RPC API: " + command + " failed while streaming: " + e);
            }
            var f = ctx.writeAndFlush(last);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        });
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            LOG.log(Level.DEBUG, "RPC API connection " + ctx.channel() + " idle; closing");
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.DEBUG, "RPC API connection " + ctx.channel() + " closed: " + cause);
        ctx.close();
    }
}
