package io.hypha.protocol.kad.store;

import io.hypha.crypto.MalformedKeyException;
import io.hypha.crypto.PublicKey;
import io.hypha.peer.PeerId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code /pk/} namespace (go-libp2p-record {@code PublicKeyValidator}): the key is {@code /pk/} followed by a
 * peer id's multihash bytes, the value that peer's public key as a {@code PublicKey} protobuf. A value is valid
 * only when it is a well-formed key whose peer id is exactly the one in the key; so every valid value of a key
 * is the same key, and {@link #select} has nothing to choose.
 */
public final class PublicKeyValidator implements RecordValidator {
    /** The namespace this validator serves. */
    public static final String NAMESPACE = "pk";
    private static final byte[] PREFIX = ("/" + NAMESPACE + "/").getBytes(StandardCharsets.US_ASCII);

    /** The record key of {@code peer}'s public key: {@code /pk/} followed by its multihash bytes. */
    public static byte[] keyOf(PeerId peer) {
        byte[] id = peer.bytes();
        byte[] key = Arrays.copyOf(PREFIX, PREFIX.length + id.length);
        System.arraycopy(id, 0, key, PREFIX.length, id.length);
        return key;
    }

    @Override
    public void validate(byte[] key, byte[] value) throws InvalidRecordException {
        if (key.length <= PREFIX.length || !Arrays.equals(key, 0, PREFIX.length, PREFIX, 0, PREFIX.length)) {
            throw new InvalidRecordException("not a /pk/ key");
        }
        PublicKey publicKey;
        try {
            publicKey = PublicKey.decode(value);
        } catch (MalformedKeyException e) {
            throw new InvalidRecordException("/pk/ value is not a public key: " + e.getMessage(), e);
        }
        byte[] id = PeerId.fromPublicKey(publicKey).bytes();
        if (!Arrays.equals(key, PREFIX.length, key.length, id, 0, id.length)) {
            throw new InvalidRecordException("/pk/ value is the public key of " + PeerId.fromPublicKey(publicKey)
                    + ", not of the peer in the key");
        }
    }

    /** Every valid value of a key is the same public key: the first is as good as any. */
    @Override
    public int select(byte[] key, List<byte[]> values) {
        return 0;
    }
}
