package io.hypha.security.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CipherStateTest {
    private static final byte[] KEY = HexFormat.of().parseHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] NO_AD = new byte[0];

    @Test
    void withoutKeyEncryptionIsIdentity() throws NoiseException {
        CipherState empty = new CipherState();
        assertFalse(empty.hasKey());
        assertArrayEquals(new byte[] {1, 2}, empty.encryptWithAd(new byte[] {9}, new byte[] {1, 2}));
        assertArrayEquals(new byte[] {1, 2}, empty.decryptWithAd(new byte[] {9}, new byte[] {1, 2}));
        assertEquals(0, empty.nonce());
    }

    @Test
    void nonceIsFourZeroBytesThenLittleEndianCounter() throws Exception {
        // RFC 8439 layout: the JDK cipher with the explicit nonce 00000000 || LE64(n) must match CipherState at n.
        long n = 0x0102030405060708L;
        CipherState state = new CipherState(KEY);
        state.setNonce(n);
        byte[] ours = state.encryptWithAd(new byte[] {5}, new byte[] {1, 2, 3});
        javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("ChaCha20-Poly1305");
        byte[] nonce = HexFormat.of().parseHex("00000000" + "0807060504030201");
        jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(KEY, "ChaCha20"),
                new javax.crypto.spec.IvParameterSpec(nonce));
        jdk.updateAAD(new byte[] {5});
        assertArrayEquals(jdk.doFinal(new byte[] {1, 2, 3}), ours);
        assertEquals(n + 1, state.nonce());
    }

    @Test
    void refusesTheReservedNonce() throws NoiseException {
        CipherState sender = new CipherState(KEY);
        CipherState receiver = new CipherState(KEY);
        sender.setNonce(-2L); // 2^64-2: the last usable nonce
        receiver.setNonce(-2L);
        byte[] last = sender.encryptWithAd(NO_AD, new byte[] {1});
        assertArrayEquals(new byte[] {1}, receiver.decryptWithAd(NO_AD, last));
        assertEquals(-1L, sender.nonce());
        NoiseException e = assertThrows(NoiseException.class, () -> sender.encryptWithAd(NO_AD, new byte[] {1}));
        assertTrue(e.getMessage().contains("nonce exhausted"), e.getMessage());
        assertThrows(NoiseException.class, () -> receiver.decryptWithAd(NO_AD, last));
        assertThrows(NoiseException.class,
                () -> sender.encrypt(ByteBuffer.allocate(1), ByteBuffer.allocate(1 + NoiseProtocol.TAG_LENGTH)));
    }

    @Test
    void forgedMessagesFailTypedAndKeepTheCounter() throws NoiseException {
        CipherState sender = new CipherState(KEY);
        CipherState receiver = new CipherState(KEY);
        byte[] sealed = sender.encryptWithAd(NO_AD, "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (int i = 0; i < sealed.length; i++) {
            byte[] forged = sealed.clone();
            forged[i] ^= 0x10;
            assertThrows(NoiseException.class, () -> receiver.decryptWithAd(NO_AD, forged), "byte " + i);
            ByteBuffer out = ByteBuffer.allocate(sealed.length);
            assertThrows(NoiseException.class, () -> receiver.decrypt(ByteBuffer.wrap(forged), out));
            assertEquals(0, out.position(), "nothing released before authentication");
            assertEquals(0, receiver.nonce());
        }
        assertThrows(NoiseException.class, () -> receiver.decryptWithAd(NO_AD, new byte[15]));
        assertThrows(NoiseException.class, () -> receiver.decrypt(ByteBuffer.allocate(15), ByteBuffer.allocate(0)));
        assertEquals("hello", new String(receiver.decryptWithAd(NO_AD, sealed),
                java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void byteBufferVariantsMatchArraysOnHeapAndDirectBuffers() throws NoiseException {
        Random random = new Random(7);
        CipherState arrays = new CipherState(KEY);
        CipherState heap = new CipherState(KEY);
        CipherState direct = new CipherState(KEY);
        CipherState opener = new CipherState(KEY);
        for (int size : new int[] {0, 1, 63, 64, 1000, NoiseProtocol.MAX_PLAINTEXT_LENGTH}) {
            byte[] plaintext = new byte[size];
            random.nextBytes(plaintext);
            byte[] expected = arrays.encryptWithAd(NO_AD, plaintext);

            ByteBuffer heapOut = ByteBuffer.allocate(size + NoiseProtocol.TAG_LENGTH);
            assertEquals(expected.length, heap.encrypt(ByteBuffer.wrap(plaintext), heapOut));
            assertArrayEquals(expected, heapOut.array());

            ByteBuffer directIn = ByteBuffer.allocateDirect(size).put(plaintext).flip();
            ByteBuffer directOut = ByteBuffer.allocateDirect(size + NoiseProtocol.TAG_LENGTH);
            assertEquals(expected.length, direct.encrypt(directIn, directOut));
            assertFalse(directIn.hasRemaining());
            byte[] directBytes = new byte[expected.length];
            directOut.flip().get(directBytes);
            assertArrayEquals(expected, directBytes);

            ByteBuffer opened = ByteBuffer.allocateDirect(size);
            assertEquals(size, opener.decrypt(directOut.flip(), opened));
            byte[] roundTrip = new byte[size];
            opened.flip().get(roundTrip);
            assertArrayEquals(plaintext, roundTrip);
        }
    }

    @Test
    void rejectsBadKeysAndSmallBuffers() {
        assertThrows(IllegalArgumentException.class, () -> new CipherState(new byte[31]));
        CipherState state = new CipherState(KEY);
        assertThrows(IllegalArgumentException.class,
                () -> state.encrypt(ByteBuffer.allocate(10), ByteBuffer.allocate(20)));
        assertThrows(IllegalStateException.class,
                () -> new CipherState().encrypt(ByteBuffer.allocate(1), ByteBuffer.allocate(17)));
    }
}
