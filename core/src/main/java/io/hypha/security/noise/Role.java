package io.hypha.security.noise;

/** Which side of a Noise handshake this is: the initiator writes the first message (the libp2p dialer). */
public enum Role {
    INITIATOR,
    RESPONDER
}
