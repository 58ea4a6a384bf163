package io.hypha.resource;

import java.lang.management.ManagementFactory;
import java.util.Objects;

/**
 * The limits of a {@link ResourceManager}. One number drives the defaults: the node's memory budget
 * ({@link #forMemory}), which {@link #defaults()} takes as a quarter of the JVM's maximum heap. Each limit
 * can then be overridden ({@code with...}; in the repo config, {@code Swarm.ResourceMgr.<key>}, see
 * {@link Limit#configKey()}). For a budget {@code M}:
 *
 * <table>
 *   <caption>defaults</caption>
 *   <tr><th>limit</th><th>default</th><th>why</th></tr>
 *   <tr><td>memory</td><td>M = max heap / 4</td><td>stream windows and protocol buffers; the rest of the heap
 *       is the node's own work (adds, the blockstore, tables)</td></tr>
 *   <tr><td>memoryPerConnection</td><td>M / 4, at most 32 MiB</td><td>go-libp2p's connection default; 128
 *       stream windows of 256 KiB</td></tr>
 *   <tr><td>memoryPerPeer</td><td>M / 2, at most 64 MiB</td><td>no single peer takes the whole budget</td></tr>
 *   <tr><td>connectionsInbound / Outbound</td><td>M / 128 KiB, 64 to 4096</td><td>an established connection
 *       costs tens of KiB of heap and up to a write-buffer high-water mark of direct memory</td></tr>
 *   <tr><td>connectionsPerPeer</td><td>4</td><td>simultaneous dials both ways, reconnects</td></tr>
 *   <tr><td>handshakingInbound / Outbound</td><td>64 / 64</td><td>a small, separate pool: half-open
 *       handshakes never starve established peers or our own dials</td></tr>
 *   <tr><td>connectionsPerIp / PerSubnet</td><td>8 / 32</td><td>go-libp2p's 8 per IP; a subnet is an IPv4
 *       /24 or an IPv6 /56; loopback is exempt unless {@code limitLoopback}, as in go</td></tr>
 *   <tr><td>streamsInbound / Outbound</td><td>M / 64 KiB, 256 to 16384</td><td>node-wide</td></tr>
 *   <tr><td>streamsPerPeer / PerConnection</td><td>512 / 256</td><td>both directions</td></tr>
 *   <tr><td>streamsPerProtocol / PerProtocolPerPeer</td><td>streamsInbound / 2 / 64</td><td>inbound: one
 *       protocol cannot take every slot, one peer not a protocol's</td></tr>
 *   <tr><td>streamOpenRate / streamResetRate</td><td>100/s, bursts of 300</td><td>per connection; a peer
 *       that keeps exceeding them is disconnected ("rapid reset")</td></tr>
 * </table>
 *
 * @param memory                    node-wide memory budget, bytes
 * @param memoryPerPeer             per peer, bytes
 * @param memoryPerConnection       per connection, bytes
 * @param connectionsInbound        established inbound connections
 * @param connectionsOutbound       established outbound connections
 * @param connectionsPerPeer        connections to one peer, both directions
 * @param handshakingInbound        inbound connections still handshaking
 * @param handshakingOutbound       outbound connections still handshaking
 * @param connectionsPerIp          inbound connections from one IP address
 * @param connectionsPerSubnet      inbound connections from one IPv4 /24 or IPv6 /56
 * @param limitLoopback             whether the per-IP and per-subnet limits apply to loopback addresses
 * @param streamsInbound            inbound streams, node-wide
 * @param streamsOutbound           outbound streams, node-wide
 * @param streamsPerPeer            streams of one peer, both directions
 * @param streamsPerConnection      streams of one connection, both directions
 * @param streamsPerProtocol        inbound streams of one protocol, node-wide
 * @param streamsPerProtocolPerPeer inbound streams of one protocol from one peer
 * @param streamOpenRate            streams a peer may open on one connection
 * @param streamResetRate           stream resets a peer may send on one connection
 */
