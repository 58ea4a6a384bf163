package io.hypha.protocol.perf;

import io.hypha.host.ProtocolId;

/** Protocol id and wire constants of perf (libp2p/specs perf/perf.md). */
public final class PerfProtocol {
    /** The perf protocol (spec, "Protocol"). */
    public static final ProtocolId ID = ProtocolId.of("/perf/1.0.0");
    /** The request header: "a u64 big endian" count of bytes the server is to send back (spec). */
    public static final int HEADER_BYTES = Long.BYTES;
    /** Largest single write: the yamux send buffer is 1 MiB and at most two writes are queued past writability. */
    public static final int MAX_WRITE_CHUNK = 256 * 1024;

    private PerfProtocol() {}
}
