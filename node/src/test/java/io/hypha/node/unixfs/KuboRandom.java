package io.hypha.node.unixfs;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kubo's deterministic test data (kubo {@code test/cli/testutils/random_deterministic.go}): the ChaCha20
 * keystream under key {@code sha256(seed)}, an all-zero 12-byte nonce and block counter 0, as an input stream
 * of exactly {@code size} bytes. This is the data behind the IPIP-0499 fixture CIDs.
 */
final class KuboRandom extends InputStream {
    private static final int NONCE_BYTES = 12;
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Cipher cipher;
    private final byte[] zeros = new byte[BUFFER_BYTES];
    private long remaining;

    KuboRandom(long size, String seed) {
        try {
            byte[] key = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            cipher = Cipher.getInstance("ChaCha20");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"),
                    new ChaCha20ParameterSpec(new byte[NONCE_BYTES], 0));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20 unavailable", e);
        }
        remaining = size;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (remaining <= 0) {
            return -1;
        }
        int n = (int) Math.min(Math.min(len, BUFFER_BYTES), remaining);
        try {
            int produced = cipher.update(zeros, 0, n, b, off);
            if (produced != n) {
                throw new IllegalStateException("ChaCha20 produced " + produced + " of " + n + " bytes");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        remaining -= n;
        return n;
    }
}
