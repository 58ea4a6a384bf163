package io.hypha.multistream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Protocol ids, size limits and time limits of multistream-select 1.0, each with its source. */
public final class MultistreamProtocol {
    /** The header both sides send first (multistream-select README, "Protocol"). */
    public static final String PROTOCOL_ID = "/multistream/1.0.0";
    /** The answer to a proposal the responder does not support (multistream-select README). */
    public static final String NOT_AVAILABLE = "na";
    /** The request for the responder's supported ids (multistream-select README, "Listing"). */
    public static final String LIST = "ls";

    /**
     * Largest message, counted as the length prefix counts it (text plus {@code '\n'}): go-multistream and
     * js-multistream-select refuse longer ones, so no id longer than this minus one byte can ever interoperate.
     */
    public static final int MAX_MESSAGE_BYTES = 1024;
    /**
     * Largest {@code ls} answer a dialer accepts: rust-libp2p's frame limit (two-byte length prefix, 2^14 - 1),
     * since an answer lists many ids in one message.
     */
    public static final int MAX_LIST_BYTES = (1 << 14) - 1;
    /** Most ids an {@code ls} answer may carry (rust-libp2p's {@code MAX_PROTOCOLS}). */
    public static final int MAX_LISTED_PROTOCOLS = 1000;
    /**
     * Most proposals (and {@code ls} requests) one negotiation accepts or makes. Not in any spec: the limit
     * that stops a peer cycling through ids forever; go's bitswap tries four ids, security two.
     */
    public static final int MAX_PROPOSALS = 32;
    /** Time limit for one negotiation on a stream: go-libp2p's {@code DefaultNegotiationTimeout}. */
    public static final Duration NEGOTIATION_TIMEOUT = Duration.ofSeconds(10);
    /** Time limit go-libp2p gives a whole connection upgrade (security and muxer negotiation). */
    public static final Duration UPGRADE_NEGOTIATION_TIMEOUT = Duration.ofSeconds(60);

    private MultistreamProtocol() {}

    /**
     * Checks that {@code id} can be proposed or supported: it starts with {@code /} (multistream README,
     * "The protocol path"), has no newline and fits in one message.
     *
     * @return {@code id}
     * @throws IllegalArgumentException naming what is wrong
     */
    public static String requireValidId(String id) {
        if (id == null || id.isEmpty() || id.charAt(0) != '/') {
            throw new IllegalArgumentException("protocol id must start with '/': " + id);
        }
        if (id.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("protocol id must not contain a newline: " + id.strip());
        }
        int length = id.getBytes(StandardCharsets.UTF_8).length + 1;
        if (length > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException(
                    "protocol id takes " + length + " bytes with its newline, over the limit of " + MAX_MESSAGE_BYTES);
        }
        return id;
    }
}
