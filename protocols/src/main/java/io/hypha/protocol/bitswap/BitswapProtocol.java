package io.hypha.protocol.bitswap;

import io.hypha.host.ProtocolId;
import java.time.Duration;
import java.util.List;

/**
 * Protocol ids, sizes and timers of Bitswap (ipfs/specs src/bitswap-protocol.md; boxo bitswap; SPEC-NOTES 1.9).
 * Every limit a peer can push against is here, each attacked by a test.
 */
public final class BitswapProtocol {
    /** Bitswap 1.2.0: want-have, HAVE / DONT_HAVE presences, sendDontHave, pendingBytes. Helia speaks only this. */
    public static final ProtocolId V120 = ProtocolId.of("/ipfs/bitswap/1.2.0");
    /** Bitswap 1.1.0: CIDv1 wants and blocks sent with their CID prefix ({@code payload}). */
    public static final ProtocolId V110 = ProtocolId.of("/ipfs/bitswap/1.1.0");
    /** Bitswap 1.0.0: CIDv0 only, whole blocks in {@code blocks}. */
    public static final ProtocolId V100 = ProtocolId.of("/ipfs/bitswap/1.0.0");
    /** The original id, the same wire format as 1.0.0. */
    public static final ProtocolId V000 = ProtocolId.of("/ipfs/bitswap");
    /** The ids we serve and propose, most capable first (go offers and accepts all four). */
    public static final List<ProtocolId> IDS = List.of(V120, V110, V100, V000);

    /** Largest message we read or write (boxo and Helia: 4 MiB). A bigger one resets the stream. */
    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    /** Largest block we accept or send (boxo {@code chunker.BlockSizeLimit}: 2 MiB). */
    public static final int MAX_BLOCK_BYTES = 2 * 1024 * 1024;
    /**
     * Entries we keep in one peer's wantlist (boxo's {@code MaxQueuedWantlistEntriesPerPeer}: 1,024, added after the
     * wantlist-memory advisory); past it, wants for blocks we lack and low-priority wants are evicted first.
     */
    public static final int MAX_WANTLIST_ENTRIES = 1024;
    /**
     * Longest CID we accept in a want, presence or block prefix: a version, a codec, a multihash code and length
     * and a digest of at most 128 bytes (boxo verifcid caps identity digests at 128). Longer ones are malformed.
     */
    public static final int MAX_CID_BYTES = 160;
    /**
     * Bytes of blocks we queue for one peer that it has not yet taken off the wire (boxo: 1 MiB outstanding per
     * peer); the next batch waits until the stream drains.
     */
    public static final int MAX_OUTSTANDING_BYTES_PER_PEER = 1024 * 1024;
    /** A batch of blocks and presences we pack into one message, at most (boxo's engine packs about this much). */
    public static final int TARGET_MESSAGE_BYTES = 512 * 1024;
    /**
     * A want-have for a block at most this big is answered with the block itself (boxo
     * {@code DefaultWantHaveReplaceSize}, Helia the same).
     */
    public static final int WANT_HAVE_REPLACE_SIZE = 1024;
    /** Wants we send in one message, at most (a message of 1,000 CIDv1 wants is about 45 KiB). */
    public static final int MAX_WANTS_PER_MESSAGE = 1000;
    /** An inbound stream with no message for this long is closed (go never closes it, Helia after 5 s). */
    public static final Duration STREAM_IDLE_TIMEOUT = Duration.ofMinutes(1);

    private BitswapProtocol() {}
}