public record ResourceLimits(
        long memory,
        long memoryPerPeer,
        long memoryPerConnection,
        int connectionsInbound,
        int connectionsOutbound,
        int connectionsPerPeer,
        int handshakingInbound,
        int handshakingOutbound,
        int connectionsPerIp,
        int connectionsPerSubnet,
        boolean limitLoopback,
        int streamsInbound,
        int streamsOutbound,
        int streamsPerPeer,
        int streamsPerConnection,
        int streamsPerProtocol,
        int streamsPerProtocolPerPeer,
        RateLimit streamOpenRate,
        RateLimit streamResetRate) {

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    /** go-libp2p's connection memory default (rcmgr limit_defaults.go ConnBaseLimit): 32 MiB. */
    public static final long MAX_DEFAULT_MEMORY_PER_CONNECTION = 32 * MIB;
    /** Upper bound of the default per-peer memory: 64 MiB. */
    public static final long MAX_DEFAULT_MEMORY_PER_PEER = 64 * MIB;
    /** Smallest node budget the defaults produce. */
    public static final long MIN_MEMORY = 16 * MIB;
    public static final int DEFAULT_CONNECTIONS_PER_PEER = 4;
    /** Direct memory one connection may hold queued for a peer that does not read: the TCP write-buffer high-water mark. */
    public static final long DIRECT_BYTES_PER_CONNECTION = MIB;
    public static final int DEFAULT_HANDSHAKING_INBOUND = 64;
    public static final int DEFAULT_HANDSHAKING_OUTBOUND = 64;
    /** go-libp2p rcmgr conn_limiter.go: 8 concurrent connections per IPv4 address. */
    public static final int DEFAULT_CONNECTIONS_PER_IP = 8;
    public static final int DEFAULT_CONNECTIONS_PER_SUBNET = 32;
    public static final int DEFAULT_STREAMS_PER_PEER = 512;
    public static final int DEFAULT_STREAMS_PER_CONNECTION = 256;
    public static final int DEFAULT_STREAMS_PER_PROTOCOL_PER_PEER = 64;
    /** Per connection: far above what Kubo or Helia open (a stream per DHT RPC or Bitswap batch). */
    public static final RateLimit DEFAULT_STREAM_OPEN_RATE = new RateLimit(100, 300);
    public static final RateLimit DEFAULT_STREAM_RESET_RATE = new RateLimit(100, 300);

    public ResourceLimits {
        requirePositive(memory, "memory");
        requirePositive(memoryPerPeer, "memoryPerPeer");
        requirePositive(memoryPerConnection, "memoryPerConnection");
        requirePositive(connectionsInbound, "connectionsInbound");
        requirePositive(connectionsOutbound, "connectionsOutbound");
        requirePositive(connectionsPerPeer, "connectionsPerPeer");
        requirePositive(handshakingInbound, "handshakingInbound");
        requirePositive(handshakingOutbound, "handshakingOutbound");
        requirePositive(connectionsPerIp, "connectionsPerIp");
        requirePositive(connectionsPerSubnet, "connectionsPerSubnet");
        requirePositive(streamsInbound, "streamsInbound");
        requirePositive(streamsOutbound, "streamsOutbound");
        requirePositive(streamsPerPeer, "streamsPerPeer");
        requirePositive(streamsPerConnection, "streamsPerConnection");
        requirePositive(streamsPerProtocol, "streamsPerProtocol");
        requirePositive(streamsPerProtocolPerPeer, "streamsPerProtocolPerPeer");
        Objects.requireNonNull(streamOpenRate, "streamOpenRate");
        Objects.requireNonNull(streamResetRate, "streamResetRate");
    }

    private static void requirePositive(long v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + v);
        }
    }

    /**
     * The defaults for this JVM: a memory budget of a quarter of the maximum heap (see the table above), and
     * no more connections each way than the maximum direct memory holds write buffers of
     * {@link #DIRECT_BYTES_PER_CONNECTION} (a peer that stops reading can make a connection queue that much).
     */
    public static ResourceLimits defaults() {
        return forMemory(Math.max(MIN_MEMORY, Runtime.getRuntime().maxMemory() / 4)).withinDirectMemory();
    }

    /**
     * A copy whose connection limits each way are no more than this JVM's maximum direct memory holds write
     * buffers of {@link #DIRECT_BYTES_PER_CONNECTION} (at least 64).
     */
    public ResourceLimits withinDirectMemory() {
        long direct = maxDirectMemory();
        if (direct <= 0) {
            return this;
        }
        long cap = Math.max(64, direct / DIRECT_BYTES_PER_CONNECTION);
        ResourceLimits out = this;
        if (cap < out.connectionsInbound()) {
            out = out.with(Limit.CONNECTIONS_INBOUND, cap);
        }
        if (cap < out.connectionsOutbound()) {
            out = out.with(Limit.CONNECTIONS_OUTBOUND, cap);
        }
        return out;
    }

    /** The defaults scaled to a node-wide memory budget of {@code memory} bytes (see the table above). */
    public static ResourceLimits forMemory(long memory) {
        requirePositive(memory, "memory");
        int connections = (int) clamp(memory / (128 * KIB), 64, 4096);
        int streams = (int) clamp(memory / (64 * KIB), 256, 16384);
        return new ResourceLimits(
                memory,
                Math.max(1, Math.min(MAX_DEFAULT_MEMORY_PER_PEER, memory / 2)),
                Math.max(1, Math.min(MAX_DEFAULT_MEMORY_PER_CONNECTION, memory / 4)),
                connections,
                connections,
                DEFAULT_CONNECTIONS_PER_PEER,
                DEFAULT_HANDSHAKING_INBOUND,
                DEFAULT_HANDSHAKING_OUTBOUND,
                DEFAULT_CONNECTIONS_PER_IP,
                DEFAULT_CONNECTIONS_PER_SUBNET,
                false,
                streams,
                streams,
                DEFAULT_STREAMS_PER_PEER,
                DEFAULT_STREAMS_PER_CONNECTION,
                Math.max(1, streams / 2),
                DEFAULT_STREAMS_PER_PROTOCOL_PER_PEER,
                DEFAULT_STREAM_OPEN_RATE,
                DEFAULT_STREAM_RESET_RATE);
    }

    /** No practical limit: for tests that exercise something else, and for trusted private links. */
    public static ResourceLimits unlimited() {
        int n = Integer.MAX_VALUE;
        return new ResourceLimits(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, n, n, n, n, n, n, n, false,
                n, n, n, n, n, n, RateLimit.UNLIMITED, RateLimit.UNLIMITED);
    }

    private static long clamp(long v, long min, long max) {
        return Math.max(min, Math.min(max, v));
    }

    /** The JVM's maximum direct memory ({@code -XX:MaxDirectMemorySize}, by default the maximum heap). */
    static long maxDirectMemory() {
        return VM_MAX_DIRECT_MEMORY;
    }

    private static final long VM_MAX_DIRECT_MEMORY = readMaxDirectMemory();

    private static long readMaxDirectMemory() {
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-XX:MaxDirectMemorySize=")) {
                try {
                    return parseJvmSize(arg.substring("-XX:MaxDirectMemorySize=".length()));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static long parseJvmSize(String text) {
        String s = text.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
            case 'k' -> KIB;
            case 'm' -> MIB;
            case 'g' -> 1024 * MIB;
            case 't' -> 1024 * 1024 * MIB;
            default -> 1;
        };
        return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
    }

    /** The value of {@code limit} in these limits (rates report their burst). */
    public long valueOf(Limit limit) {
        return switch (limit) {
            case MEMORY -> memory;
            case MEMORY_PER_PEER -> memoryPerPeer;
            case MEMORY_PER_CONNECTION -> memoryPerConnection;
            case CONNECTIONS_INBOUND -> connectionsInbound;
            case CONNECTIONS_OUTBOUND -> connectionsOutbound;
            case CONNECTIONS_PER_PEER -> connectionsPerPeer;
            case HANDSHAKING_INBOUND -> handshakingInbound;
            case HANDSHAKING_OUTBOUND -> handshakingOutbound;
            case CONNECTIONS_PER_IP -> connectionsPerIp;
            case CONNECTIONS_PER_SUBNET -> connectionsPerSubnet;
            case STREAMS_INBOUND -> streamsInbound;
            case STREAMS_OUTBOUND -> streamsOutbound;
            case STREAMS_PER_PEER -> streamsPerPeer;
            case STREAMS_PER_CONNECTION -> streamsPerConnection;
            case STREAMS_PER_PROTOCOL -> streamsPerProtocol;
            case STREAMS_PER_PROTOCOL_PER_PEER -> streamsPerProtocolPerPeer;
            case STREAM_OPEN_RATE -> streamOpenRate.burst();
            case STREAM_RESET_RATE -> streamResetRate.burst();
        };
    }

    /** A copy with {@code limit} set to {@code value} (for a rate: the same burst-to-rate shape, {@code value}/s). */
    public ResourceLimits with(Limit limit, long value) {
        requirePositive(value, limit.configKey());
        int i = (int) Math.min(Integer.MAX_VALUE, value);
        return new ResourceLimits(
                limit == Limit.MEMORY ? value : memory,
                limit == Limit.MEMORY_PER_PEER ? value : memoryPerPeer,
                limit == Limit.MEMORY_PER_CONNECTION ? value : memoryPerConnection,
                limit == Limit.CONNECTIONS_INBOUND ? i : connectionsInbound,
                limit == Limit.CONNECTIONS_OUTBOUND ? i : connectionsOutbound,
                limit == Limit.CONNECTIONS_PER_PEER ? i : connectionsPerPeer,
                limit == Limit.HANDSHAKING_INBOUND ? i : handshakingInbound,
                limit == Limit.HANDSHAKING_OUTBOUND ? i : handshakingOutbound,
                limit == Limit.CONNECTIONS_PER_IP ? i : connectionsPerIp,
                limit == Limit.CONNECTIONS_PER_SUBNET ? i : connectionsPerSubnet,
                limitLoopback,
                limit == Limit.STREAMS_INBOUND ? i : streamsInbound,
                limit == Limit.STREAMS_OUTBOUND ? i : streamsOutbound,
                limit == Limit.STREAMS_PER_PEER ? i : streamsPerPeer,
                limit == Limit.STREAMS_PER_CONNECTION ? i : streamsPerConnection,
                limit == Limit.STREAMS_PER_PROTOCOL ? i : streamsPerProtocol,
                limit == Limit.STREAMS_PER_PROTOCOL_PER_PEER ? i : streamsPerProtocolPerPeer,
                limit == Limit.STREAM_OPEN_RATE ? new RateLimit(value, (int) Math.min(Integer.MAX_VALUE, value * 3)) : streamOpenRate,
                limit == Limit.STREAM_RESET_RATE ? new RateLimit(value, (int) Math.min(Integer.MAX_VALUE, value * 3)) : streamResetRate);
    }

    /** A copy where the per-IP and per-subnet limits also apply to loopback addresses (tests, containers). */
    public ResourceLimits withLimitLoopback(boolean value) {
        return new ResourceLimits(memory, memoryPerPeer, memoryPerConnection, connectionsInbound,
                connectionsOutbound, connectionsPerPeer, handshakingInbound, handshakingOutbound, connectionsPerIp,
                connectionsPerSubnet, value, streamsInbound, streamsOutbound, streamsPerPeer, streamsPerConnection,
                streamsPerProtocol, streamsPerProtocolPerPeer, streamOpenRate, streamResetRate);
    }

    /** A copy with both per-connection rates replaced. */
    public ResourceLimits withRates(RateLimit open, RateLimit reset) {
        return new ResourceLimits(memory, memoryPerPeer, memoryPerConnection, connectionsInbound,
                connectionsOutbound, connectionsPerPeer, handshakingInbound, handshakingOutbound, connectionsPerIp,
                connectionsPerSubnet, limitLoopback, streamsInbound, streamsOutbound, streamsPerPeer,
                streamsPerConnection, streamsPerProtocol, streamsPerProtocolPerPeer, open, reset);
    }
}
