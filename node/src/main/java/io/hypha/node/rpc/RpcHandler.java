package io.hypha.node.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypha.block.BlockNotFoundException;
import io.hypha.host.HostBuilder;
import io.hypha.node.internal.HttpChunkStream;
import io.hypha.node.metrics.NodeMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
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

/**
 * One API connection: Kubo's request checks, then the command, answered as JSON or streamed. One request at a
 * time: reading stops once a request is complete and resumes when its answer is written. Upload commands
 * ({@link RpcCommands#UPLOADS}) read their body as it arrives through an {@link UploadBody}; every other body is
 * read whole and bounded by {@link RpcServer#MAX_REQUEST_BYTES} (413 beyond it).
 */
final class RpcHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = System.getLogger(RpcHandler.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PREFIX = "/api/v0/";
    /** Where the node's metrics are served, as Kubo serves its own: GET (or POST), outside {@link #PREFIX}. */
    static final String METRICS_PATH = "/debug/metrics/prometheus";

    private final RpcCommands commands;
    private final int port;
    private final List<String> allowedOrigins;
    private final ApiAuthorizations authorizations;
    private final NodeMetrics metrics;

    /** The request being served, or null between requests. */
    private Exchange current;

    /** One request and its answer. */
    private static final class Exchange {
        final boolean keepAlive;
        /** The client said it reads trailers ({@code TE: trailers}), so a stream's error can go in one. */
        boolean trailers;
        /** The streamed body of an upload, else null. */
        UploadBody upload;
        /** The buffered body of any other command, else null (null too once refused or dispatched). */
        ByteArrayOutputStream small;
        String command;
        QueryStringDecoder uri;
        String contentType;
        /** The whole request arrived. */
        boolean received;
        /** The answer was refused early: the rest of the body is dropped and the connection closed after it. */
        boolean discard;
        boolean answered;

        Exchange(boolean keepAlive) {
            this.keepAlive = keepAlive;
        }
    }

    RpcHandler(RpcCommands commands, int port, List<String> allowedOrigins, ApiAuthorizations authorizations,
            NodeMetrics metrics) {
        this.metrics = metrics;
        this.commands = commands;
        this.port = port;
        this.allowedOrigins = List.copyOf(allowedOrigins);
        this.authorizations = authorizations;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest req) {
                request(ctx, req);
            }
            if (msg instanceof HttpContent content) {
                content(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void request(ChannelHandlerContext ctx, HttpRequest req) {
        if (current != null) {
            // one request at a time: a client that pipelines (or sends a body past its length) is cut off
            LOG.log(Level.DEBUG, "RPC API connection " + ctx.channel() + ": request before the previous answer; closing");
            ctx.close();
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        Exchange x = new Exchange(keepAlive);
        current = x;
        if (!req.decoderResult().isSuccess()) {
            refuse(ctx, x, HttpResponseStatus.BAD_REQUEST, "malformed request");
            return;
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        String referer = req.headers().get(HttpHeaderNames.REFERER);
        String agent = req.headers().get(HttpHeaderNames.USER_AGENT);
        // Kubo's browser protections: a page on another origin must not drive the API
        if ((origin != null && !allowedOrigin(origin))
                || (origin == null && referer != null && !allowedOrigin(referer))
                || (origin == null && referer == null && agent != null && agent.startsWith("Mozilla"))) {
            refuse(ctx, x, HttpResponseStatus.FORBIDDEN, "403 - Forbidden");
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String path = uri.path();
        if (!authorizations.allows(req.headers().get(HttpHeaderNames.AUTHORIZATION), path)) {
            refuse(ctx, x, HttpResponseStatus.FORBIDDEN, "403 - Forbidden");
            return;
        }
        if (req.method().equals(HttpMethod.OPTIONS)) {
            refuse(ctx, x, HttpResponseStatus.OK, "");
            return;
        }
        if (path.equals(METRICS_PATH) && (req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.POST))) {
            // answered at once, as a refusal is: any body is dropped and the connection closes after the answer
            x.discard = true;
            finish(ctx, x, metrics(ctx));
            return;
        }
        if (!req.method().equals(HttpMethod.POST)) {
            refuse(ctx, x, HttpResponseStatus.METHOD_NOT_ALLOWED, "405 - Method Not Allowed");
            return;
        }
        if (!path.startsWith(PREFIX)) {
            refuse(ctx, x, HttpResponseStatus.NOT_FOUND, "404 page not found");
            return;
        }
        String command = path.substring(PREFIX.length());
        if (command.endsWith("/")) {
            command = command.substring(0, command.length() - 1);
        }
        if (!commands.names().contains(command)) {
            refuse(ctx, x, HttpResponseStatus.NOT_FOUND, "404 page not found");
            return;
        }
        boolean upload = RpcCommands.UPLOADS.contains(command);
        if (!upload && HttpUtil.getContentLength(req, -1L) > RpcServer.MAX_REQUEST_BYTES) {
            refuse(ctx, x, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body larger than "
                    + RpcServer.MAX_REQUEST_BYTES + " bytes");
            return;
        }
        x.command = command;
        x.uri = uri;
        String te = req.headers().get(HttpHeaderNames.TE);
        x.trailers = te != null && te.toLowerCase(java.util.Locale.ROOT).contains("trailers");
        x.contentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (upload) {
            x.upload = new UploadBody(ctx.channel().eventLoop(), new UploadBody.Pacing() {
                @Override
                public void pause() {
                    ctx.channel().config().setAutoRead(false);
                }

                @Override
                public void resume() {
                    if (current == x && !x.received) {
                        ctx.channel().config().setAutoRead(true);
                    }
                }
            });
            dispatch(ctx, x, x.upload);
        } else {
            x.small = new ByteArrayOutputStream();
        }
    }

    private void content(ChannelHandlerContext ctx, HttpContent content) {
        Exchange x = current;
        if (x == null) {
            return; // the rest of a body whose request was refused and whose connection is closing
        }
        if (x.upload != null) {
            x.upload.offer(content.content().retain());
        } else if (x.small != null) {
            ByteBuf b = content.content();
            if (x.small.size() + b.readableBytes() > RpcServer.MAX_REQUEST_BYTES) {
                x.small = null;
                refuse(ctx, x, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body larger than "
                        + RpcServer.MAX_REQUEST_BYTES + " bytes");
            } else {
                x.small.writeBytes(ByteBufUtil.getBytes(b));
            }
        }
        if (content instanceof LastHttpContent) {
            x.received = true;
            if (x.upload != null) {
                x.upload.end();
            }
            if (x.small != null) {
                byte[] body = x.small.toByteArray();
                x.small = null;
                dispatch(ctx, x, new java.io.ByteArrayInputStream(body));
            }
            if (!x.answered) {
                // nothing more is read until this request is answered
                ctx.channel().config().setAutoRead(false);
            }
        }
    }

    private void dispatch(ChannelHandlerContext ctx, Exchange x, java.io.InputStream body) {
        CompletableFuture<RpcReply> reply;
        try {
            reply = commands.run(new RpcRequest(x.command, x.uri.parameters(), x.contentType, body));
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        String name = x.command;
        reply.whenComplete((r, error) -> ctx.executor().execute(() -> {
            if (error != null) {
                finish(ctx, x, error(ctx, name, error, x.keepAlive && x.received));
            } else if (r instanceof RpcReply.Json j) {
                finish(ctx, x, json(ctx, j.value(), x.keepAlive && x.received));
            } else if (r instanceof RpcReply.Stream s) {
                stream(ctx, x, name, s);
            }
        }));
    }

    /** Answers before the command runs; the rest of the request's body (if any) is dropped. */
    private void refuse(ChannelHandlerContext ctx, Exchange x, HttpResponseStatus status, String text) {
        x.discard = true;
        x.small = null;
        finish(ctx, x, plain(ctx, status, text, false));
    }

    /**
     * After the answer is written: the next request may come if this one was read whole and kept alive; otherwise
     * the connection closes (a body not read to its end cannot be skipped safely).
     */
    private void finish(ChannelHandlerContext ctx, Exchange x, ChannelFuture written) {
        x.answered = true;
        written.addListener(f -> {
            if (x.upload != null) {
                x.upload.close();
            }
            if (!f.isSuccess() || x.discard || !x.received || !x.keepAlive) {
                ctx.close();
                return;
            }
            if (current == x) {
                current = null;
                ctx.channel().config().setAutoRead(true);
            }
        });
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

    private static ChannelFuture plain(ChannelHandlerContext ctx, HttpResponseStatus status, String text, boolean keepAlive) {
        ByteBuf body = Unpooled.copiedBuffer(text.isEmpty() ? "" : text + "\n", StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return send(ctx, res, keepAlive);
    }

    /** The node's metrics as Prometheus text (an in-memory snapshot: nothing here blocks the event loop). */
    private ChannelFuture metrics(ChannelHandlerContext ctx) {
        ByteBuf body = ctx.alloc().buffer();
        try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
            metrics.scrape(out);
        } catch (IOException | RuntimeException e) {
            body.release();
            return error(ctx, METRICS_PATH, e, false);
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, NodeMetrics.CONTENT_TYPE);
        return send(ctx, res, false);
    }

    private static ChannelFuture json(ChannelHandlerContext ctx, Object value, boolean keepAlive) {
        byte[] bytes;
        try {
            bytes = value == null ? new byte[0] : (JSON.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return error(ctx, "json", e, keepAlive);
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        return send(ctx, res, keepAlive);
    }

    private static ChannelFuture error(ChannelHandlerContext ctx, String command, Throwable error, boolean keepAlive) {
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
        return send(ctx, res, keepAlive);
    }

    private static ChannelFuture send(ChannelHandlerContext ctx, FullHttpResponse res, boolean keepAlive) {
        HttpUtil.setContentLength(res, res.content().readableBytes());
        res.headers().set("Server", "hypha/" + HostBuilder.version());
        HttpUtil.setKeepAlive(res, keepAlive);
        return ctx.writeAndFlush(res);
    }

    /**
     * Streams a command's bytes: the headers now, then chunks as the writer produces them, on the content API's
     * threads; at most two chunks wait for the socket, so a slow client holds two. A failure after the first byte
     * ends the stream with Kubo's {@code X-Stream-Error} trailer for a client that reads trailers
     * ({@code TE: trailers}); any other client's connection is cut before the closing chunk, so it sees an error
     * rather than a short answer that looks whole.
     */
    private void stream(ChannelHandlerContext ctx, Exchange x, String command, RpcReply.Stream s) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, s.contentType());
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        head.headers().set("X-Stream-Output", "1");
        head.headers().set("X-Chunked-Output", "1");
        head.headers().set(HttpHeaderNames.TRAILER, "X-Stream-Error");
        head.headers().set("Server", "hypha/" + HostBuilder.version());
        HttpUtil.setKeepAlive(head, x.keepAlive);
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
                LOG.log(Level.DEBUG, "RPC API: " + command + " failed while streaming: " + e);
                if (!x.trailers) {
                    // a client that does not read trailers would take the cut answer for a whole one (the JDK's
                    // client and kubo-rpc-client drop them): end the connection without the closing chunk instead,
                    // which every client reports as an error (RFC 9112 7.1.2: trailers only for who asks)
                    ctx.executor().execute(() -> {
                        x.answered = true;
                        ctx.close();
                    });
                    return;
                }
                last.trailingHeaders().set("X-Stream-Error", String.valueOf(e.getMessage()));
            }
            ctx.executor().execute(() -> finish(ctx, x, ctx.writeAndFlush(last)));
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
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange x = current;
        if (x != null && x.upload != null) {
            x.upload.fail(new IOException("the client went away"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.DEBUG, "RPC API connection " + ctx.channel() + " closed: " + cause);
        ctx.close();
    }
}
