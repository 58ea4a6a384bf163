package io.hypha.node.rpc;

import io.hypha.node.metrics.NodeMetrics;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.Set;

/**
 * Counts each API answer into the node's {@code hypha_rpc_requests_total} {endpoint, status}. It sits right behind
 * the HTTP codec, so it sees every request head and every final answer, including those the handlers behind it
 * never see (413 from the body limit) and refusals (403, 404, 405). HTTP/1.1 answers come in request order, so each
 * answer is matched with the oldest request not answered yet. The endpoint label is a command's name when the path
 * names one ({@code cat}, {@code block/get}), {@code debug/metrics/prometheus} for the scrape, and {@code unknown}
 * for anything else: a client's raw path never becomes a label. One per connection; used on its event loop only.
 */
final class RpcRequestCounter extends ChannelDuplexHandler {
    /** The label of requests to no endpoint. */
    static final String UNKNOWN = "unknown";

    private final NodeMetrics metrics;
    private final Set<String> commands;
    private final Queue<String> pending = new ArrayDeque<>();

    RpcRequestCounter(NodeMetrics metrics, Set<String> commands) {
        this.metrics = metrics;
        this.commands = commands;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            pending.add(endpoint(req.uri()));
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        // 1xx (100 Continue) is not the answer
        if (msg instanceof HttpResponse res && res.status().code() >= 200) {
            String endpoint = pending.poll();
            metrics.rpcRequest(endpoint != null ? endpoint : UNKNOWN, res.status().code());
        }
        ctx.write(msg, promise);
    }

    private String endpoint(String uri) {
        String path;
        try {
            path = new QueryStringDecoder(uri).path();
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
        if (path.equals(RpcHandler.METRICS_PATH)) {
            return RpcHandler.METRICS_PATH.substring(1);
        }
        if (!path.startsWith(RpcHandler.PREFIX)) {
            return UNKNOWN;
        }
        String command = path.substring(RpcHandler.PREFIX.length());
        if (command.endsWith("/")) {
            command = command.substring(0, command.length() - 1);
        }
        return commands.contains(command) ? command : UNKNOWN;
    }
}
