package io.hypha.security.noise;

import io.hypha.crypto.MalformedKeyException;
import io.hypha.crypto.PrivateKey;
import io.hypha.crypto.PublicKey;
import io.hypha.peer.PeerId;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;

/**
 * One side of a libp2p Noise handshake (libp2p noise/README.md), sans-IO: bytes in, bytes out.
 *
 * <p>The initiator (dialer) sends msg1 from {@link #start()}; both sides feed whatever bytes arrive to
 * {@link #receive(ByteBuffer)}, which consumes whole {@code u16 BE length ‖ message} frames and returns the frames
 * to send back. It never consumes bytes beyond the handshake's last frame: what follows belongs to the transport.
 *
 * <p>Each side proves its identity by signing {@code "noise-libp2p-static-key:" ‖ static X25519 key} with its
 * identity key; the remote signature is checked against the static key received in the handshake. A dialer that
 * knows whom it dialled passes the expected identity and the handshake fails on a mismatch before msg3 is sent.
 * The {@code stream_muxers} extension carries our muxer list (when not empty); the agreed muxer is the first entry
 * of the initiator's list also in the responder's list, or null when either list is empty; two non-empty lists
 * without a common entry fail the handshake ({@code connections/inlined-muxer-negotiation.md}).
 *
 * <p>A static key is generated per handshake, as go-libp2p does: it is not an identity and is never persisted.
 * Any failure is a {@link NoiseException}; the object is unusable afterwards. Not thread-safe.
 */
public final class LibP2pNoiseHandshake {
    private static final byte[] EMPTY = new byte[0];

    private final HandshakeState noise;
    private final PrivateKey identity;
    private final PeerId expectedRemote;
    private final List<String> streamMuxers;
    private NoiseHandshakeResult result;
    private boolean started;
    private boolean failed;

    /**
     * A handshake with explicit Noise keys and prologue, for replaying known transcripts; production code uses
     * {@link #initiator} and {@link #responder}.
     *
     * @param expectedRemote the peer id the initiator expects, or null to accept any (always null for a responder)
     * @param streamMuxers our muxers in preference order, for the inlined muxer negotiation; may be empty
     */
    public LibP2pNoiseHandshake(Role role, PrivateKey identity, PeerId expectedRemote, List<String> streamMuxers,
            byte[] prologue, X25519KeyPair staticKey, X25519KeyPair ephemeralKey) {
        if (role == Role.RESPONDER && expectedRemote != null) {
            throw new IllegalArgumentException("a responder learns the remote identity, it cannot expect one");
        }
        this.identity = Objects.requireNonNull(identity, "identity");
        this.expectedRemote = expectedRemote;
        this.streamMuxers = List.copyOf(streamMuxers);
        if (this.streamMuxers.size() > NoiseHandshakePayloadCodec.MAX_STREAM_MUXERS) {
            throw new IllegalArgumentException("at most " + NoiseHandshakePayloadCodec.MAX_STREAM_MUXERS
                    + " stream muxers");
        }
        this.noise = new HandshakeState(role, prologue, staticKey, ephemeralKey);
    }

    /** The dialer's side: empty prologue, fresh static and ephemeral keys. */
    public static LibP2pNoiseHandshake initiator(PrivateKey identity, PeerId expectedRemote,
            List<String> streamMuxers, SecureRandom random) {
        return new LibP2pNoiseHandshake(Role.INITIATOR, identity, expectedRemote, streamMuxers, EMPTY,
                X25519KeyPair.generate(random), X25519KeyPair.generate(random));
    }

    /** The listener's side: empty prologue, fresh static and ephemeral keys. */
    public static LibP2pNoiseHandshake responder(PrivateKey identity, List<String> streamMuxers,
            SecureRandom random) {
        return new LibP2pNoiseHandshake(Role.RESPONDER, identity, null, streamMuxers, EMPTY,
                X25519KeyPair.generate(random), X25519KeyPair.generate(random));
    }

    public Role role() {
        return noise.role();
    }

    /**
     * Starts the handshake: the initiator's framed msg1 (empty payload, 34 bytes); nothing for the responder.
     * Call once, before {@link #receive} (optional for the responder).
     */
    public byte[] start() throws NoiseException {
        if (started) {
            throw new IllegalStateException("handshake already started");
        }
        started = true;
        return noise.role() == Role.INITIATOR ? guard(() -> frame(noise.writeMessage(EMPTY))) : EMPTY;
    }

    /**
     * Consumes every complete handshake frame at the position of {@code input} (advancing it past them, and no
     * further than the last handshake frame) and returns the frames to send in reply, possibly none.
     *
     * @throws NoiseException if a message is malformed or forged, the remote identity does not verify or is not
     *     the expected one, or no common stream muxer exists
     */
    public byte[] receive(ByteBuffer input) throws NoiseException {
        if (!started && noise.role() == Role.INITIATOR) {
            throw new IllegalStateException("the initiator must call start() first");
        }
        started = true;
        return guard(() -> {
            byte[] reply = EMPTY;
            while (!noise.isComplete() && !noise.isMyTurnToWrite()
                    && input.remaining() >= NoiseProtocol.LENGTH_PREFIX_BYTES) {
                int length = Short.toUnsignedInt(input.getShort(input.position()));
                if (input.remaining() < NoiseProtocol.LENGTH_PREFIX_BYTES + length) {
                    break;
                }
                input.position(input.position() + NoiseProtocol.LENGTH_PREFIX_BYTES);
                byte[] message = new byte[length];
                input.get(message);
                reply = concat(reply, onMessage(message));
            }
            return reply;
        });
    }

