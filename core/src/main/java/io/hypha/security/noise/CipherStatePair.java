package io.hypha.security.noise;

import java.util.Objects;

/**
 * The two transport CipherStates produced by Noise {@code Split()} (section 5.2): {@code cs1} protects
 * initiator-to-responder messages, {@code cs2} responder-to-initiator ones.
 */
public record CipherStatePair(CipherState cs1, CipherState cs2) {
    public CipherStatePair {
        Objects.requireNonNull(cs1, "cs1");
        Objects.requireNonNull(cs2, "cs2");
    }

    /** The CipherState {@code role} encrypts with: cs1 for the initiator, cs2 for the responder. */
    public CipherState sender(Role role) {
        return role == Role.INITIATOR ? cs1 : cs2;
    }

    /** The CipherState {@code role} decrypts with: cs2 for the initiator, cs1 for the responder. */
    public CipherState receiver(Role role) {
        return role == Role.INITIATOR ? cs2 : cs1;
    }
}
