package io.hypha.security.noise;

import com.google.protobuf.ByteString;
import io.hypha.internal.proto.ProtoException;
import io.hypha.internal.proto.ProtoMessages;
import io.hypha.internal.proto.noise.NoiseProto;
import java.util.List;

/**
 * The proto2 encoding of {@link NoiseHandshakePayload} and {@link NoiseExtensions}, through the classes generated
 * from {@code libp2p/noise.proto}.
 *
 * <p>Encoding writes the fields in field-number order, each present field once. Decoding follows protobuf rules:
 * unknown fields (any wire type but the deprecated groups) are skipped, a repeated non-repeated field keeps its last
 * value, repeated embedded {@code extensions} merge. The payload is bounded before it is parsed and the repeated
 * fields are capped after, so a hostile payload fails with {@link NoiseException}, never an index error.
 */
public final class NoiseHandshakePayloadCodec {
    /** At most this many stream muxers are read (go-libp2p {@code maxProtoNum}). */
    public static final int MAX_STREAM_MUXERS = 100;
    /** At most this many WebTransport certificate hashes are read. */
    public static final int MAX_CERTHASHES = 100;
    /** A payload never exceeds one Noise message. */
    public static final int MAX_PAYLOAD_LENGTH = NoiseProtocol.MAX_MESSAGE_LENGTH;

    /** The proto2 encoding of {@code payload}. */
    public static byte[] encode(NoiseHandshakePayload payload) {
        NoiseProto.NoiseHandshakePayload.Builder b = NoiseProto.NoiseHandshakePayload.newBuilder();
        byte[] identityKey = payload.identityKey();
        if (identityKey != null) {
            b.setIdentityKey(ByteString.copyFrom(identityKey));
        }
        byte[] identitySig = payload.identitySig();
        if (identitySig != null) {
            b.setIdentitySig(ByteString.copyFrom(identitySig));
        }
        if (payload.extensions() != null) {
            b.setExtensions(toProto(payload.extensions()));
        }
        return b.build().toByteArray();
    }

    /** The proto2 encoding of {@code extensions}. */
    public static byte[] encode(NoiseExtensions extensions) {
        return toProto(extensions).toByteArray();
    }

    private static NoiseProto.NoiseExtensions toProto(NoiseExtensions extensions) {
        NoiseProto.NoiseExtensions.Builder b = NoiseProto.NoiseExtensions.newBuilder();
        for (byte[] hash : extensions.webtransportCerthashes()) {
            b.addWebtransportCerthashes(ByteString.copyFrom(hash));
        }
        return b.addAllStreamMuxers(extensions.streamMuxers()).build();
    }

    /**
     * Decodes a payload. Unknown fields are skipped; a repeated identity field keeps the last value, as
     * protobuf does.
     *
     * @throws NoiseException if the bytes are not a valid, bounded {@code NoiseHandshakePayload}
     */
    public static NoiseHandshakePayload decode(byte[] bytes) throws NoiseException {
        if (bytes.length > MAX_PAYLOAD_LENGTH) {
            throw new NoiseException("handshake payload of " + bytes.length + " bytes exceeds " + MAX_PAYLOAD_LENGTH);
        }
        NoiseProto.NoiseHandshakePayload m;
        try {
            m = ProtoMessages.parse(NoiseProto.NoiseHandshakePayload.parser(), bytes, "NoiseHandshakePayload");
        } catch (ProtoException e) {
            throw new NoiseException(e.getMessage(), e);
        }
        NoiseExtensions extensions = null;
        if (m.hasExtensions()) {
            NoiseProto.NoiseExtensions ext = m.getExtensions();
            if (ext.getWebtransportCerthashesCount() > MAX_CERTHASHES) {
                throw new NoiseException("more than " + MAX_CERTHASHES + " webtransport_certhashes");
            }
            if (ext.getStreamMuxersCount() > MAX_STREAM_MUXERS) {
                throw new NoiseException("more than " + MAX_STREAM_MUXERS + " stream_muxers");
            }
            List<byte[]> certhashes = ext.getWebtransportCerthashesList().stream().map(ByteString::toByteArray).toList();
            extensions = new NoiseExtensions(certhashes, ext.getStreamMuxersList());
        }
        return new NoiseHandshakePayload(
                m.hasIdentityKey() ? m.getIdentityKey().toByteArray() : null,
                m.hasIdentitySig() ? m.getIdentitySig().toByteArray() : null,
                extensions);
    }

    private NoiseHandshakePayloadCodec() {}
}
