package io.hypha.protocol.kad;

import io.hypha.host.ProtocolId;
import java.time.Duration;

/** Protocol id, sizes and timers of the Kademlia DHT (libp2p/specs kad-dht/README.md). */
public final class KadProtocol {
    /** The Amino DHT protocol (spec, "Protocol"; go-libp2p-kad-dht ProtocolDHT). */
    public static final ProtocolId ID = ProtocolId.of("/ipfs/kad/1.0.0");
    /** Bucket size and replication parameter k (spec "Kademlia routing table": k = 20). */
    public static final int K = 20;
    /**
     * Requests in flight per lookup: go-libp2p-kad-dht and js kad-dht use 10, rust-libp2p 3. Measured on one
     * 50-node js swarm, 10 gave 0.3 of the median latency of 3 for 1.3 times the requests (README, Benchmarks).
     */
    public static final int ALPHA = 10;
    /** The closest peers that must have answered before a lookup ends (go-libp2p-kad-dht: beta = 3). */
    public static final int BETA = 3;
    /** Bits of the keyspace: SHA-256 digests. */
    public static final int KEY_BITS = 256;
    /**
     * Largest message we read, request or response. go and js accept 4 MiB, rust 16 KiB; a request is
     * a few hundred bytes, an IPNS record at most 10 KiB and a GET_PROVIDERS answer with k closer peers and a
     * few dozen providers tens of KiB, so 1 MiB admits every honest message we know of while a peer can
     * make us buffer at most 1 MiB per stream (each accounted in the stream's memory scope).
     */
    public static final int MAX_MESSAGE_SIZE = 1024 * 1024;
    /**
     * Largest message we write: rust-libp2p peers drop anything above 16 KiB, so our answers are trimmed
     * (fewer providers, fewer addresses per peer) to fit.
     */
    public static final int MAX_OUTBOUND_MESSAGE_SIZE = 16 * 1024;
    /** Waiting for one response (go-libp2p-kad-dht and js: 10 s). */
    public static final Duration RPC_TIMEOUT = Duration.ofSeconds(10);
    /** An inbound stream with no request for this long is closed (go-libp2p-kad-dht: 1 min). */
    public static final Duration STREAM_IDLE_TIMEOUT = Duration.ofMinutes(1);
    /** Requests one inbound stream may carry before we close it (go reuses a stream for many). */
    public static final int MAX_REQUESTS_PER_STREAM = 1024;
    /** A provider record lives this long (spec, "Content provider advertisement": 48 h). */
    public static final Duration PROVIDER_RECORD_TTL = Duration.ofHours(48);
    /** We republish our provider records this often, well within their life (go: 22 h). */
    public static final Duration REPROVIDE_INTERVAL = Duration.ofHours(22);
    /** A PUT_VALUE record is kept this long (go: 48 h, js: 36 h). */
    public static final Duration MAX_RECORD_AGE = Duration.ofHours(48);
    /** Longest key a GET_PROVIDERS / ADD_PROVIDER may carry (go-libp2p-kad-dht rejects keys over 80 bytes). */
    public static final int MAX_PROVIDER_KEY_BYTES = 80;
    /** Longest record key a GET_VALUE / PUT_VALUE may carry. */
    public static final int MAX_RECORD_KEY_BYTES = 256;
    /** Addresses we keep or send per peer; more are dropped. */
    public static final int MAX_ADDRESSES_PER_PEER = 16;

    private KadProtocol() {}
}
