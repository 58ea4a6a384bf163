package io.hypha.node.gateway;

import io.hypha.internal.netty.BlockingGuard;
import io.hypha.internal.netty.EventLoops;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.node.Node;
import io.hypha.node.internal.HttpListener;
import io.hypha.transport.tcp.TcpTransport;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The node's HTTP gateway ({@code Addresses.Gateway}), on its own event loop: the trustless gateway
 * ({@code /ipfs/CID?format=raw|car}, ipfs/specs {@code trustless-gateway.md}) and the path gateway for people
 * ({@code /ipfs/CID/path}: UnixFS files with a sniffed type and byte ranges, directories as index.html or a
 * listing; {@code path-gateway.md}). GET, HEAD and OPTIONS only. Each limit below is a named constant; bodies
 * stream in {@value io.hypha.node.internal.HttpChunkStream#CHUNK}-byte chunks, at most
 * {@value io.hypha.node.internal.HttpChunkStream#IN_FLIGHT} queued, so a slow reader of a large file holds two chunks
 * of memory. Reads go through the node's block service; blocking work runs on virtual
 * threads this server owns, never on the event loop.
 */
public final class GatewayServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GatewayServer.class.getName());
    /** Longest request line (method, URL, version): a longer one is answered 414. */
    public static final int MAX_URL_BYTES = 8 * 1024;
    /** Largest header block: a larger one is answered 431. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Largest request body buffered (the gateway reads none; a larger one is answered 413). */
    public static final int MAX_REQUEST_BYTES = 1024;
    /** Client connections held at once; one more is answered 503 and closed. */
    public static final int MAX_CONNECTIONS = 256;
    /** A connection with nothing read or written for this long is closed (a slow download that progresses is not). */
    public static final int IDLE_TIMEOUT_SECONDS = 60;

    private final EventLoopGroup group;
    private final ExecutorService workers;
    private final Channel channel;
    private final Multiaddr address;
    private final ChannelGroup clients;

    private GatewayServer(EventLoopGroup group, ExecutorService workers, Channel channel, Multiaddr address,
            ChannelGroup clients) {
        this.group = group;
        this.workers = workers;
        this.channel = channel;
        this.address = address;
        this.clients = clients;
    }

    /**
     * Listens on {@code listen} (a {@code /ip4|ip6/HOST/tcp/PORT} address; port 0 picks one) and serves
     * {@code node}'s content through its block service.
     */
    public static CompletableFuture<GatewayServer> start(Node node, Multiaddr listen) {
        return start(node, listen, IDLE_TIMEOUT_SECONDS, MAX_CONNECTIONS);
    }

    /** As above, with the idle timeout and connection limit given (tests attack them without waiting a minute). */
    static CompletableFuture<GatewayServer> start(Node node, Multiaddr listen, int idleTimeoutSeconds,
            int maxConnections) {
        Objects.requireNonNull(node, "node");
        InetSocketAddress bind;
        try {
            bind = TcpTransport.toSocketAddress(listen);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "the gateway address must be /ip4|ip6/HOST/tcp/PORT, not " + listen, e));
        }
        EventLoopGroup group = EventLoops.newGroup(1, "hypha-gateway");
        ExecutorService workers = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("hypha-gateway-", 0).factory());
        ChannelGroup clients = new DefaultChannelGroup("gateway clients", group.next());
        return HttpListener.listen(group, bind, maxConnections, "gateway", ch -> {
            clients.add(ch);
            // one request at a time: the handler reads the next one when an answer is written
            ch.config().setAutoRead(false);
            ch.pipeline().addLast(new IdleStateHandler(0, 0, idleTimeoutSeconds, TimeUnit.SECONDS),
                    new HttpServerCodec(MAX_URL_BYTES, MAX_HEADER_BYTES, 8192),
                    new GatewayRequestCounter(node.metrics()),
                    new HttpObjectAggregator(MAX_REQUEST_BYTES),
                    new FlowControlHandler(),
                    new GatewayHandler(node.blockService(), workers));
        }).handle((ch, error) -> {
            if (error != null) {
                workers.shutdown();
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                throw new java.util.concurrent.CompletionException(error);
            }
            return new GatewayServer(group, workers, ch, TcpTransport.toMultiaddr((InetSocketAddress) ch.localAddress()),
                    clients);
        });
    }

    /** The address it listens on, with the port it bound. */
    public Multiaddr address() {
        return address;
    }

    /** Bytes queued for clients and not yet taken by their sockets (tests check a slow reader holds one chunk). */
    long pendingOutboundBytes() {
        long pending = 0;
        for (Channel c : clients) {
            var buffer = c.unsafe().outboundBuffer();
            pending += buffer == null ? 0 : buffer.totalPendingWriteBytes();
        }
        return pending;
    }

    /** Stops listening, closes every client connection and stops the streams being written. */
    public CompletableFuture<Void> closeAsync() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        channel.close().addListener(f -> group.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(g -> {
            workers.shutdownNow();
            done.complete(null);
        }));
        return done;
    }

    @Override
    public void close() {
        BlockingGuard.join(closeAsync(), "closing the gateway");
    }
}
