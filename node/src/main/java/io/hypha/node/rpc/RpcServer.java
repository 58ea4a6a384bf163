package io.hypha.node.rpc;

import io.hypha.internal.netty.EventLoops;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.node.Node;
import io.hypha.node.internal.HttpListener;
import io.hypha.node.repo.ApiConfig;
import io.hypha.transport.tcp.TcpTransport;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Kubo's RPC API ({@code /api/v0}) for a running node, on its own event loop, with Kubo's wire behaviour
 * (POST only, {@code arg=} query parameters, JSON or streamed answers, errors as
 * {@code {"Message","Code","Type":"error"}}) and its protections against browsers: a request whose
 * {@code Origin} or {@code Referer} is not this API's own loopback origin (or one the config allows) is refused
 * with 403, as is a browser-like POST without either, and {@code /ipfs/} is not served here. Commands run on the
 * node's content API; nothing blocks an event loop. See {@link RpcCommands} for the endpoints. The node's metrics
 * are served as Prometheus text at {@code GET /debug/metrics/prometheus} (as Kubo), behind the same checks, and
 * every answer is counted ({@link RpcRequestCounter}).
 */
public final class RpcServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RpcServer.class.getName());
    /** Largest request body read whole (uploads stream theirs; every other endpoint takes its input in the query). */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;
    /** Largest piece of a request body the HTTP decoder hands on at once (uploads arrive in pieces this big). */
    static final int MAX_CONTENT_CHUNK = 64 * 1024;
    /** Largest request line and headers. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    /** A client connection with nothing read or written for this long is closed (a long download is not idle). */
    public static final int IDLE_TIMEOUT_SECONDS = 120;
    /** Client connections held at once; one more is answered 503 and closed. */
    public static final int MAX_CONNECTIONS = 128;

    private final EventLoopGroup group;
    private final Channel channel;
    private final Multiaddr address;

    private RpcServer(EventLoopGroup group, Channel channel, Multiaddr address) {
        this.group = group;
        this.channel = channel;
        this.address = address;
    }

    /**
     * Listens on {@code listen} (a {@code /ip4|ip6/.../tcp/PORT} address; port 0 picks one) and serves
     * {@code node}'s API with the config's {@code API} section: the origins browsers may call it from besides its
     * own ({@code HTTPHeaders.Access-Control-Allow-Origin}) and the {@code Authorizations} it requires.
     * {@code shutdown} runs when a client calls {@code shutdown}.
     */
    public static CompletableFuture<RpcServer> start(Node node, Multiaddr listen, ApiConfig config, Runnable shutdown) {
        return start(node, listen, config, shutdown, IDLE_TIMEOUT_SECONDS);
    }

    /** As above, with the idle timeout given (tests attack it without waiting two minutes). */
    static CompletableFuture<RpcServer> start(Node node, Multiaddr listen, ApiConfig config,
            Runnable shutdown, int idleTimeoutSeconds) {
        Objects.requireNonNull(node, "node");
        List<String> allowedOrigins = config.allowedOrigins();
        ApiAuthorizations authorizations;
        try {
            authorizations = ApiAuthorizations.of(config);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        InetSocketAddress bind;
        try {
            bind = TcpTransport.toSocketAddress(listen);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "the API address must be /ip4|ip6/HOST/tcp/PORT, not " + listen, e));
        }
        EventLoopGroup group = EventLoops.newGroup(1, "hypha-rpc");
        RpcCommands commands = new RpcCommands(node, shutdown);
        return HttpListener.listen(group, bind, MAX_CONNECTIONS, "RPC API", ch -> {
            int port = ((InetSocketAddress) ch.localAddress()).getPort();
            ch.pipeline().addLast(new IdleStateHandler(0, 0, idleTimeoutSeconds, TimeUnit.SECONDS),
                    new HttpServerCodec(4096, MAX_HEADER_BYTES, MAX_CONTENT_CHUNK),
                    new RpcRequestCounter(node.metrics(), commands.names()),
                    // curl and others wait for "100 Continue" before sending a large body
                    new HttpServerExpectContinueHandler(),
                    new RpcHandler(commands, port, allowedOrigins, authorizations, node.metrics()));
        }).handle((ch, error) -> {
            if (error != null) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                throw new java.util.concurrent.CompletionException(error);
            }
            return new RpcServer(group, ch, TcpTransport.toMultiaddr((InetSocketAddress) ch.localAddress()));
        });
    }

    /** The address it listens on, with the port it bound. */
    public Multiaddr address() {
        return address;
    }

    /** Stops listening and closes every client connection. */
    public CompletableFuture<Void> closeAsync() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        channel.close().addListener(f -> group.shutdownGracefully(0, 2, TimeUnit.SECONDS)
                .addListener(g -> done.complete(null)));
        return done;
    }

    @Override
    public void close() {
        io.hypha.internal.netty.BlockingGuard.join(closeAsync(), "closing the RPC API");
    }
}
