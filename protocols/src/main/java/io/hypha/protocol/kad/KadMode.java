package io.hypha.protocol.kad;

/**
 * Whether we serve the DHT (spec, "Client and server mode"). A server advertises {@link KadProtocol#ID} through
 * identify and answers requests; a client does neither, so no peer puts it in its routing table, but it still
 * runs lookups.
 */
public enum KadMode {
    CLIENT,
    SERVER
}
