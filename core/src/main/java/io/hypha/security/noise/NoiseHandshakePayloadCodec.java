package io.hypha.security.noise;

import io.hypha.internal.proto.ProtoException;
import io.hypha.internal.proto.ProtoReader;
import io.hypha.internal.proto.ProtoWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The proto2 encoding of {@link NoiseHandshakePayload} and {@link NoiseExtensions}, on the shared
 * {@code internal.proto} reader and writer.
 *
 * <p>Encoding writes the fields in field-number order, each present field once. Decoding follows protobuf rules:
 * unknown fields (any wire type but the deprecated groups) are skipped, a repeated non-repeated field keeps its last
 * value, repeated embedded {@code extensions} merge. Every length is checked against what is left of the input and
 * the repeated fields are capped, so a hostile payload fails with {@link NoiseException}, never an index error.
 */
public final class NoiseHandshakePayloadCodec {
    /** At most this many stream muxers are read (go-libp2p {@code maxProtoNum}). */
    public static final int MAX_STREAM_MUXERS = 100;
    /** At most this many WebTransport certificate hashes are read. */
    public static final int MAX_CERTHASHES = 100;
    /** A payload never exceeds one Noise message. */
    public static final int MAX_PAYLOAD_LENGTH = NoiseProtocol.MAX_MESSAGE_LENGTH;

    private static final int FIELD_IDENTITY_KEY = 1;
    private static final int FIELD_IDENTITY_SIG = 2;
    private static final int FIELD_EXTENSIONS = 4;
    private static final int FIELD_WEBTRANSPORT_CERTHASHES = 1;
    private static final int FIELD_STREAM_MUXERS = 2;

    /** The proto2 encoding of {@code payload}. */
    public static byte[] encode(NoiseHandshakePayload payload) {
        ProtoWriter w = new ProtoWriter();
        byte[] identityKey = payload.identityKey();
        if (identityKey != null) {
            w.bytes(FIELD_IDENTITY_KEY, identityKey);
        }
        byte[] identitySig = payload.identitySig();
        if (identitySig != null) {
            w.bytes(FIELD_IDENTITY_SIG, identitySig);
        }
        if (payload.extensions() != null) {
            w.bytes(FIELD_EXTENSIONS, encode(payload.extensions()));
        }
        return w.toByteArray();
    }

    /** The proto2 encoding of {@code extensions}. */
    public static byte[] encode(NoiseExtensions extensions) {
        ProtoWriter w = new ProtoWriter();
        for (byte[] hash : extensions.webtransportCerthashes()) {
            w.bytes(FIELD_WEBTRANSPORT_CERTHASHES, hash);
        }
        for (String muxer : extensions.streamMuxers()) {
            w.string(FIELD_STREAM_MUXERS, muxer);
        }
        return w.toByteArray();
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
        try {
            ProtoReader r = new ProtoReader(bytes, "NoiseHandshakePayload");
            byte[] identityKey = null;
            byte[] identitySig = null;
            List<byte[]> certhashes = null;
            List<String> muxers = null;
            while (r.next()) {
                switch (r.field()) {
                    case FIELD_IDENTITY_KEY -> identityKey = r.bytes(MAX_PAYLOAD_LENGTH);
                    case FIELD_IDENTITY_SIG -> identitySig = r.bytes(MAX_PAYLOAD_LENGTH);
                    case FIELD_EXTENSIONS -> {
                        if (certhashes == null) {
                            certhashes = new ArrayList<>();
                            muxers = new ArrayList<>();
                        }
                        decodeExtensions(r.message(MAX_PAYLOAD_LENGTH, "NoiseExtensions"), certhashes, muxers);
                    }
                    default -> r.skip();
                }
            }
            NoiseExtensions extensions = certhashes == null ? null : new NoiseExtensions(certhashes, muxers);
            return new NoiseHandshakePayload(identityKey, identitySig, extensions);
        } catch (ProtoException e) {
            throw new NoiseException(e.getMessage(), e);
        }
    }

    private static void decodeExtensions(ProtoReader r, List<byte[]> certhashes, List<String> muxers)
            throws NoiseException {
        while (r.next()) {
            switch (r.field()) {
                case FIELD_WEBTRANSPORT_CERTHASHES -> {
                    if (certhashes.size() == MAX_CERTHASHES) {
                        throw new NoiseException("more than " + MAX_CERTHASHES + " webtransport_certhashes");
                    }
                    certhashes.add(r.bytes(MAX_PAYLOAD_LENGTH));
                }
                case FIELD_STREAM_MUXERS -> {
                    if (muxers.size() == MAX_STREAM_MUXERS) {
                        throw new NoiseException("more than " + MAX_STREAM_MUXERS + " stream_muxers");
                    }
                    muxers.add(r.string(MAX_PAYLOAD_LENGTH));
                }
                default -> r.skip();
            }
        }
    }

    private NoiseHandshakePayloadCodec() {}
}
