package io.hypha.security.noise;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written proto2 encoding of {@link NoiseHandshakePayload} and {@link NoiseExtensions}.
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

    private static final int WIRE_VARINT = 0;
    private static final int WIRE_FIXED64 = 1;
    private static final int WIRE_LENGTH_DELIMITED = 2;
    private static final int WIRE_FIXED32 = 5;
    private static final int MAX_VARINT_BYTES = 10;
    private static final int FIXED64_BYTES = 8;
    private static final int FIXED32_BYTES = 4;

    /** The proto2 encoding of {@code payload}. */
    public static byte[] encode(NoiseHandshakePayload payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] identityKey = payload.identityKey();
        if (identityKey != null) {
            writeBytes(out, FIELD_IDENTITY_KEY, identityKey);
        }
        byte[] identitySig = payload.identitySig();
        if (identitySig != null) {
            writeBytes(out, FIELD_IDENTITY_SIG, identitySig);
        }
        if (payload.extensions() != null) {
            writeBytes(out, FIELD_EXTENSIONS, encode(payload.extensions()));
        }
        return out.toByteArray();
    }

    /** The proto2 encoding of {@code extensions}. */
    public static byte[] encode(NoiseExtensions extensions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] hash : extensions.webtransportCerthashes()) {
            writeBytes(out, FIELD_WEBTRANSPORT_CERTHASHES, hash);
        }
        for (String muxer : extensions.streamMuxers()) {
            writeBytes(out, FIELD_STREAM_MUXERS, muxer.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /**
     * Decodes a payload.
     *
     * @throws NoiseException if the bytes are not a valid, bounded {@code NoiseHandshakePayload}
     */
    public static NoiseHandshakePayload decode(byte[] bytes) throws NoiseException {
        if (bytes.length > MAX_PAYLOAD_LENGTH) {
            throw new NoiseException("handshake payload of " + bytes.length + " bytes exceeds " + MAX_PAYLOAD_LENGTH);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte[] identityKey = null;
        byte[] identitySig = null;
        List<byte[]> certhashes = null;
        List<String> muxers = null;
        while (in.hasRemaining()) {
            long tag = readVarint(in);
            int field = fieldNumber(tag);
            int wireType = (int) (tag & 0x7);
            switch (field) {
                case FIELD_IDENTITY_KEY -> identityKey = readBytes(in, wireType, "identity_key");
                case FIELD_IDENTITY_SIG -> identitySig = readBytes(in, wireType, "identity_sig");
                case FIELD_EXTENSIONS -> {
                    ByteBuffer ext = ByteBuffer.wrap(readBytes(in, wireType, "extensions"));
                    if (certhashes == null) {
                        certhashes = new ArrayList<>();
                        muxers = new ArrayList<>();
                    }
                    decodeExtensions(ext, certhashes, muxers);
                }
                default -> skip(in, wireType, field);
            }
        }
        NoiseExtensions extensions = certhashes == null ? null : new NoiseExtensions(certhashes, muxers);
        return new NoiseHandshakePayload(identityKey, identitySig, extensions);
    }

    private static void decodeExtensions(ByteBuffer in, List<byte[]> certhashes, List<String> muxers)
            throws NoiseException {
        while (in.hasRemaining()) {
            long tag = readVarint(in);
            int field = fieldNumber(tag);
            int wireType = (int) (tag & 0x7);
            switch (field) {
                case FIELD_WEBTRANSPORT_CERTHASHES -> {
                    if (certhashes.size() == MAX_CERTHASHES) {
                        throw new NoiseException("more than " + MAX_CERTHASHES + " webtransport_certhashes");
                    }
                    certhashes.add(readBytes(in, wireType, "webtransport_certhashes"));
                }
                case FIELD_STREAM_MUXERS -> {
                    if (muxers.size() == MAX_STREAM_MUXERS) {
                        throw new NoiseException("more than " + MAX_STREAM_MUXERS + " stream_muxers");
                    }
                    muxers.add(utf8(readBytes(in, wireType, "stream_muxers")));
                }
                default -> skip(in, wireType, field);
            }
        }
    }

    private static int fieldNumber(long tag) throws NoiseException {
        long field = tag >>> 3;
        if (field == 0 || field > Integer.MAX_VALUE) {
            throw new NoiseException("invalid protobuf field number " + field);
        }
        return (int) field;
    }

    private static byte[] readBytes(ByteBuffer in, int wireType, String name) throws NoiseException {
        if (wireType != WIRE_LENGTH_DELIMITED) {
            throw new NoiseException(name + " has wire type " + wireType + ", expected length-delimited");
        }
        byte[] value = new byte[readLength(in, name)];
        in.get(value);
        return value;
    }

    private static int readLength(ByteBuffer in, String name) throws NoiseException {
        long length = readVarint(in);
        if (length < 0 || length > in.remaining()) {
            throw new NoiseException(name + " claims " + Long.toUnsignedString(length) + " bytes, "
                    + in.remaining() + " left");
        }
        return (int) length;
    }

    private static void skip(ByteBuffer in, int wireType, int field) throws NoiseException {
        int skip = switch (wireType) {
            case WIRE_VARINT -> {
                readVarint(in);
                yield 0;
            }
            case WIRE_FIXED64 -> FIXED64_BYTES;
            case WIRE_LENGTH_DELIMITED -> readLength(in, "field " + field);
            case WIRE_FIXED32 -> FIXED32_BYTES;
            default -> throw new NoiseException("field " + field + " has unsupported wire type " + wireType);
        };
        if (skip > in.remaining()) {
            throw new NoiseException("field " + field + " truncated");
        }
        in.position(in.position() + skip);
    }

    private static long readVarint(ByteBuffer in) throws NoiseException {
        long value = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            if (!in.hasRemaining()) {
                throw new NoiseException("truncated protobuf varint");
            }
            byte b = in.get();
            value |= (long) (b & 0x7f) << (7 * i);
            if (b >= 0) {
                return value;
            }
        }
        throw new NoiseException("protobuf varint longer than " + MAX_VARINT_BYTES + " bytes");
    }

    private static String utf8(byte[] bytes) throws NoiseException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NoiseException("stream_muxers entry is not valid UTF-8", e);
        }
    }

    private static void writeBytes(ByteArrayOutputStream out, int field, byte[] value) {
        writeVarint(out, ((long) field << 3) | WIRE_LENGTH_DELIMITED);
        writeVarint(out, value.length);
        out.writeBytes(value);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private NoiseHandshakePayloadCodec() {}
}
