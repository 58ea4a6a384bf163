package io.hypha.crypto;

import io.hypha.multiformats.MultiformatException;
import io.hypha.multiformats.Varint;
import java.util.Arrays;

/**
 * The two-field protobuf shared by libp2p's {@code PublicKey} and {@code PrivateKey} messages
 * (proto2, {@code required KeyType Type = 1; required bytes Data = 2;}).
 *
 * <p>Encoding is deterministic as peer-ids.md requires, because public key bytes are hashed into
 * peer ids: Type then Data, minimal varints, both fields always present. Decoding is strict: it
 * accepts the fields in either order (protobuf allows it and go re-encodes canonically, so the peer
 * id does not change), and rejects unknown, duplicate and missing fields, non-minimal varints,
 * truncated input and unknown key types.
 */
final class KeyProtobuf {
    /**
     * Upper bound on an encoded key message. The largest key libp2p accepts is an 8192-bit RSA
     * private key, whose PKCS#1 DER is about 4.7 KB; this leaves room without letting a peer make
     * us parse arbitrarily large input.
     */
    static final int MAX_ENCODED_BYTES = 8 * 1024;

    /** Field 1 ({@code Type}), wire type 0 (varint). */
    private static final int TYPE_TAG = 1 << 3;
    /** Field 2 ({@code Data}), wire type 2 (length-delimited). */
    private static final int DATA_TAG = 2 << 3 | 2;

    private KeyProtobuf() {}

    /** The decoded fields of a key message; {@code data} is a private copy. */
    record Fields(KeyType type, byte[] data) {}

    static byte[] encode(KeyType type, byte[] data) {
        int size = 1 + Varint.size(type.code()) + 1 + Varint.size(data.length) + data.length;
        byte[] out = new byte[size];
        int pos = 0;
        out[pos++] = TYPE_TAG;
        pos += Varint.write(type.code(), out, pos);
        out[pos++] = DATA_TAG;
        pos += Varint.write(data.length, out, pos);
        System.arraycopy(data, 0, out, pos, data.length);
        return out;
    }

    /**
     * Decodes a key message; {@code what} ("public key", "private key") is used in error messages.
     *
     * @throws MalformedKeyException if the message is not exactly one Type and one Data field
     */
    static Fields decode(byte[] in, String what) {
        if (in.length > MAX_ENCODED_BYTES) {
            throw new MalformedKeyException(what + " protobuf of " + in.length + " bytes exceeds the limit of "
                    + MAX_ENCODED_BYTES);
        }
        KeyType type = null;
        byte[] data = null;
        int pos = 0;
        while (pos < in.length) {
            Varint.Decoded tag = varint(in, pos, what, "field tag");
            pos += tag.length();
            if (tag.value() == TYPE_TAG) {
                if (type != null) {
                    throw new MalformedKeyException(what + " protobuf: duplicate Type field");
                }
                Varint.Decoded code = varint(in, pos, what, "Type value");
                pos += code.length();
                if (code.value() > Integer.MAX_VALUE) {
                    throw new MalformedKeyException(what + " protobuf: unknown key type code " + code.value());
                }
                type = KeyType.forCode((int) code.value());
            } else if (tag.value() == DATA_TAG) {
                if (data != null) {
                    throw new MalformedKeyException(what + " protobuf: duplicate Data field");
                }
                Varint.Decoded length = varint(in, pos, what, "Data length");
                pos += length.length();
                if (length.value() > in.length - pos) {
                    throw new MalformedKeyException(what + " protobuf: Data field claims " + length.value()
                            + " bytes but only " + (in.length - pos) + " remain");
                }
                data = Arrays.copyOfRange(in, pos, pos + (int) length.value());
                pos += data.length;
            } else {
                throw new MalformedKeyException(what + " protobuf: unexpected field tag " + tag.value()
                        + " (only Type = 1 and Data = 2 are defined)");
            }
        }
        if (type == null) {
            throw new MalformedKeyException(what + " protobuf: missing required Type field");
        }
        if (data == null) {
            throw new MalformedKeyException(what + " protobuf: missing required Data field");
        }
        return new Fields(type, data);
    }

    private static Varint.Decoded varint(byte[] in, int pos, String what, String field) {
        try {
            return Varint.decode(in, pos);
        } catch (MultiformatException e) {
            throw new MalformedKeyException(what + " protobuf: bad " + field + " at byte " + pos + ": "
                    + e.getMessage(), e);
        }
    }
}
