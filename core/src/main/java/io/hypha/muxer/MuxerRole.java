package io.hypha.muxer;

/**
 * Which end of the connection a muxer session is: the dialer (or the DCUtR-assigned client) is the
 * {@link #INITIATOR}. Muxers derive stream-id parity from it (yamux: initiator odd, responder even).
 */
public enum MuxerRole {
    INITIATOR,
    RESPONDER
}
