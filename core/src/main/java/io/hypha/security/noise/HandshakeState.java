package io.hypha.security.noise;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Noise HandshakeState (Noise section 5.3) for the XX pattern (section 7.5), sans-IO:
 * <pre>
 *   -&gt; e
 *   &lt;- e, ee, s, es
 *   -&gt; s, se
 * </pre>
 * The initiator calls {@code writeMessage}, {@code readMessage}, {@code writeMessage}; the responder
 * {@code readMessage}, {@code writeMessage}, {@code readMessage}. After the third message the handshake is
 * complete and {@link #sendCipher()} / {@link #receiveCipher()} protect the transport.
 *
 * <p>Messages are raw Noise messages (no libp2p length prefix). A message from the network that is malformed or
 * forged fails with {@link NoiseException}; the HandshakeState is unusable afterwards. Calling a method out of
 * turn is a programming error and fails with {@link IllegalStateException}. Not thread-safe.
 */
public final class HandshakeState {
    /** Minimum sizes of the three XX messages with an empty payload: e; e + enc(s) + tag; enc(s) + tag. */
    private static final int[] MIN_MESSAGE_LENGTH = {
        NoiseProtocol.DH_LENGTH,
        NoiseProtocol.DH_LENGTH + NoiseProtocol.DH_LENGTH + 2 * NoiseProtocol.TAG_LENGTH,
        NoiseProtocol.DH_LENGTH + 2 * NoiseProtocol.TAG_LENGTH,
    };
    private static final int MESSAGE_COUNT = 3;

    private final Role role;
    private final SymmetricState symmetric = new SymmetricState(NoiseProtocol.PROTOCOL_NAME);
    private final X25519KeyPair s;
    private final X25519KeyPair e;
    private byte[] re;
    private byte[] rs;
    private int messageIndex;
    private boolean failed;
    private CipherStatePair split;
    private byte[] finalHash;

    /**
     * Noise {@code Initialize(XX, initiator, prologue, s, e)} with an explicit ephemeral key; for tests that replay
     * known vectors. Real handshakes use {@link #create(Role, byte[], X25519KeyPair, SecureRandom)}.
     *
     * @param prologue bytes both sides must agree on (libp2p: empty); copied
     * @param staticKey our static key pair
     * @param ephemeralKey our ephemeral key pair, which must never be reused; wiped when the handshake completes
     */
    public HandshakeState(Role role, byte[] prologue, X25519KeyPair staticKey, X25519KeyPair ephemeralKey) {
        this.role = Objects.requireNonNull(role, "role");
        this.s = Objects.requireNonNull(staticKey, "staticKey");
        this.e = Objects.requireNonNull(ephemeralKey, "ephemeralKey");
        symmetric.mixHash(prologue.clone());
    }

    /** A handshake with a fresh ephemeral key from {@code random}. */
    public static HandshakeState create(Role role, byte[] prologue, X25519KeyPair staticKey, SecureRandom random) {
        return new HandshakeState(role, prologue, staticKey, X25519KeyPair.generate(random));
    }

    public Role role() {
        return role;
    }

    /** Whether it is our turn to write the next message. */
    public boolean isMyTurnToWrite() {
        return !isComplete() && (messageIndex % 2 == 0) == (role == Role.INITIATOR);
    }

    /** Whether all three messages have been exchanged. */
    public boolean isComplete() {
        return messageIndex == MESSAGE_COUNT;
    }

    /** Index (0, 1, 2) of the next message, or 3 once complete. */
    public int messageIndex() {
        return messageIndex;
    }

    /** Our static public key. */
    public byte[] localStaticPublicKey() {
        return s.publicKey();
    }

    /** The remote static public key, or null before it has been received (message 2 or 3). */
    public byte[] remoteStaticPublicKey() {
        return rs == null ? null : rs.clone();
    }

    /** The handshake hash {@code h}: the running value during the handshake, the final one once complete. */
    public byte[] handshakeHash() {
        return finalHash != null ? finalHash.clone() : symmetric.handshakeHash();
    }

    /**
     * Noise {@code WriteMessage(payload, message_buffer)}.
     *
     * @param payload the payload for this message (the libp2p one for messages 2 and 3, empty for message 1)
     * @return the Noise message to send
     * @throws IllegalStateException if it is not our turn to write
     * @throws NoiseException if the message would exceed 65535 bytes
     */
    public byte[] writeMessage(byte[] payload) throws NoiseException {
        if (failed || !isMyTurnToWrite()) {
            throw new IllegalStateException(role + " cannot write message " + (messageIndex + 1) + " now");
        }
        int length = MIN_MESSAGE_LENGTH[messageIndex] + payload.length;
        if (length > NoiseProtocol.MAX_MESSAGE_LENGTH) {
            throw new NoiseException("handshake message of " + length + " bytes exceeds "
                    + NoiseProtocol.MAX_MESSAGE_LENGTH);
        }
        try {
            byte[] out = doWriteMessage(payload);
            advance();
            return out;
        } catch (NoiseException ex) {
            failed = true;
            throw ex;
        }
    }

    private byte[] doWriteMessage(byte[] payload) throws NoiseException {
        byte[] out;
        switch (messageIndex) {
            case 0 -> {
                byte[] ePub = e.publicKey();
                symmetric.mixHash(ePub);
                out = concat(ePub, symmetric.encryptAndHash(payload));
            }
            case 1 -> {
                byte[] ePub = e.publicKey();
                symmetric.mixHash(ePub);
                mixDh(e, re);
                byte[] encS = symmetric.encryptAndHash(s.publicKey());
                mixDh(s, re);
                out = concat(concat(ePub, encS), symmetric.encryptAndHash(payload));
            }
            default -> {
                byte[] encS = symmetric.encryptAndHash(s.publicKey());
                mixDh(s, re);
                out = concat(encS, symmetric.encryptAndHash(payload));
            }
        }
        return out;
    }

    /**
     * Noise {@code ReadMessage(message, payload_buffer)}.
     *
     * @param message a whole Noise message from the remote
     * @return the decrypted payload
     * @throws IllegalStateException if it is not the remote's turn
     * @throws NoiseException if the message is too short or too long, fails authentication or carries a bad key
     */
    public byte[] readMessage(byte[] message) throws NoiseException {
        if (failed || isComplete() || isMyTurnToWrite()) {
            throw new IllegalStateException(role + " cannot read message " + (messageIndex + 1) + " now");
        }
        try {
            return doReadMessage(message);
        } catch (NoiseException ex) {
            failed = true;
            throw ex;
        }
    }

    private byte[] doReadMessage(byte[] message) throws NoiseException {
        int min = MIN_MESSAGE_LENGTH[messageIndex];
        if (message.length < min) {
            throw new NoiseException("handshake message " + (messageIndex + 1) + " has " + message.length
                    + " bytes, at least " + min + " expected");
        }
        if (message.length > NoiseProtocol.MAX_MESSAGE_LENGTH) {
            throw new NoiseException("handshake message " + (messageIndex + 1) + " has " + message.length
                    + " bytes, at most " + NoiseProtocol.MAX_MESSAGE_LENGTH + " allowed");
        }
        int offset = 0;
        byte[] payload;
        switch (messageIndex) {
            case 0 -> {
                re = Arrays.copyOfRange(message, 0, NoiseProtocol.DH_LENGTH);
                symmetric.mixHash(re);
                payload = symmetric.decryptAndHash(Arrays.copyOfRange(message, NoiseProtocol.DH_LENGTH,
                        message.length));
            }
            case 1 -> {
                re = Arrays.copyOfRange(message, offset, offset += NoiseProtocol.DH_LENGTH);
                symmetric.mixHash(re);
                mixDh(e, re);
                rs = symmetric.decryptAndHash(Arrays.copyOfRange(message, offset,
                        offset += NoiseProtocol.DH_LENGTH + NoiseProtocol.TAG_LENGTH));
                mixDh(e, rs);
                payload = symmetric.decryptAndHash(Arrays.copyOfRange(message, offset, message.length));
            }
            default -> {
                rs = symmetric.decryptAndHash(Arrays.copyOfRange(message, offset,
                        offset += NoiseProtocol.DH_LENGTH + NoiseProtocol.TAG_LENGTH));
                mixDh(e, rs);
                payload = symmetric.decryptAndHash(Arrays.copyOfRange(message, offset, message.length));
            }
        }
        advance();
        return payload;
    }

    /** The CipherState we encrypt transport messages with (cs1 for the initiator, cs2 for the responder). */
    public CipherState sendCipher() {
        return ciphers().sender(role);
    }

    /** The CipherState we decrypt transport messages with (cs2 for the initiator, cs1 for the responder). */
    public CipherState receiveCipher() {
        return ciphers().receiver(role);
    }

    /** Both transport CipherStates as produced by {@code Split()}. */
    public CipherStatePair ciphers() {
        if (split == null) {
            throw new IllegalStateException("handshake not complete");
        }
        return split;
    }

    private void mixDh(X25519KeyPair local, byte[] remote) throws NoiseException {
        byte[] shared = local.dh(remote);
        symmetric.mixKey(shared);
        Arrays.fill(shared, (byte) 0);
    }

    private void advance() {
        messageIndex++;
        if (isComplete()) {
            finalHash = symmetric.handshakeHash();
            split = symmetric.split();
            e.destroy();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
