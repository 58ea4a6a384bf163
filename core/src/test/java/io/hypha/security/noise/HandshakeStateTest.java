package io.hypha.security.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HandshakeStateTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void reproducesTheLibP2pTranscriptWithRawNoise() throws NoiseException {
        // SPEC-NOTES 2.3: empty prologue, cacophony keys, payloads signed by the spec Ed25519 key, no extensions.
        HandshakeState initiator = cacophony(Role.INITIATOR, new byte[0]);
        HandshakeState responder = cacophony(Role.RESPONDER, new byte[0]);
        byte[] msg1 = initiator.writeMessage(new byte[0]);
        assertEquals(LibP2pNoiseVectors.FRAMED_MSG1.substring(4), HEX.formatHex(msg1));
        assertEquals(0, responder.readMessage(msg1).length);

        byte[] msg2 = responder.writeMessage(signedPayload(responder.localStaticPublicKey()));
        assertEquals(LibP2pNoiseVectors.MSG2_LENGTH, msg2.length);
        assertTrue(HEX.formatHex(msg2).startsWith(LibP2pNoiseVectors.FRAMED_MSG2_PREFIX.substring(4)));
        NoiseHandshakePayload p2 = NoiseHandshakePayloadCodec.decode(initiator.readMessage(msg2));
        assertEquals(LibP2pNoiseVectors.ED25519_PUBLIC_KEY_PROTOBUF, HEX.formatHex(p2.identityKey()));

        byte[] msg3 = initiator.writeMessage(signedPayload(initiator.localStaticPublicKey()));
        assertEquals(LibP2pNoiseVectors.MSG3_LENGTH, msg3.length);
        assertTrue(HEX.formatHex(msg3).startsWith(LibP2pNoiseVectors.FRAMED_MSG3_PREFIX.substring(4)));
        NoiseHandshakePayload p3 = NoiseHandshakePayloadCodec.decode(responder.readMessage(msg3));
        assertEquals(LibP2pNoiseVectors.INIT_STATIC_SIGNATURE, HEX.formatHex(p3.identitySig()));

        assertEquals(LibP2pNoiseVectors.HANDSHAKE_HASH, HEX.formatHex(initiator.handshakeHash()));
        assertEquals(LibP2pNoiseVectors.HANDSHAKE_HASH, HEX.formatHex(responder.handshakeHash()));
    }

    @Test
    void completesWithFreshKeysAndCrossesCiphers() throws NoiseException {
        HandshakeState[] pair = handshake();
        HandshakeState initiator = pair[0];
        HandshakeState responder = pair[1];
        assertTrue(initiator.isComplete() && responder.isComplete());
        assertArrayEquals(initiator.handshakeHash(), responder.handshakeHash());
        assertArrayEquals(initiator.localStaticPublicKey(), responder.remoteStaticPublicKey());
        assertArrayEquals(responder.localStaticPublicKey(), initiator.remoteStaticPublicKey());
        byte[] a = initiator.sendCipher().encryptWithAd(new byte[0], new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, responder.receiveCipher().decryptWithAd(new byte[0], a));
        byte[] b = responder.sendCipher().encryptWithAd(new byte[0], new byte[] {4});
        assertArrayEquals(new byte[] {4}, initiator.receiveCipher().decryptWithAd(new byte[0], b));
        assertTrue(initiator.ciphers().cs1() == initiator.sendCipher());
        assertTrue(responder.ciphers().cs1() == responder.receiveCipher());
    }

    @Test
    void everyFlippedBitOfMessagesTwoAndThreeIsRejected() throws NoiseException {
        byte[] msg2 = null;
        for (int i = 0; ; i++) {
            HandshakeState initiator = cacophony(Role.INITIATOR, new byte[0]);
            HandshakeState responder = cacophony(Role.RESPONDER, new byte[0]);
            responder.readMessage(initiator.writeMessage(new byte[0]));
            if (msg2 == null) {
                msg2 = responder.writeMessage(new byte[] {7, 7});
            }
            if (i == msg2.length) {
                break;
            }
            byte[] tampered = msg2.clone();
            tampered[i] ^= 0x01;
            assertThrows(NoiseException.class, () -> initiator.readMessage(tampered), "msg2 byte " + i);
            assertThrows(IllegalStateException.class, () -> initiator.readMessage(tampered), "failed state sticks");
        }
        byte[] msg3 = null;
        for (int i = 0; ; i++) {
            HandshakeState initiator = cacophony(Role.INITIATOR, new byte[0]);
            HandshakeState responder = cacophony(Role.RESPONDER, new byte[0]);
            responder.readMessage(initiator.writeMessage(new byte[0]));
            initiator.readMessage(responder.writeMessage(new byte[0]));
            byte[] written = initiator.writeMessage(new byte[] {9});
            msg3 = msg3 == null ? written : msg3;
            if (i == msg3.length) {
                break;
            }
            byte[] tampered = msg3.clone();
            tampered[i] ^= (byte) 0x80;
            assertThrows(NoiseException.class, () -> responder.readMessage(tampered), "msg3 byte " + i);
            assertFalse(responder.isComplete());
        }
    }

    @Test
    void shortAndLongMessagesAreRejected() throws NoiseException {
        HandshakeState responder = HandshakeState.create(Role.RESPONDER, new byte[0], X25519KeyPair.generate(RANDOM),
                RANDOM);
        assertThrows(NoiseException.class, () -> responder.readMessage(new byte[31]));

        HandshakeState initiator = HandshakeState.create(Role.INITIATOR, new byte[0], X25519KeyPair.generate(RANDOM),
                RANDOM);
        HandshakeState responder2 = HandshakeState.create(Role.RESPONDER, new byte[0],
                X25519KeyPair.generate(RANDOM), RANDOM);
        responder2.readMessage(initiator.writeMessage(new byte[0]));
        byte[] msg2 = responder2.writeMessage(new byte[0]);
        assertEquals(96, msg2.length);
        NoiseException e = assertThrows(NoiseException.class,
                () -> initiator.readMessage(Arrays.copyOf(msg2, msg2.length - 1)));
        assertTrue(e.getMessage().contains("at least 96"), e.getMessage());

        HandshakeState fresh = HandshakeState.create(Role.RESPONDER, new byte[0], X25519KeyPair.generate(RANDOM),
                RANDOM);
        assertThrows(NoiseException.class, () -> fresh.readMessage(new byte[NoiseProtocol.MAX_MESSAGE_LENGTH + 1]));
        HandshakeState writer = HandshakeState.create(Role.INITIATOR, new byte[0], X25519KeyPair.generate(RANDOM),
                RANDOM);
        assertThrows(NoiseException.class,
                () -> writer.writeMessage(new byte[NoiseProtocol.MAX_MESSAGE_LENGTH - NoiseProtocol.DH_LENGTH + 1]));
    }

    @Test
    void lowOrderEphemeralIsRejected() throws NoiseException {
        HandshakeState responder = HandshakeState.create(Role.RESPONDER, new byte[0], X25519KeyPair.generate(RANDOM),
                RANDOM);
        responder.readMessage(new byte[NoiseProtocol.DH_LENGTH]); // the all-zero point has order 1
        NoiseException e = assertThrows(NoiseException.class, () -> responder.writeMessage(new byte[0]));
        assertTrue(e.getMessage().contains("low-order"), e.getMessage());
    }

    @Test
    void outOfTurnCallsAreProgrammingErrors() throws NoiseException {
        HandshakeState initiator = HandshakeState.create(Role.INITIATOR, new byte[0], X25519KeyPair.generate(RANDOM),
                RANDOM);
        assertThrows(IllegalStateException.class, () -> initiator.readMessage(new byte[32]));
        assertThrows(IllegalStateException.class, initiator::sendCipher);
        assertNull(initiator.remoteStaticPublicKey());
        initiator.writeMessage(new byte[0]);
        assertThrows(IllegalStateException.class, () -> initiator.writeMessage(new byte[0]));
    }

    @Test
    void differentProloguesDoNotAgree() throws NoiseException {
        HandshakeState initiator = HandshakeState.create(Role.INITIATOR, new byte[] {1},
                X25519KeyPair.generate(RANDOM), RANDOM);
        HandshakeState responder = HandshakeState.create(Role.RESPONDER, new byte[] {2},
                X25519KeyPair.generate(RANDOM), RANDOM);
        responder.readMessage(initiator.writeMessage(new byte[0]));
        byte[] msg2 = responder.writeMessage(new byte[0]);
        assertThrows(NoiseException.class, () -> initiator.readMessage(msg2));
    }

    static HandshakeState[] handshake() throws NoiseException {
        HandshakeState initiator = HandshakeState.create(Role.INITIATOR, new byte[0], X25519KeyPair.generate(RANDOM),
                RANDOM);
        HandshakeState responder = HandshakeState.create(Role.RESPONDER, new byte[0], X25519KeyPair.generate(RANDOM),
                RANDOM);
        responder.readMessage(initiator.writeMessage(new byte[0]));
        initiator.readMessage(responder.writeMessage(new byte[0]));
        responder.readMessage(initiator.writeMessage(new byte[0]));
        return new HandshakeState[] {initiator, responder};
    }

    private static HandshakeState cacophony(Role role, byte[] prologue) {
        return role == Role.INITIATOR
                ? new HandshakeState(role, prologue, CacophonyVectorTest.key(CacophonyVectorTest.INIT_STATIC),
                        CacophonyVectorTest.key(CacophonyVectorTest.INIT_EPHEMERAL))
                : new HandshakeState(role, prologue, CacophonyVectorTest.key(CacophonyVectorTest.RESP_STATIC),
                        CacophonyVectorTest.key(CacophonyVectorTest.RESP_EPHEMERAL));
    }

    private static byte[] signedPayload(byte[] staticPublicKey) {
        byte[] sig = LibP2pNoiseVectors.signWithSpecKey(NoiseProtocol.staticKeySignatureData(staticPublicKey));
        return NoiseHandshakePayloadCodec.encode(new NoiseHandshakePayload(
                HEX.parseHex(LibP2pNoiseVectors.ED25519_PUBLIC_KEY_PROTOBUF), sig, null));
    }
}
