package io.hypha.protocol.identify;

import io.hypha.host.ProtocolId;

/** Protocol ids, field numbers and size limits of identify (libp2p/specs identify/README.md). */
public final class IdentifyProtocol {
    /** The request/response protocol: the responder writes its Identify and closes (spec, "Identify"). */
    public static final ProtocolId ID = ProtocolId.of("/ipfs/id/1.0.0");
    /** The push protocol: the opener writes a (partial) Identify and closes (spec, "Identify Push"). */
    public static final ProtocolId PUSH_ID = ProtocolId.of("/ipfs/id/push/1.0.0");
    /** What go-libp2p, js-libp2p and Kubo send as {@code protocolVersion} (SPEC-NOTES 1.6). */
    public static final String PROTOCOL_VERSION = "ipfs/0.1.0";

    /** Largest message accepted: go-libp2p and js-libp2p read at most 8 KiB per message (SPEC-NOTES 1.1). */
    public static final int MAX_MESSAGE_SIZE = 8 * 1024;
    /** Messages accepted on one stream and merged: go-libp2p and js-libp2p read at most 10 (SPEC-NOTES 1.6). */
    public static final int MAX_MESSAGES = 10;
    /** Largest message we send: rust-libp2p rejects identify messages over 4096 bytes (SPEC-NOTES 1.15). */
    public static final int MAX_SENT_MESSAGE_SIZE = 4096;
    /** The uvarint length prefix of a message of at most {@link #MAX_MESSAGE_SIZE} bytes takes at most 2 bytes. */
    static final int MAX_LENGTH_PREFIX_BYTES = 2;

    // Field numbers of the proto2 Identify message (spec, "The Identify Message"; field 8 from go-libp2p).
    static final int FIELD_PUBLIC_KEY = 1;
    static final int FIELD_LISTEN_ADDRS = 2;
    static final int FIELD_PROTOCOLS = 3;
    static final int FIELD_OBSERVED_ADDR = 4;
    static final int FIELD_PROTOCOL_VERSION = 5;
    static final int FIELD_AGENT_VERSION = 6;
    static final int FIELD_SIGNED_PEER_RECORD = 8;

    private IdentifyProtocol() {}
}
