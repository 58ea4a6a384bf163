package io.hypha.security.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.peer.PeerId;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class LibP2pNoiseHandshakeTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String YAMUX = "/yamux/1.0.0";
    static final String MPLEX = "/mplex/6.7.0";

    static PrivateKey specKey() {
        return PrivateKey.decode(HEX.parseHex("08011240" + LibP2pNoiseVectors.ED25519_SEED
                + LibP2pNoiseVectors.ED25519_PUBLIC_KEY_PROTOBUF.substring(8)));
    }

    @Test
    void reproducesTheLibP2pTranscript() throws NoiseException {
        PrivateKey identity = specKey();
        LibP2pNoiseHandshake initiator = new LibP2pNoiseHandshake(Role.INITIATOR, identity,
                PeerId.parse(LibP2pNoiseVectors.ED25519_PEER_ID),
                List.of(), new byte[0], CacophonyVectorTest.key(CacophonyVectorTest.INIT_STATIC),
                CacophonyVectorTest.key(CacophonyVectorTest.INIT_EPHEMERAL));
        LibP2pNoiseHandshake responder = new LibP2pNoiseHandshake(Role.RESPONDER, identity, null, List.of(),
                new byte[0], CacophonyVectorTest.key(CacophonyVectorTest.RESP_STATIC),
                CacophonyVectorTest.key(CacophonyVectorTest.RESP_EPHEMERAL));
        byte[] msg1 = initiator.start();
        assertEquals(0, responder.start().length);
        assertEquals(LibP2pNoiseVectors.FRAMED_MSG1, HEX.formatHex(msg1));
        byte[] msg2 = responder.receive(ByteBuffer.wrap(msg1));
        assertEquals(NoiseProtocol.LENGTH_PREFIX_BYTES + LibP2pNoiseVectors.MSG2_LENGTH, msg2.length);
        assertTrue(HEX.formatHex(msg2).startsWith(LibP2pNoiseVectors.FRAMED_MSG2_PREFIX));
        byte[] msg3 = initiator.receive(ByteBuffer.wrap(msg2));
        assertEquals(NoiseProtocol.LENGTH_PREFIX_BYTES + LibP2pNoiseVectors.MSG3_LENGTH, msg3.length);
        assertTrue(HEX.formatHex(msg3).startsWith(LibP2pNoiseVectors.FRAMED_MSG3_PREFIX));
        assertTrue(initiator.isComplete());
        assertEquals(0, responder.receive(ByteBuffer.wrap(msg3)).length);
        assertTrue(responder.isComplete());
        assertEquals(LibP2pNoiseVectors.HANDSHAKE_HASH, HEX.formatHex(initiator.result().handshakeHash()));
        assertEquals(LibP2pNoiseVectors.HANDSHAKE_HASH, HEX.formatHex(responder.result().handshakeHash()));
        assertEquals(identity.publicKey(), responder.result().remotePublicKey());
        assertEquals(LibP2pNoiseVectors.ED25519_PEER_ID, responder.result().remotePeerId().toBase58());
        assertEquals(LibP2pNoiseVectors.ED25519_PEER_ID, initiator.result().remotePeerId().toBase58());
        assertNull(responder.result().streamMuxer());
    }

    @Test
    void negotiatesTheInlinedMuxer() throws NoiseException {
        assertEquals(YAMUX, run(List.of(YAMUX, MPLEX), List.of(MPLEX, YAMUX))[0].result().streamMuxer());
        assertEquals(MPLEX, run(List.of(MPLEX, YAMUX), List.of(YAMUX, MPLEX))[1].result().streamMuxer());
        assertNull(run(List.of(YAMUX), List.of())[0].result().streamMuxer());
        assertNull(run(List.of(), List.of(YAMUX))[1].result().streamMuxer());
        NoiseException e = assertThrows(NoiseException.class, () -> run(List.of(YAMUX), List.of(MPLEX)));
        assertEquals("no common stream muxer: initiator offers [/yamux/1.0.0], responder [/mplex/6.7.0]",
                e.getMessage());
    }

    @Test
    void responderRejectsDisjointMuxersFromTheInitiator() throws NoiseException {
        // a non-conforming initiator that completes anyway: the responder must still fail on msg3
        LibP2pNoiseHandshake initiator = LibP2pNoiseHandshake.initiator(PrivateKey.generate(KeyType.ED25519), null,
                List.of(), RANDOM);
        LibP2pNoiseHandshake responder = LibP2pNoiseHandshake.responder(PrivateKey.generate(KeyType.ED25519),
                List.of(YAMUX), RANDOM);
        byte[] msg3 = initiator.receive(ByteBuffer.wrap(responder.receive(ByteBuffer.wrap(initiator.start()))));
        assertNull(initiator.result().streamMuxer());
        assertEquals(0, responder.receive(ByteBuffer.wrap(msg3)).length); // initiator sent no list: fall back
        assertNull(responder.result().streamMuxer());
    }

    @Test
    void completesBetweenDifferentKeyTypes() throws NoiseException {
        PrivateKey a = PrivateKey.generate(KeyType.SECP256K1);
        PrivateKey b = PrivateKey.generate(KeyType.ECDSA);
        LibP2pNoiseHandshake initiator = LibP2pNoiseHandshake.initiator(a, PeerId.fromPublicKey(b.publicKey()),
                List.of(YAMUX), RANDOM);
        LibP2pNoiseHandshake responder = LibP2pNoiseHandshake.responder(b, List.of(YAMUX), RANDOM);
        exchange(initiator, responder);
        assertEquals(b.publicKey(), initiator.result().remotePublicKey());
        assertEquals(PeerId.fromPublicKey(a.publicKey()), responder.result().remotePeerId());
        assertEquals(a.publicKey(), responder.result().remotePublicKey());
        assertEquals(YAMUX, responder.result().streamMuxer());
        assertArrayEquals(initiator.result().handshakeHash(), responder.result().handshakeHash());
    }

    @Test
    void dialerRejectsAnUnexpectedPeer() throws NoiseException {
        PeerId expected = PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519).publicKey());
        PrivateKey actual = PrivateKey.generate(KeyType.ED25519);
        LibP2pNoiseHandshake initiator = LibP2pNoiseHandshake.initiator(PrivateKey.generate(KeyType.ED25519),
                expected, List.of(), RANDOM);
        LibP2pNoiseHandshake responder = LibP2pNoiseHandshake.responder(actual, List.of(), RANDOM);
        byte[] msg2 = responder.receive(ByteBuffer.wrap(initiator.start()));
        NoiseException e = assertThrows(NoiseException.class, () -> initiator.receive(ByteBuffer.wrap(msg2)));
        assertEquals("peer id mismatch: expected " + expected.toBase58() + ", got "
                + PeerId.fromPublicKey(actual.publicKey()).toBase58(), e.getMessage());
        assertThrows(IllegalStateException.class, () -> initiator.receive(ByteBuffer.wrap(msg2)));
    }

    @Test
    void rejectsASignatureOverAnotherStaticKey() {
        PrivateKey identity = PrivateKey.generate(KeyType.ED25519);
        byte[] wrongSig = identity.sign(NoiseProtocol.staticKeySignatureData(new byte[NoiseProtocol.DH_LENGTH]));
        NoiseException e = assertThrows(NoiseException.class, () -> againstForgedResponder(
                new NoiseHandshakePayload(identity.publicKey().encode(), wrongSig, null)));
        assertTrue(e.getMessage().contains("identity signature does not verify"), e.getMessage());
    }

    @Test
    void rejectsAnUnknownKeyTypeAndMissingFields() {
        byte[] unknownType = HEX.parseHex("08071220" + "00".repeat(32)); // KeyType 7 does not exist
        NoiseException e = assertThrows(NoiseException.class, () -> againstForgedResponder(
                new NoiseHandshakePayload(unknownType, new byte[64], null)));
        assertTrue(e.getMessage().startsWith("invalid identity key"), e.getMessage());
        NoiseException missing = assertThrows(NoiseException.class, () -> againstForgedResponder(
                new NoiseHandshakePayload(PrivateKey.generate(KeyType.ED25519).publicKey().encode(), null, null)));
        assertEquals("handshake payload lacks identity_sig", missing.getMessage());
        assertThrows(NoiseException.class, () -> againstForgedResponder(new NoiseHandshakePayload(null, null, null)));
    }

    @Test
    void consumesOnlyWholeFramesAndNothingAfterTheHandshake() throws NoiseException {
        LibP2pNoiseHandshake initiator = LibP2pNoiseHandshake.initiator(PrivateKey.generate(KeyType.ED25519), null,
                List.of(), RANDOM);
        LibP2pNoiseHandshake responder = LibP2pNoiseHandshake.responder(PrivateKey.generate(KeyType.ED25519),
                List.of(), RANDOM);
        byte[] msg1 = initiator.start();
        ByteBuffer partial = ByteBuffer.wrap(msg1, 0, msg1.length - 1);
        assertEquals(0, responder.receive(partial).length);
        assertEquals(0, partial.position());
        byte[] msg3 = initiator.receive(ByteBuffer.wrap(responder.receive(ByteBuffer.wrap(msg1))));
        ByteBuffer withTrailer = ByteBuffer.allocate(msg3.length + 3).put(msg3).put(new byte[] {1, 2, 3}).flip();
        responder.receive(withTrailer);
        assertTrue(responder.isComplete());
        assertEquals(3, withTrailer.remaining());
    }

    static LibP2pNoiseHandshake[] run(List<String> initiatorMuxers, List<String> responderMuxers)
            throws NoiseException {
        LibP2pNoiseHandshake initiator = LibP2pNoiseHandshake.initiator(PrivateKey.generate(KeyType.ED25519), null,
                initiatorMuxers, RANDOM);
        LibP2pNoiseHandshake responder = LibP2pNoiseHandshake.responder(PrivateKey.generate(KeyType.ED25519),
                responderMuxers, RANDOM);
        exchange(initiator, responder);
        assertEquals(initiator.result().streamMuxer(), responder.result().streamMuxer());
        return new LibP2pNoiseHandshake[] {initiator, responder};
    }

    private static void exchange(LibP2pNoiseHandshake initiator, LibP2pNoiseHandshake responder)
            throws NoiseException {
        responder.start();
        byte[] msg2 = responder.receive(ByteBuffer.wrap(initiator.start()));
        byte[] msg3 = initiator.receive(ByteBuffer.wrap(msg2));
        responder.receive(ByteBuffer.wrap(msg3));
        assertTrue(initiator.isComplete() && responder.isComplete());
    }

    /** A responder built from raw Noise that sends {@code payload} in msg2; returns after the initiator reads it. */
    private static void againstForgedResponder(NoiseHandshakePayload payload) throws NoiseException {
        LibP2pNoiseHandshake initiator = LibP2pNoiseHandshake.initiator(PrivateKey.generate(KeyType.ED25519), null,
                List.of(), RANDOM);
        HandshakeState forger = HandshakeState.create(Role.RESPONDER, new byte[0], X25519KeyPair.generate(RANDOM),
                RANDOM);
        byte[] msg1 = initiator.start();
        forger.readMessage(java.util.Arrays.copyOfRange(msg1, NoiseProtocol.LENGTH_PREFIX_BYTES, msg1.length));
        byte[] msg2 = LibP2pNoiseHandshake.frame(forger.writeMessage(NoiseHandshakePayloadCodec.encode(payload)));
        initiator.receive(ByteBuffer.wrap(msg2));
    }
}
