package io.hypha.node.gateway;

import io.hypha.node.metrics.NodeMetrics;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;

/**
 * Counts each gateway answer into the node's {@code hypha_gateway_requests_total} {kind, status}, right behind the
 * HTTP codec so refusals (414, 431, 405) count too. The kind is {@code raw} or {@code car} for trustless requests
 * (by {@code format} or {@code Accept}), {@code ipfs} for other {@code /ipfs/} paths and {@code other} for the rest:
 * never a path or a CID. Answers come in request order, so each is matched with the oldest unanswered request.
 */
final class GatewayRequestCounter extends ChannelDuplexHandler {
    private final NodeMetrics metrics;
    private final Queue<String> pending = new ArrayDeque<>();

    GatewayRequestCounter(NodeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            pending.add(kind(req));
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse res && res.status().code() >= 200) {
            String kind = pending.poll();
            metrics.gatewayRequest(kind != null ? kind : "other", res.status().code());
        }
        ctx.write(msg, promise);
    }

    static String kind(HttpRequest req) {
        QueryStringDecoder uri;
        try {
            uri = new QueryStringDecoder(req.uri());
        } catch (IllegalArgumentException e) {
            return "other";
        }
        if (!uri.path().startsWith("/ipfs/")) {
            return "other";
        }
        List<String> format = uri.parameters().get("format");
        String accept = req.headers().get(HttpHeaderNames.ACCEPT, "");
        if ((format != null && format.contains("raw")) || (format == null && accept.contains("application/vnd.ipld.raw"))) {
            return "raw";
        }
        if ((format != null && format.contains("car")) || (format == null && accept.contains("application/vnd.ipld.car"))) {
            return "car";
        }
        return "ipfs";
    }
}
