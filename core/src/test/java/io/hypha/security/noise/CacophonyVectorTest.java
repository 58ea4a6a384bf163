package io.hypha.security.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The cacophony {@code Noise_XX_25519_ChaChaPoly_SHA256} vector (haskell-cryptography/cacophony): three handshake
 * messages, three transport messages and the handshake hash, byte for byte.
 */
class CacophonyVectorTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The check value, also embedded so the unit test below holds without the vector folder (SPEC-NOTES 2.3). */
    static final String HANDSHAKE_HASH = "c8e5f64e846193be2a834104c2a009868d6c9f3bd3c186299888b488b2f1f58e";
    static final String INIT_STATIC = "e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1";
    static final String INIT_EPHEMERAL = "893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a";
    static final String RESP_STATIC = "4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893";
    static final String RESP_EPHEMERAL = "bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b";

    @Test
    void reproducesTheCacophonyVectorFile() throws Exception {
        String json = NoiseVectors.read(NoiseVectors.CACOPHONY_XX);
        assertEquals(NoiseProtocol.PROTOCOL_NAME, field(json, "protocol_name"));
        byte[] prologue = HEX.parseHex(field(json, "init_prologue"));
        assertEquals(field(json, "init_prologue"), field(json, "resp_prologue"));
        HandshakeState initiator = new HandshakeState(Role.INITIATOR, prologue,
                key(field(json, "init_static")), key(field(json, "init_ephemeral")));
        HandshakeState responder = new HandshakeState(Role.RESPONDER, prologue,
                key(field(json, "resp_static")), key(field(json, "resp_ephemeral")));

        List<String[]> messages = new ArrayList<>();
        Matcher m = Pattern.compile("\"payload\"\\s*:\\s*\"([0-9a-f]*)\"\\s*,\\s*\"ciphertext\"\\s*:\\s*\"([0-9a-f]*)\"")
                .matcher(json);
        while (m.find()) {
            messages.add(new String[] {m.group(1), m.group(2)});
        }
        assertEquals(6, messages.size(), "the vector has six messages");

        replay(initiator, responder, messages);
        assertEquals(field(json, "handshake_hash"), HEX.formatHex(initiator.handshakeHash()));
        assertEquals(field(json, "handshake_hash"), HEX.formatHex(responder.handshakeHash()));
    }

    @Test
    void reproducesTheEmbeddedCheckValues() throws Exception {
        // The same vector, known values embedded (SPEC-NOTES 2.3), so this runs without the vector folder.
        byte[] prologue = "John Galt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        HandshakeState initiator = new HandshakeState(Role.INITIATOR, prologue, key(INIT_STATIC), key(INIT_EPHEMERAL));
        HandshakeState responder = new HandshakeState(Role.RESPONDER, prologue, key(RESP_STATIC), key(RESP_EPHEMERAL));
        byte[] msg1 = initiator.writeMessage(HEX.parseHex("4c756477696720766f6e204d69736573"));
        assertEquals("ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c7944"
                + "4c756477696720766f6e204d69736573", HEX.formatHex(msg1));
        responder.readMessage(msg1);
        initiator.readMessage(responder.writeMessage(HEX.parseHex("4d757272617920526f746862617264")));
        responder.readMessage(initiator.writeMessage(HEX.parseHex("462e20412e20486179656b")));
        assertEquals(HANDSHAKE_HASH, HEX.formatHex(initiator.handshakeHash()));
        assertEquals(HANDSHAKE_HASH, HEX.formatHex(responder.handshakeHash()));
        assertArrayEquals(key(RESP_STATIC).publicKey(), initiator.remoteStaticPublicKey());
        assertArrayEquals(key(INIT_STATIC).publicKey(), responder.remoteStaticPublicKey());
    }

    /** Messages alternate starting with the initiator; after the handshake, cs1 carries initiator messages. */
    private static void replay(HandshakeState initiator, HandshakeState responder, List<String[]> messages)
            throws NoiseException {
        for (int i = 0; i < messages.size(); i++) {
            byte[] payload = HEX.parseHex(messages.get(i)[0]);
            String expected = messages.get(i)[1];
            boolean fromInitiator = i % 2 == 0;
            HandshakeState sender = fromInitiator ? initiator : responder;
            HandshakeState receiver = fromInitiator ? responder : initiator;
            byte[] wire;
            byte[] read;
            if (i < 3) {
                wire = sender.writeMessage(payload);
                assertEquals(expected, HEX.formatHex(wire), "message " + (i + 1));
                read = receiver.readMessage(wire);
            } else {
                assertTrue(initiator.isComplete() && responder.isComplete());
                wire = sender.sendCipher().encryptWithAd(new byte[0], payload);
                assertEquals(expected, HEX.formatHex(wire), "message " + (i + 1));
                read = receiver.receiveCipher().decryptWithAd(new byte[0], wire);
            }
            assertArrayEquals(payload, read, "payload " + (i + 1));
        }
    }

    static X25519KeyPair key(String hex) {
        return X25519KeyPair.fromPrivateKey(HEX.parseHex(hex));
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        assertTrue(m.find(), "field " + name + " in the vector");
        return m.group(1);
    }
}
