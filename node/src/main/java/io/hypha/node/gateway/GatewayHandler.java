package io.hypha.node.gateway;

import io.hypha.block.BlockNotFoundException;
import io.hypha.node.store.BlockService;
import io.hypha.host.HostBuilder;
import io.hypha.node.internal.HttpChunkStream;
import io.hypha.node.unixfs.DagPbException;
import io.hypha.node.unixfs.UnixfsException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
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
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * One gateway connection, the Netty side only: checks the method, parses the request ({@link GatewayRequest}),
 * asks {@link Gateway} for the answer and writes it. A streamed body is written by a worker thread chunk by chunk
 * ({@link HttpChunkStream}), so a slow reader holds two chunks at most; a failure after the headers closes the
 * connection. A request the decoder refused (line or headers too long, malformed) is answered 414, 431 or 400 and
 * the connection closed.
 */
final class GatewayHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = System.getLogger(GatewayHandler.class.getName());
    private static final String ALLOWED_METHODS = "GET, HEAD, OPTIONS";
    /** Read once: the version comes from a resource, too slow to load per answer. */
    private static final String SERVER = "hypha/" + HostBuilder.version();

    private final BlockService blocks;
    private final ExecutorService workers;

    GatewayHandler(BlockService blocks, ExecutorService workers) {
        this.blocks = blocks;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            Throwable cause = req.decoderResult().cause();
            int status = cause instanceof TooLongHttpLineException ? 414
                    : cause instanceof TooLongHttpHeaderException ? 431 : 400;
            write(ctx, error(status, cause instanceof TooLongFrameException ? "request too large"
                    : "malformed request"), false, false);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpMethod method = req.method();
        if (method.equals(HttpMethod.OPTIONS)) {
            GatewayAnswer.Whole ok = new GatewayAnswer.Whole(200, new LinkedHashMap<>(), new byte[0]);
            ok.headers().put("Access-Control-Allow-Methods", ALLOWED_METHODS);
            ok.headers().put("Access-Control-Allow-Headers", "Content-Type, Range, User-Agent, X-Requested-With");
            write(ctx, ok, false, keepAlive);
            return;
        }
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            GatewayAnswer.Whole refused = error(405, "the gateway serves GET, HEAD and OPTIONS only");
            refused.headers().put("Allow", ALLOWED_METHODS);
            write(ctx, refused, false, keepAlive);
            return;
        }
        boolean head = method.equals(HttpMethod.HEAD);
        CompletableFuture<GatewayAnswer> answer;
        Gateway gateway = Gateway.forRequest(blocks, workers);
        try {
            answer = gateway.answer(GatewayRequest.parse(head, req.uri(), name -> req.headers().get(name)));
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((a, e) -> ctx.executor().execute(() -> {
            if (e != null) {
                gateway.close();
                write(ctx, failure(e), head, keepAlive);
            } else {
                write(ctx, a, head, keepAlive, gateway);
            }
        }));
    }

    /** The status and one-line reason for a failed answer; unexpected failures are logged. */
    private static GatewayAnswer.Whole failure(Throwable error) {
        Throwable e = Gateway.unwrap(error);
        if (e instanceof UncheckedIOException u) {
            e = u.getCause();
        }
        return switch (e) {
            case GatewayException g -> error(g.status, g.getMessage());
            case BlockNotFoundException b -> error(404, b.getMessage());
            case UnixfsException u -> error(502, "invalid UnixFS: " + u.getMessage());
            case DagPbException d -> error(502, "invalid dag-pb: " + d.getMessage());
            case IllegalArgumentException i -> error(400, i.getMessage());
            default -> {
                LOG.log(Level.WARNING, "gateway: request failed", e);
                yield error(500, "internal error");
            }
        };
    }

    private static GatewayAnswer.Whole error(int status, String message) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "text/plain; charset=utf-8");
        String text = status + " " + HttpResponseStatus.valueOf(status).reasonPhrase() + ": " + message + "\n";
        return new GatewayAnswer.Whole(status, h, text.getBytes(StandardCharsets.UTF_8));
    }

    private void write(ChannelHandlerContext ctx, GatewayAnswer answer, boolean head, boolean keepAlive) {
        write(ctx, answer, head, keepAlive, null);
    }

    /** Writes {@code answer}, then closes {@code request} (null: none) once the body no longer reads blocks. */
    private void write(ChannelHandlerContext ctx, GatewayAnswer answer, boolean head, boolean keepAlive,
            Gateway request) {
        HttpResponseStatus status = HttpResponseStatus.valueOf(answer.status());
        if (answer instanceof GatewayAnswer.Whole w) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(w.body()));
            headers(res, w.headers(), keepAlive);
            HttpUtil.setContentLength(res, w.body().length);
            closeRequest(request);
            finish(ctx, ctx.writeAndFlush(res), keepAlive);
            return;
        }
        GatewayAnswer.Streamed s = (GatewayAnswer.Streamed) answer;
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        headers(res, s.headers(), keepAlive);
        if (s.length() >= 0) {
            HttpUtil.setContentLength(res, s.length());
        } else if (!head) {
            res.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        ctx.write(res);
        if (head) {
            closeRequest(request);
            finish(ctx, ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), keepAlive);
            return;
        }
        ctx.flush();
        HttpChunkStream out = new HttpChunkStream(ctx);
        CompletableFuture.runAsync(() -> {
            try {
                s.writer().write(out);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, workers).whenComplete((v, e) -> {
            closeRequest(request);
            out.close();
            if (e != null) {
                // the status line went out: only closing the connection tells the client the body is incomplete
                LOG.log(Level.DEBUG, "gateway: streaming to " + ctx.channel().remoteAddress() + " stopped: "
                        + Gateway.unwrap(e));
                ctx.close();
                return;
            }
            finish(ctx, ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), keepAlive);
        });
    }

    private static void closeRequest(Gateway request) {
        if (request != null) {
            request.close();
        }
    }

    /**
     * After the last byte of an answer: closes the connection, or reads the next request. One request at a time:
     * the connection does not read while an answer is written (auto-read is off), so a pipelining client cannot
     * make two answers interleave or queue work without reading.
     */
    private static void finish(ChannelHandlerContext ctx, ChannelFuture written, boolean keepAlive) {
        written.addListener(f -> {
            if (!keepAlive || !f.isSuccess()) {
                ctx.close();
            } else {
                ctx.read();
            }
        });
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.fireChannelActive();
    }

    private static void headers(HttpResponse res, Map<String, String> headers, boolean keepAlive) {
        headers.forEach((k, v) -> res.headers().set(k, v));
        res.headers().set("Access-Control-Allow-Origin", "*");
        res.headers().set("Access-Control-Expose-Headers",
                "Content-Length, Content-Range, X-Ipfs-Path, X-Ipfs-Roots, X-Stream-Error");
        res.headers().set("Server", SERVER);
        HttpUtil.setKeepAlive(res, keepAlive);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            LOG.log(Level.DEBUG, "gateway connection " + ctx.channel() + " idle; closing");
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.DEBUG, "gateway connection " + ctx.channel() + " closed: " + cause);
        ctx.close();
    }
}
