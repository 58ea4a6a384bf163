package io.hypha.host;

/**
 * How a connection's upgrade (security negotiation, the security handshake, admission by the resource manager,
 * the muxer) ended: once per connection, counted by {@link HostCounters}. The labels are stable metric label values.
 */
public enum HandshakeOutcome {
    /** Secured, admitted and multiplexed: the connection is up. */
    SUCCESS("success"),
    /** multistream-select of the security protocol failed: not multistream, or no protocol in common. */
    NEGOTIATION("negotiation"),
    /** The security handshake itself failed: bad messages, bad signature, the wrong peer id. */
    SECURITY("security"),
    /** The authenticated peer was refused by a resource limit (its established pool or its share was full). */
    REFUSED("refused"),
    /** The muxer could not be agreed. */
    MUXER("muxer"),
    /** The upgrade did not finish within its time limit. */
    TIMEOUT("timeout"),
    /** The connection closed before the upgrade finished (by the peer, or dropped from a full handshaking pool). */
    CLOSED("closed"),
    /** Any other failure in the pipeline during the upgrade. */
    ERROR("error");

    private final String label;

    HandshakeOutcome(String label) {
        this.label = label;
    }

    /** The metric label value: lower case, one word. */
    public String label() {
        return label;
    }
}
