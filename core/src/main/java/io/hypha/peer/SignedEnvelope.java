package io.hypha.peer;

import com.google.protobuf.ByteString;
import io.hypha.crypto.PrivateKey;
import io.hypha.crypto.PublicKey;
import io.hypha.internal.proto.ProtoException;
import io.hypha.internal.proto.ProtoMessages;
import io.hypha.internal.proto.crypto.CryptoProto;
import io.hypha.internal.proto.record.EnvelopeProto;
import io.hypha.multiformats.Varint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A signed envelope (libp2p RFC 0002): a payload, its type, the signer's public key and a signature over
 * {@code domain ‖ payloadType ‖ payload}, each length-prefixed. Decoding verifies the signature.
 *
 * <p>The wire form is the {@code Envelope} message of {@code libp2p/envelope.proto}, read and written through
 * its generated class. The embedded public key is checked by {@link PublicKey#decode} after protobuf-java has
 * parsed it, so a key given twice is merged (as protobuf and go-libp2p do) before that check; the signature
 * does not cover the key's bytes, and the signer's peer id is derived from the key's deterministic encoding.
 */
public final class SignedEnvelope {
    /** Largest envelope accepted: identify messages are at most 8 KiB in go and js, 4 KiB in rust. */
    public static final int MAX_ENCODED_LENGTH = 8 * 1024;

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
        EnvelopeProto.Envelope m = ProtoMessages.parse(EnvelopeProto.Envelope.parser(), bytes, "signed envelope");
        PublicKey key = m.hasPublicKey() ? PublicKey.decode(m.getPublicKey().toByteArray()) : null;
        if (key == null || !m.hasPayloadType() || !m.hasPayload() || !m.hasSignature()) {
            throw new ProtoException("signed envelope: missing public key, payload type, payload or signature");
        }
        byte[] type = m.getPayloadType().toByteArray();
        byte[] payload = m.getPayload().toByteArray();
        byte[] sig = m.getSignature().toByteArray();
        if (!key.verify(signedBytes(domain, type, payload), sig)) {
            throw new IllegalArgumentException("signed envelope: signature does not verify for domain " + domain);
        }
        return new SignedEnvelope(key, type, payload, sig);
    }

    public byte[] encode() {
        CryptoProto.PublicKey key = CryptoProto.PublicKey.newBuilder()
                .setType(CryptoProto.KeyType.forNumber(publicKey.type().code()))
                .setData(ByteString.copyFrom(publicKey.raw()))
                .build();
        return EnvelopeProto.Envelope.newBuilder()
                .setPublicKey(key)
                .setPayloadType(ByteString.copyFrom(payloadType))
                .setPayload(ByteString.copyFrom(payload))
                .setSignature(ByteString.copyFrom(signature))
                .build()
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

    /** What the signature covers (RFC 0002, "Signature Production / Verification"): each part uvarint-prefixed. */
    private static byte[] signedBytes(String domain, byte[] type, byte[] payload) {
        byte[] d = domain.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(Varint.size(d.length) + d.length + Varint.size(type.length) + type.length
                + Varint.size(payload.length) + payload.length);
        Varint.write(d.length, out);
        out.put(d);
        Varint.write(type.length, out);
        out.put(type);
        Varint.write(payload.length, out);
        out.put(payload);
        return out.array();
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
