package io.hypha.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.crypto.KeyVectors;
import io.hypha.crypto.PrivateKey;
import io.hypha.crypto.PublicKey;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Peer ids of the shared key vectors (SPEC-NOTES 2.2); skipped when the vectors are absent. */
class PeerIdVectorsTest {

    private static PeerId idOf(String keyType) {
        return PeerId.fromPublicKey(PublicKey.decode(KeyVectors.key(keyType, "public")));
    }

    @Test
    void vectorKeysHaveTheDocumentedPeerIds() {
        assertEquals("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq", idOf("ed25519").toBase58());
        assertEquals("bafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6", idOf("ed25519").toCidString());
        assertEquals("16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY", idOf("secp256k1").toBase58());
        assertEquals("QmVMT29id3TUASyfZZ6k9hmNyc2nYabCo4uMSpDw4zrgDk", idOf("ecdsa").toBase58());
    }

    @Test
    void rsaVectorKeyIdIsSha256OfItsProtobuf() throws Exception {
        byte[] encoded = KeyVectors.key("rsa", "public");
        PeerId id = idOf("rsa");
        assertTrue(id.toBase58().startsWith("Qm"), id.toBase58());
        byte[] expected = new byte[34];
        expected[0] = 0x12;
        expected[1] = 0x20;
        System.arraycopy(MessageDigest.getInstance("SHA-256").digest(encoded), 0, expected, 2, 32);
        assertArrayEquals(expected, id.bytes());
    }

    @Test
    void everyPrivateKeyRowMatchesThePeerIdOfItsPublicKeyRow() {
        for (KeyVectors.Row row : KeyVectors.keyRows()) {
            if (!row.kind().equals("private")) {
                continue;
            }
            PeerId fromPrivate = PeerId.fromPublicKey(PrivateKey.decode(row.protobuf()).publicKey());
            assertEquals(idOf(row.keyType()), fromPrivate, row.keyType());
            assertEquals(fromPrivate, PeerId.parse(fromPrivate.toBase58()));
            assertEquals(fromPrivate, PeerId.parse(fromPrivate.toCidString()));
            assertTrue(Arrays.equals(fromPrivate.bytes(), PeerId.fromBytes(fromPrivate.bytes()).bytes()));
        }
    }
}
