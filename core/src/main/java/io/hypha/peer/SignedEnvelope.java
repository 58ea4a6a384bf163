package io.hypha.peer;

import io.hypha.crypto.PrivateKey;
import io.hypha.crypto.PublicKey;
import io.hypha.internal.proto.ProtoException;
import io.hypha.internal.proto.ProtoReader;
import io.hypha.internal.proto.ProtoWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A signed envelope (libp2p RFC 0002): a payload, its type, the signer's public key and a signature over
 * {@code domain ‖ payloadType ‖ payload}, each length-prefixed. Decoding verifies the signature.
 */
public final class SignedEnvelope {
    /** Largest envelope accepted: identify messages are at most 8 KiB in go and js, 4 KiB in rust. */
    public static final int MAX_ENCODED_LENGTH = 8 * 1024;
    private static final int MAX_FIELD_LENGTH = MAX_ENCODED_LENGTH;

    private final PublicKey publicKey;
    private final byte[] payloadType;
    private final byte[] payload;
    private final byte[] signature;

    private SignedEnvelope(PublicKey publicKey, byte[] payloadType, byte[] payload, byte[] signature) {
        this.publicKey = publicKey;
        this.payloadType = payloadType;
        this.payload = payload;
        this.signature = signature;
    }

    /** Signs {@code payload} with {@code key} in signing domain {@code domain}. */
    public static SignedEnvelope sign(PrivateKey key, String domain, byte[] payloadType, byte[] payload) {
        byte[] sig = key.sign(signedBytes(domain, payloadType, payload));
        return new SignedEnvelope(key.publicKey(), payloadType.clone(), payload.clone(), sig);
    }

    /**
     * Decodes an envelope and checks its signature for {@code domain}.
     *
     * @throws IllegalArgumentException when malformed or the signature does not verify
     */
    public static SignedEnvelope decodeAndVerify(byte[] bytes, String domain) {
        if (bytes.length > MAX_ENCODED_LENGTH) {
            throw new ProtoException("envelope of " + bytes.length + " bytes exceeds " + MAX_ENCODED_LENGTH);
        }
        ProtoReader r = new ProtoReader(bytes, "signed envelope");
        PublicKey key = null;
        byte[] type = null;
        byte[] payload = null;
        byte[] sig = null;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> key = PublicKey.decode(r.bytes(MAX_FIELD_LENGTH));
                case 2 -> type = r.bytes(MAX_FIELD_LENGTH);
                case 3 -> payload = r.bytes(MAX_FIELD_LENGTH);
                case 5 -> sig = r.bytes(MAX_FIELD_LENGTH);
                default -> r.skip();
            }
        }
        if (key == null || type == null || payload == null || sig == null) {
            throw new ProtoException("signed envelope: missing public key, payload type, payload or signature");
        }
        if (!key.verify(signedBytes(domain, type, payload), sig)) {
            throw new IllegalArgumentException("signed envelope: signature does not verify for domain " + domain);
        }
        return new SignedEnvelope(key, type, payload, sig);
    }

    public byte[] encode() {
        return new ProtoWriter(payload.length + signature.length + 128)
                .bytes(1, publicKey.encode())
                .bytes(2, payloadType)
                .bytes(3, payload)
                .bytes(5, signature)
                .toByteArray();
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public byte[] payloadType() {
        return payloadType.clone();
    }

    public byte[] payload() {
        return payload.clone();
    }

    private static byte[] signedBytes(String domain, byte[] type, byte[] payload) {
        byte[] d = domain.getBytes(StandardCharsets.UTF_8);
        return new ProtoWriter(d.length + type.length + payload.length + 16)
                .rawVarint(d.length).rawBytes(d)
                .rawVarint(type.length).rawBytes(type)
                .rawVarint(payload.length).rawBytes(payload)
                .toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedEnvelope e && Arrays.equals(encode(), e.encode());
    }

    @Override
    public int hashCode() {
        return Objects.hash(publicKey, Arrays.hashCode(payload));
    }
}
