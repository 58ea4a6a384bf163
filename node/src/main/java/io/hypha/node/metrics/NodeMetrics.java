package io.hypha.node.metrics;

import io.hypha.block.Blockstore;
import io.hypha.host.Direction;
import io.hypha.host.Host;
import io.hypha.host.HostBuilder;
import io.hypha.host.HostCounters;
import io.hypha.protocol.bitswap.Bitswap;
import io.hypha.protocol.bitswap.BitswapStats;
import io.hypha.resource.Limit;
import io.hypha.resource.ResourceStats;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * One node's metrics, in a Prometheus registry of its own: two nodes in one JVM never share a figure, and nothing
 * is registered in the library's global default registry. Made by the node when it starts and closed with it;
 * {@code node.metrics()} gives it to embedders, who may scrape it ({@link #scrape()}) or hand {@link #registry()}
 * to their own exporter. The daemon serves it on the API port at {@code GET /debug/metrics/prometheus}.
 *
 * <p>What it holds (names in Prometheus style with a {@code hypha_} prefix; labels in braces):
 * <ul>
 *   <li>From the host's running totals ({@link HostCounters}, read on each scrape):
 *       {@code hypha_connections_opened_total} and {@code _closed_total} {transport, direction};
 *       {@code hypha_streams_opened_total} and {@code _closed_total} {protocol, direction};
 *       {@code hypha_network_received_bytes_total}, {@code hypha_network_sent_bytes_total};
 *       {@code hypha_handshakes_started_total} {direction};
 *       {@code hypha_handshakes_total} {security, direction, result} (result {@code success} or why it failed,
 *       see {@link io.hypha.host.HandshakeOutcome}).</li>
 *   <li>From the resource manager, what is in use now (go-libp2p's {@code libp2p_rcmgr_*} family):
 *       {@code hypha_connections} {direction}, {@code hypha_connections_handshaking} {direction},
 *       {@code hypha_streams} {direction}, {@code hypha_protocol_streams} {protocol, direction},
 *       {@code hypha_resource_memory_bytes}, {@code hypha_resource_peers},
 *       {@code hypha_resource_refusals_total} {limit} (as {@code libp2p_rcmgr_blocked_resources}).</li>
 *   <li>From the blockstore seam ({@link MeteredBlockstore}): {@code hypha_blockstore_reads_total} {result},
 *       {@code hypha_blockstore_read_bytes_total}, {@code hypha_blockstore_writes_total},
 *       {@code hypha_blockstore_written_bytes_total}, {@code hypha_blockstore_deletes_total} (removals through
 *       the node: {@code block rm}; garbage collection works on the repo's store beneath and is not counted).</li>
 *   <li>{@code hypha_rpc_requests_total} {endpoint, status} (Kubo counts {@code ipfs_http_requests_total}
 *       {handler, code, method}); {@code hypha_gateway_requests_total} {kind, status}.</li>
 *   <li>From the DHT ({@link #meterDht}): {@code hypha_dht_routing_table_peers}, {@code hypha_dht_provider_records}
 *       (held for others and ourselves), {@code hypha_dht_queries_total} {kind, outcome},
 *       {@code hypha_dht_query_seconds} {kind} and {@code hypha_dht_query_requests} {kind} (histograms: how long a
 *       lookup took, how many requests it sent), {@code hypha_dht_requests_sent_total} {type, result} and
 *       {@code hypha_dht_requests_received_total} {type}.</li>
 *   <li>From Bitswap ({@link #meterBitswap}, read on each scrape): {@code hypha_bitswap_blocks_received_total},
 *       {@code hypha_bitswap_received_bytes_total}, {@code hypha_bitswap_blocks_sent_total},
 *       {@code hypha_bitswap_sent_bytes_total}, {@code hypha_bitswap_duplicate_blocks_total},
 *       {@code hypha_bitswap_duplicate_bytes_total}, {@code hypha_bitswap_messages_received_total};
 *       gauges {@code hypha_bitswap_wants} (blocks we want now) and {@code hypha_bitswap_peers} (peers speaking
 *       Bitswap with us).</li>
 *   <li>{@code hypha_info} {version}: always 1.</li>
 * </ul>
 * Direction labels are {@code inbound} and {@code outbound}. Label values are bounded by the node's own code
 * (protocols it serves or asked for, its endpoints), never taken from a peer's or a client's free text.
 * Counting is a {@code LongAdder}-style increment; a scrape reads a few snapshots and allocates only its text.
 */
public final class NodeMetrics implements AutoCloseable {
    /** The content type of {@link #scrape()}: Prometheus text format 0.0.4. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter rpcRequests;
    private final Counter gatewayRequests;
    private final Counter blockReads;
    private final Counter blockReadBytes;
    private final Counter blockWrites;
    private final Counter blockWrittenBytes;
    private final Counter blockDeletes;

    private NodeMetrics(Host host) {
        registerHost(host.counters());
        registerResources(host);
        blockReads = counter("hypha_blockstore_reads", "Block reads from the local store, by result (hit, miss, error)",
                "result");
        blockReadBytes = counter("hypha_blockstore_read_bytes", "Bytes of the blocks read from the local store");
        blockWrites = counter("hypha_blockstore_writes", "Blocks written to the local store (a block already there"
                + " counts again)");
        blockWrittenBytes = counter("hypha_blockstore_written_bytes", "Bytes of the blocks written to the local store");
        blockDeletes = counter("hypha_blockstore_deletes", "Blocks removed from the local store through the node"
                + " (garbage collection removes them beneath it and is not counted here)");
        rpcRequests = counter("hypha_rpc_requests", "RPC API requests answered, by endpoint and HTTP status",
                "endpoint", "status");
        gatewayRequests = counter("hypha_gateway_requests", "Gateway requests answered, by kind and HTTP status",
                "kind", "status");
        String version = HostBuilder.version();
        GaugeWithCallback.builder().name("hypha_info").help("This node's version (always 1)").labelNames("version")
                .callback(cb -> cb.call(1, version)).register(registry);
    }

    /** The metrics of a node running on {@code host}, in a new registry of their own. */
    public static NodeMetrics of(Host host) {
        return new NodeMetrics(Objects.requireNonNull(host, "host"));
    }

    /** The registry holding every metric of this node (to merge into an embedding service's exporter). */
    public PrometheusRegistry registry() {
        return registry;
    }

    /**
     * Bitswap's counters and gauges (see the class comment), read from one {@link Bitswap#stats()} per scrape. A
     * scrape waits briefly for Bitswap's event loop: scrape from a worker thread, never from an event loop.
     */
    public void meterBitswap(Bitswap bitswap) {
        Objects.requireNonNull(bitswap, "bitswap");
        // the callbacks of one scrape run one after the other: a snapshot younger than this serves them all
        java.util.concurrent.atomic.AtomicReference<Snapshot> last = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.function.Supplier<BitswapStats> stats = () -> {
            long now = System.nanoTime();
            Snapshot s = last.get();
            if (s == null || now - s.at() > BITSWAP_SNAPSHOT_NANOS) {
                s = new Snapshot(now, bitswap.stats());
                last.set(s);
            }
            return s.stats();
        };
        bitswapCounter("hypha_bitswap_blocks_received", "Blocks received through Bitswap that we wanted",
                () -> stats.get().blocksReceived());
        bitswapCounter("hypha_bitswap_received_bytes", "Bytes of the blocks received through Bitswap that we wanted",
                () -> stats.get().dataReceived());
        bitswapCounter("hypha_bitswap_blocks_sent", "Blocks sent to peers through Bitswap",
                () -> stats.get().blocksSent());
        bitswapCounter("hypha_bitswap_sent_bytes", "Bytes of the blocks sent to peers through Bitswap",
                () -> stats.get().dataSent());
        bitswapCounter("hypha_bitswap_duplicate_blocks", "Blocks received that we no longer wanted (a duplicate, or"
                + " one another peer sent first)", () -> stats.get().dupBlocksReceived());
        bitswapCounter("hypha_bitswap_duplicate_bytes", "Bytes of the duplicate blocks received",
                () -> stats.get().dupDataReceived());
        bitswapCounter("hypha_bitswap_messages_received", "Bitswap messages received",
                () -> stats.get().messagesReceived());
        GaugeWithCallback.builder().name("hypha_bitswap_wants").help("Blocks we want from peers now (our wantlist)")
                .callback(cb -> cb.call(stats.get().wantlist().size())).register(registry);
        GaugeWithCallback.builder().name("hypha_bitswap_peers").help("Peers speaking Bitswap with us")
                .callback(cb -> cb.call(stats.get().peers().size())).register(registry);
    }

    /** How long one Bitswap snapshot serves a scrape's callbacks. */
    private static final long BITSWAP_SNAPSHOT_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);

    private record Snapshot(long at, BitswapStats stats) {}

    private void bitswapCounter(String name, String help, java.util.function.LongSupplier value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsLong()))
                .register(registry);
    }

    /** Counts what {@code kad} does into these metrics (see the class comment); stops when the node closes. */
    public void meterDht(io.hypha.protocol.kad.Kad kad) {
        GaugeWithCallback.builder().name("hypha_dht_routing_table_peers").help("DHT servers in the routing table")
                .callback(cb -> cb.call(kad.routingTableSize())).register(registry);
        GaugeWithCallback.builder().name("hypha_dht_provider_records")
                .help("Provider records held, for other peers and ourselves").callback(cb -> cb.call(kad.providerRecords()))
                .register(registry);
        Counter queries = counter("hypha_dht_queries", "DHT lookups finished, by kind and outcome", "kind", "outcome");
        io.prometheus.metrics.core.metrics.Histogram seconds = io.prometheus.metrics.core.metrics.Histogram.builder()
                .name("hypha_dht_query_seconds").help("How long DHT lookups took, by kind").labelNames("kind")
                .classicUpperBounds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60).withoutExemplars()
                .register(registry);
        io.prometheus.metrics.core.metrics.Histogram requests = io.prometheus.metrics.core.metrics.Histogram.builder()
                .name("hypha_dht_query_requests").help("Requests one DHT lookup sent, by kind").labelNames("kind")
                .classicUpperBounds(1, 3, 5, 10, 20, 30, 50, 100, 200).withoutExemplars().register(registry);
        Counter sent = counter("hypha_dht_requests_sent", "DHT requests sent, by message type and result (ok, failed)",
                "type", "result");
        Counter received = counter("hypha_dht_requests_received", "DHT requests peers sent us, by message type",
                "type");
        kad.subscribe(e -> {
            switch (e) {
                case io.hypha.protocol.kad.KadEvent.QueryFinished q -> {
                    String kind = q.kind().name().toLowerCase(Locale.ROOT);
                    queries.labelValues(kind, q.outcome().name().toLowerCase(Locale.ROOT)).inc();
                    seconds.labelValues(kind).observe(q.took().toNanos() / 1e9);
                    requests.labelValues(kind).observe(q.requests());
                }
                case io.hypha.protocol.kad.KadEvent.RequestSent r ->
                        sent.labelValues(r.type().name().toLowerCase(Locale.ROOT), r.ok() ? "ok" : "failed").inc();
                case io.hypha.protocol.kad.KadEvent.RequestReceived r ->
                        received.labelValues(r.type().name().toLowerCase(Locale.ROOT)).inc();
                default -> { }
            }
        });
    }

    /** {@code store} counted into these metrics; the node reads and writes its blocks through it. */
    public MeteredBlockstore meter(Blockstore store) {
        return new MeteredBlockstore(store, blockReads, blockReadBytes, blockWrites, blockWrittenBytes, blockDeletes);
    }

    /**
     * Counts one RPC API answer. {@code endpoint} is a command's name as the API serves it ({@code cat},
     * {@code block/get}), or a fixed word for requests that reached none ({@code unknown}); never a client's raw path.
     */
    public void rpcRequest(String endpoint, int status) {
        rpcRequests.labelValues(endpoint, Integer.toString(status)).inc();
    }

    /**
     * Counts one gateway answer. {@code kind} is one of a small fixed set the gateway names (what was asked for:
     * {@code ipfs}, {@code ipns}, {@code car}, {@code raw} ...), never a path or a CID; anything that is not a
     * short lower-case word is counted as {@code other}.
     */
    public void gatewayRequest(String kind, int status) {
        gatewayRequests.labelValues(isWord(kind) ? kind : "other", Integer.toString(status)).inc();
    }

    /** Every metric, in the Prometheus text format ({@link #CONTENT_TYPE}). */
    public void scrape(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    /** Every metric, as Prometheus text. */
    public String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            scrape(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Unregisters everything, dropping the callbacks' references to the host. Idempotent. */
    @Override
    public void close() {
        registry.clear();
    }

    // ------------------------------------------------------------------------------------------------- setup

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).withoutExemplars().register(registry);
    }

    private void registerHost(HostCounters c) {
        // go-libp2p: libp2p_swarm_connections_opened_total / _closed_total {dir, transport, ...}
        CounterWithCallback.builder().name("hypha_connections_opened")
                .help("Connections established (secured and multiplexed), by transport and direction")
                .labelNames("transport", "direction")
                .callback(cb -> c.connections().forEach(n -> cb.call(n.opened(), n.name(), label(n.direction()))))
                .register(registry);
        CounterWithCallback.builder().name("hypha_connections_closed")
                .help("Established connections closed, by transport and direction")
                .labelNames("transport", "direction")
                .callback(cb -> c.connections().forEach(n -> cb.call(n.closed(), n.name(), label(n.direction()))))
                .register(registry);
        CounterWithCallback.builder().name("hypha_streams_opened")
                .help("Streams negotiated and handed to a protocol, by protocol and direction")
                .labelNames("protocol", "direction")
                .callback(cb -> c.streams().forEach(n -> cb.call(n.opened(), n.name(), label(n.direction()))))
                .register(registry);
        CounterWithCallback.builder().name("hypha_streams_closed")
                .help("Negotiated streams closed, by protocol and direction")
                .labelNames("protocol", "direction")
                .callback(cb -> c.streams().forEach(n -> cb.call(n.closed(), n.name(), label(n.direction()))))
                .register(registry);
        GaugeWithCallback.builder().name("hypha_protocol_streams")
                .help("Negotiated streams open now, by protocol and direction")
                .labelNames("protocol", "direction")
                .callback(cb -> c.streams().forEach(n -> cb.call(n.open(), n.name(), label(n.direction()))))
                .register(registry);
        CounterWithCallback.builder().name("hypha_network_received_bytes")
                .help("Bytes read from the sockets of libp2p connections (encrypted; failed handshakes included)")
                .callback(cb -> cb.call(c.bytesRead()))
                .register(registry);
        CounterWithCallback.builder().name("hypha_network_sent_bytes")
                .help("Bytes written to the sockets of libp2p connections (encrypted; handshakes included)")
                .callback(cb -> cb.call(c.bytesWritten()))
                .register(registry);
        CounterWithCallback.builder().name("hypha_handshakes_started")
                .help("Connection upgrades (security negotiation, handshake, muxer) started, by direction")
                .labelNames("direction")
                .callback(cb -> {
                    for (Direction d : Direction.values()) {
                        cb.call(c.handshakesStarted(d), label(d));
                    }
                })
                .register(registry);
        CounterWithCallback.builder().name("hypha_handshakes")
                .help("Connection upgrades finished, by security protocol, direction and result (success or why"
                        + " it failed)")
                .labelNames("security", "direction", "result")
                .callback(cb -> c.handshakes().forEach(h -> cb.call(h.count(), h.security(), label(h.direction()),
                        h.outcome().label())))
                .register(registry);
    }

    private void registerResources(Host host) {
        // go-libp2p's resource manager: libp2p_rcmgr_connections / _streams {dir, scope}, libp2p_rcmgr_memory,
        // libp2p_rcmgr_blocked_resources; here the node-wide scope only
        GaugeWithCallback.builder().name("hypha_connections")
                .help("Established connections now, by direction")
                .labelNames("direction")
                .callback(cb -> {
                    ResourceStats s = host.resources().stats();
                    cb.call(s.connectionsInbound(), "inbound");
                    cb.call(s.connectionsOutbound(), "outbound");
                })
                .register(registry);
        GaugeWithCallback.builder().name("hypha_connections_handshaking")
                .help("Connections still handshaking now, by direction")
                .labelNames("direction")
                .callback(cb -> {
                    ResourceStats s = host.resources().stats();
                    cb.call(s.handshakingInbound(), "inbound");
                    cb.call(s.handshakingOutbound(), "outbound");
                })
                .register(registry);
        GaugeWithCallback.builder().name("hypha_streams")
                .help("Streams open now (negotiated or not), by direction")
                .labelNames("direction")
                .callback(cb -> {
                    ResourceStats s = host.resources().stats();
                    cb.call(s.streamsInbound(), "inbound");
                    cb.call(s.streamsOutbound(), "outbound");
                })
                .register(registry);
        GaugeWithCallback.builder().name("hypha_resource_memory_bytes")
                .help("Memory reserved now by connections and streams (windows and protocol buffers)")
                .callback(cb -> cb.call(host.resources().stats().memory()))
                .register(registry);
        GaugeWithCallback.builder().name("hypha_resource_peers")
                .help("Peers holding a connection, stream or reservation now")
                .callback(cb -> cb.call(host.resources().stats().peers()))
                .register(registry);
        CounterWithCallback.builder().name("hypha_resource_refusals")
                .help("Refusals by the resource manager, by limit")
                .labelNames("limit")
                .callback(cb -> {
                    ResourceStats s = host.resources().stats();
                    for (Limit l : Limit.values()) {
                        cb.call(s.refusals(l), l.name().toLowerCase(Locale.ROOT));
                    }
                })
                .register(registry);
    }

    private static String label(Direction d) {
        return d == Direction.INBOUND ? "inbound" : "outbound";
    }

    private static boolean isWord(String s) {
        if (s == null || s.isEmpty() || s.length() > 32) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (!(ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '_' || ch == '-')) {
                return false;
            }
        }
        return true;
    }
}
