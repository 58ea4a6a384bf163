package io.hypha.protocol.ping;

import io.hypha.host.ProtocolId;

/** Protocol id and limits of ping (libp2p/specs ping/ping.md). */
public final class PingProtocol {
    /** The ping protocol (spec, "Protocol"). */
    public static final ProtocolId ID = ProtocolId.of("/ipfs/ping/1.0.0");
    /** Size of one ping payload: "the dialer sends 32 bytes of random binary data" (spec; go-libp2p PingSize). */
    public static final int PAYLOAD_SIZE = 32;
    /** Concurrent inbound ping streams one peer may hold; more are reset (spec: "at most 2"; js-libp2p). */
    public static final int MAX_INBOUND_STREAMS_PER_PEER = 2;

    private PingProtocol() {}
}