    /** Whether the handshake has completed successfully. */
    public boolean isComplete() {
        return result != null;
    }

    /** The result, once {@link #isComplete()}. */
    public NoiseHandshakeResult result() {
        if (result == null) {
            throw new IllegalStateException("handshake not complete");
        }
        return result;
    }

    /** The current Noise handshake hash (the final one once complete). */
    public byte[] handshakeHash() {
        return noise.handshakeHash();
    }

    private byte[] onMessage(byte[] message) throws NoiseException {
        byte[] payload = noise.readMessage(message);
        return switch (noise.messageIndex()) {
            case 1 -> frame(noise.writeMessage(ourPayload())); // responder: msg1 read (its payload is ignored)
            case 2 -> { // initiator: msg2 read
                NoiseHandshakePayload remote = NoiseHandshakePayloadCodec.decode(payload);
                PublicKey remoteKey = verify(remote);
                PeerId remotePeer = PeerId.fromPublicKey(remoteKey);
                if (expectedRemote != null && !expectedRemote.equals(remotePeer)) {
                    throw new NoiseException("peer id mismatch: expected " + expectedRemote + ", got " + remotePeer);
                }
                String muxer = negotiateMuxer(streamMuxers, theirMuxers(remote));
                byte[] msg3 = frame(noise.writeMessage(ourPayload()));
                complete(remoteKey, muxer);
                yield msg3;
            }
            default -> { // responder: msg3 read
                NoiseHandshakePayload remote = NoiseHandshakePayloadCodec.decode(payload);
                PublicKey remoteKey = verify(remote);
                complete(remoteKey, negotiateMuxer(theirMuxers(remote), streamMuxers));
                yield EMPTY;
            }
        };
    }

    private byte[] ourPayload() {
        byte[] signature = identity.sign(NoiseProtocol.staticKeySignatureData(noise.localStaticPublicKey()));
        NoiseExtensions extensions = streamMuxers.isEmpty() ? null : NoiseExtensions.ofStreamMuxers(streamMuxers);
        return NoiseHandshakePayloadCodec.encode(
                new NoiseHandshakePayload(identity.publicKey().encode(), signature, extensions));
    }

    /** Checks the remote payload: an identity key, and its signature over the static key of this handshake. */
    private PublicKey verify(NoiseHandshakePayload remote) throws NoiseException {
        byte[] keyBytes = remote.identityKey();
        byte[] signature = remote.identitySig();
        if (keyBytes == null || signature == null) {
            throw new NoiseException("handshake payload lacks " + (keyBytes == null ? "identity_key" : "identity_sig"));
        }
        PublicKey key;
        try {
            key = PublicKey.decode(keyBytes);
        } catch (MalformedKeyException e) {
            throw new NoiseException("invalid identity key: " + e.getMessage(), e);
        }
        byte[] signed = NoiseProtocol.staticKeySignatureData(noise.remoteStaticPublicKey());
        if (!key.verify(signed, signature)) {
            throw new NoiseException("identity signature does not verify over the remote static key ("
                    + key.type() + " key " + hex(keyBytes) + ")");
        }
        return key;
    }

    private static List<String> theirMuxers(NoiseHandshakePayload remote) {
        return remote.extensions() == null ? List.of() : remote.extensions().streamMuxers();
    }

    /** Inlined muxer negotiation: the first of the initiator's muxers the responder also supports. */
    static String negotiateMuxer(List<String> initiatorMuxers, List<String> responderMuxers) throws NoiseException {
        if (initiatorMuxers.isEmpty() || responderMuxers.isEmpty()) {
            return null;
        }
        for (String muxer : initiatorMuxers) {
            if (responderMuxers.contains(muxer)) {
                return muxer;
            }
        }
        throw new NoiseException("no common stream muxer: initiator offers " + initiatorMuxers + ", responder "
                + responderMuxers);
    }

    private void complete(PublicKey remoteKey, String muxer) {
        result = new NoiseHandshakeResult(PeerId.fromPublicKey(remoteKey), remoteKey, muxer, noise.sendCipher(), noise.receiveCipher(),
                noise.handshakeHash());
    }

    private interface Step {
        byte[] run() throws NoiseException;
    }

    private byte[] guard(Step step) throws NoiseException {
        if (failed) {
            throw new IllegalStateException("handshake already failed");
        }
        try {
            return step.run();
        } catch (NoiseException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /** Prefixes a Noise message with its u16 big-endian length. */
    static byte[] frame(byte[] message) {
        ByteBuffer framed = ByteBuffer.allocate(NoiseProtocol.LENGTH_PREFIX_BYTES + message.length);
        framed.putShort((short) message.length).put(message);
        return framed.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
