package io.hypha.crypto;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.hypha.internal.proto.ProtoMessages;
import io.hypha.internal.proto.crypto.CryptoProto;

/**
 * libp2p's {@code PublicKey} and {@code PrivateKey} messages (proto2, {@code required KeyType Type = 1;
 * required bytes Data = 2;}), mapped between the classes generated from {@code libp2p/crypto.proto} and
 * {@link KeyType} plus the key's {@code Data} bytes.
 *
 * <p>Encoding is deterministic as peer-ids.md requires, because public key bytes are hashed into
 * peer ids: protobuf-java writes a proto2 message in field-number order with minimal varints, so Type
 * then Data, and both fields are always set. Decoding is strict: it accepts the fields in either order
 * (protobuf allows it and go re-encodes canonically, so the peer id does not change), and rejects
 * unknown, duplicate and missing fields, non-minimal varints, truncated input and unknown key types.
 */
final class KeyProtobuf {
    /**
     * Upper bound on an encoded key message. The largest key libp2p accepts is an 8192-bit RSA
     * private key, whose PKCS#1 DER is about 4.7 KB; this leaves room without letting a peer make
     * us parse arbitrarily large input.
     */
    static final int MAX_ENCODED_BYTES = 8 * 1024;

    private static final int TYPE = CryptoProto.PublicKey.TYPE_FIELD_NUMBER;
    private static final int DATA = CryptoProto.PublicKey.DATA_FIELD_NUMBER;

    private KeyProtobuf() {}

    /** The decoded fields of a key message; {@code data} is a private copy. */
    record Fields(KeyType type, byte[] data) {}

    /**
     * The deterministic message for a key of {@code type} whose Data is {@code data}. {@code PublicKey} and
     * {@code PrivateKey} have the same two fields, so one encoding serves both; it is written through the
     * generated {@code PublicKey}.
     */
    static byte[] encode(KeyType type, byte[] data) {
        return CryptoProto.PublicKey.newBuilder()
                .setType(protoType(type))
                .setData(ByteString.copyFrom(data))
                .build()
                .toByteArray();
    }

    /**
     * Decodes a key message (either kind: the two are wire-identical); {@code what} ("public key",
     * "private key") is used in error messages.
     *
     * @throws MalformedKeyException if the message is not exactly one Type and one Data field
     */
    static Fields decode(byte[] in, String what) {
        if (in.length > MAX_ENCODED_BYTES) {
            throw new MalformedKeyException(what + " protobuf of " + in.length + " bytes exceeds the limit of "
                    + MAX_ENCODED_BYTES);
        }
        CryptoProto.PublicKey m;
        try {
            m = CryptoProto.PublicKey.parser().parsePartialFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw malformed(what, e);
        }
        checkFields(in, what, m);
        return new Fields(KeyType.forCode(m.getType().getNumber()), m.getData().toByteArray());
    }

    private static CryptoProto.KeyType protoType(KeyType type) {
        CryptoProto.KeyType t = CryptoProto.KeyType.forNumber(type.code());
        if (t == null) {
            throw new IllegalStateException("crypto.proto has no KeyType " + type.code()); // a bug, not input
        }
        return t;
    }

    /**
     * What protobuf-java accepts and the key rules do not. A known field on the wrong wire type and an
     * unknown enum value land in the unknown fields. Duplicates (protobuf keeps the last) and non-minimal
     * varints leave no trace in the message, but make the input longer than the message's canonical
     * encoding: with Type and Data present, the input is exactly that long only when it holds each field
     * once, minimally encoded.
     */
    private static void checkFields(byte[] in, String what, CryptoProto.PublicKey m) {
        for (var e : m.getUnknownFields().asMap().entrySet()) {
            int number = e.getKey();
            UnknownFieldSet.Field field = e.getValue();
            if (number == TYPE && !field.getVarintList().isEmpty()) {
                throw new MalformedKeyException(what + " protobuf: unknown key type code "
                        + field.getVarintList().getLast());
            }
            throw new MalformedKeyException(what + " protobuf: unexpected field tag " + (number << 3 | ProtoMessages.wireType(field))
                    + " (only Type = 1 and Data = 2 are defined)");
        }
        if (!m.hasType()) {
            throw new MalformedKeyException(what + " protobuf: missing required Type field");
        }
        if (!m.hasData()) {
            throw new MalformedKeyException(what + " protobuf: missing required Data field");
        }
        int canonicalSize = m.getSerializedSize();
        if (canonicalSize != in.length) {
            UnknownFieldSet fields;
            try {
                fields = UnknownFieldSet.parseFrom(in); // every occurrence of every field, in wire form
            } catch (InvalidProtocolBufferException e) {
                throw malformed(what, e);
            }
            if (fields.getField(TYPE).getVarintList().size() > 1) {
                throw new MalformedKeyException(what + " protobuf: duplicate Type field");
            }
            if (fields.getField(DATA).getLengthDelimitedList().size() > 1) {
                throw new MalformedKeyException(what + " protobuf: duplicate Data field");
            }
            throw new MalformedKeyException(what + " protobuf: not minimally encoded (" + in.length
                    + " bytes where the deterministic encoding has " + canonicalSize + ")");
        }
    }


    private static MalformedKeyException malformed(String what, InvalidProtocolBufferException e) {
        return new MalformedKeyException(what + " protobuf: " + e.getMessage(), e);
    }
}
