package io.hypha.node;

import io.hypha.block.Blockstore;
import io.hypha.host.Host;
import io.hypha.internal.netty.BlockingGuard;
import io.hypha.node.metrics.NodeMetrics;
import io.hypha.node.repo.Repo;
import io.hypha.node.routing.Dht;
import io.hypha.node.store.BlockService;
import io.hypha.peer.PeerId;
import io.hypha.protocol.bitswap.Bitswap;
import io.hypha.protocol.identify.Identify;
import io.hypha.protocol.ping.Ping;
import io.hypha.resource.ResourceManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A running Hypha node: a libp2p {@link Host} serving identify and ping (and perf when enabled), with a
 * blockstore. The embeddable entry point: {@code Node node = Node.builder().repo(repo).start().join();}.
 * Closing the node closes the host; a repo handed to the builder stays the caller's to close.
 */
public final class Node implements AutoCloseable {
    private final Host host;
    private final Blockstore blocks;
    private final BlockService blockService;
    private final Repo repo;
    private final Content content;
    private final Identify identify;
    private final Ping ping;
    private final NodeMetrics metrics;
    private volatile Dht dht;
    private volatile Bitswap bitswap;

    Node(Host host, BlockService blockService, Repo repo, Identify identify, Ping ping, NodeMetrics metrics) {
        this.host = host;
        this.blocks = blockService.store();
        this.blockService = blockService;
        this.content = repo == null ? null : Content.of(repo, blockService);
        this.repo = repo;
        this.identify = identify;
        this.ping = ping;
        this.metrics = metrics;
    }

    public static NodeBuilder builder() {
        return new NodeBuilder();
    }

    public Host host() {
        return host;
    }

    public PeerId peerId() {
        return host.peerId();
    }

    /** The local block store (counted into {@link #metrics()}). */
    public Blockstore blocks() {
        return blocks;
    }

    /**
     * Where the node reads DAGs from: its store, and the peers when it has an exchange
     * ({@link NodeBuilder#exchange}); see {@link BlockService}.
     */
    public BlockService blockService() {
        return blockService;
    }

    /**
     * Add, cat, ls, get, pins, GC, DAG import/export and repo statistics on the node's repo, reading through its
     * block service; see {@link Content}.
     *
     * @throws IllegalStateException when the node was built without a repo (a bare blockstore has no pins)
     */
    public Content content() {
        if (content == null) {
            throw new IllegalStateException("this node has no repo: build it with NodeBuilder.repo(...) for content"
                    + " operations");
        }
        return content;
    }

    /**
     * The DHT: peer and content routing, provider records and IPNS names; empty when {@code Routing.Type} is
     * {@code none}.
     */
    public Optional<Dht> dht() {
        return Optional.ofNullable(dht);
    }

    /**
     * Bitswap, through which the block service fetches what the store lacks and peers fetch our blocks; empty when
     * the node is offline ({@link NodeBuilder#offline}) or was given another exchange ({@link NodeBuilder#exchange}).
     */
    public Optional<Bitswap> bitswap() {
        return Optional.ofNullable(bitswap);
    }

    private volatile boolean offline;

    /**
     * Whether the node takes part in the network: false when built {@link NodeBuilder#offline offline} (Kubo's
     * {@code daemon --offline}), which runs neither Bitswap nor the DHT.
     */
    public boolean isOnline() {
        return !offline;
    }

    void markOffline() {
        this.offline = true;
    }

    void attachBitswap(Bitswap bitswap) {
        this.bitswap = bitswap;
    }

    private final List<AutoCloseable> closeWith = new CopyOnWriteArrayList<>();

    /** Closes {@code resource} when the node stops (after the DHT, before the host). */
    void closeWith(AutoCloseable resource) {
        closeWith.add(resource);
    }

    void attachDht(Dht dht) {
        this.dht = dht;
    }

    /** The on-disk repository the node runs on, when it was built with one. */
    public Optional<Repo> repo() {
        return Optional.ofNullable(repo);
    }

    public Identify identify() {
        return identify;
    }

    public Ping ping() {
        return ping;
    }

    /**
     * This node's metrics, in a registry of its own: {@code metrics().scrape()} as Prometheus text, or
     * {@code metrics().registry()} to merge into an embedding service's exporter; see {@link NodeMetrics}.
     */
    public NodeMetrics metrics() {
        return metrics;
    }

    /** The host's resource manager: limits, what is in use, refusals so far. */
    public ResourceManager resources() {
        return host.resources();
    }

    /** Closes the host (every connection, listener and pending future) and, if the node owns it, the blockstore. */
    public CompletableFuture<Void> stopAsync() {
        Dht d = dht;
        if (d != null) {
            d.close();
        }
        Bitswap b = bitswap;
        if (b != null) {
            b.close(); // its pending fetches complete (empty) before the host goes
        }
        for (AutoCloseable c : closeWith) {
            try {
                c.close();
            } catch (Exception e) {
                System.getLogger(Node.class.getName()).log(System.Logger.Level.WARNING, "closing " + c + " failed", e);
            }
        }
        if (content != null) {
            content.close();
        }
        return host.closeAsync().whenComplete((v, err) -> {
            metrics.close();
            if (repo == null) {
                try {
                    blocks.close();
                } catch (Exception e) {
                    throw new UncheckedIOException(e instanceof IOException io ? io : new IOException(e));
                }
            }
        });
    }

    @Override
    public void close() {
        BlockingGuard.join(stopAsync(), "stopping the node");
    }
}
