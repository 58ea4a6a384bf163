package io.hypha.crypto;

import static io.hypha.crypto.KnownKeysTest.ECDSA_PRIVATE;
import static io.hypha.crypto.KnownKeysTest.ECDSA_PUBLIC;
import static io.hypha.crypto.KnownKeysTest.ED25519_PRIVATE;
import static io.hypha.crypto.KnownKeysTest.ED25519_PUBLIC;
import static io.hypha.crypto.KnownKeysTest.SECP256K1_PRIVATE;
import static io.hypha.crypto.KnownKeysTest.SECP256K1_PUBLIC;
import static io.hypha.crypto.KnownKeysTest.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.hypha.internal.proto.crypto.CryptoProto;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The classes generated from crypto.proto against the spec's key vectors, and what KeyProtobuf adds to them. */
class KeyProtobufTest {

    @Test
    void keyTypeCodesAreTheGeneratedEnumsNumbers() {
        for (KeyType type : KeyType.values()) {
            CryptoProto.KeyType generated = CryptoProto.KeyType.forNumber(type.code());
            assertTrue(generated.name().equalsIgnoreCase(type.name()), type + " vs " + generated);
        }
        assertEquals(KeyType.values().length, CryptoProto.KeyType.values().length);
    }

    @Test
    void generatedClassesRoundTripTheSpecVectorsByteForByte() throws InvalidProtocolBufferException {
        for (byte[] encoded : new byte[][] {ED25519_PUBLIC, SECP256K1_PUBLIC, ECDSA_PUBLIC}) {
            CryptoProto.PublicKey m = CryptoProto.PublicKey.parseFrom(encoded);
            assertArrayEquals(encoded, m.toByteArray());
            assertArrayEquals(encoded, KeyProtobuf.encode(KeyType.forCode(m.getType().getNumber()),
                    m.getData().toByteArray()));
        }
        for (byte[] encoded : new byte[][] {ED25519_PRIVATE, SECP256K1_PRIVATE, ECDSA_PRIVATE}) {
            CryptoProto.PrivateKey m = CryptoProto.PrivateKey.parseFrom(encoded);
            assertArrayEquals(encoded, m.toByteArray());
            assertArrayEquals(encoded, KeyProtobuf.encode(KeyType.forCode(m.getType().getNumber()),
                    m.getData().toByteArray()));
        }
    }

    @Test
    void encodingIsTypeThenDataEvenForAnEmptyDataAndTheZeroType() {
        // proto2 writes a set field even when it holds the default value: RSA (0) and empty Data appear
        assertArrayEquals(hex("08001200"), KeyProtobuf.encode(KeyType.RSA, new byte[0]));
        assertArrayEquals(hex("0803120201ff"), KeyProtobuf.encode(KeyType.ECDSA, hex("01ff")));
    }

    @Test
    void decodesWhatProtobufJavaAcceptsOnlyWhenItIsDeterministic() {
        byte[] data = Arrays.copyOfRange(ED25519_PUBLIC, 2, ED25519_PUBLIC.length); // 12 20 <32 bytes>
        assertEquals(KeyType.ED25519, KeyProtobuf.decode(ED25519_PUBLIC, "public key").type());
        // a non-minimal Data length, a non-minimal tag, a Type above 32 bits that protobuf-java truncates to 1
        for (String prefix : new String[] {"0801" + "12a000", "8800" + "01" + "12" + "20", "0881808080" + "10" + "1220"}) {
            byte[] in = concat(hex(prefix), Arrays.copyOfRange(data, 2, data.length));
            MalformedKeyException e = assertThrows(MalformedKeyException.class, () -> KeyProtobuf.decode(in, "public key"),
                    prefix);
            assertTrue(e.getMessage().contains("minimally"), e.getMessage());
        }
        // Data sent as a varint: a known field number on the wrong wire type
        assertTrue(assertThrows(MalformedKeyException.class, () -> KeyProtobuf.decode(hex("08011001"), "public key"))
                .getMessage().contains("unexpected field tag 16"));
        // a group is an unknown field too
        assertThrows(MalformedKeyException.class, () -> KeyProtobuf.decode(concat(ED25519_PUBLIC, hex("1b1c")), "public key"));
        assertThrows(MalformedKeyException.class,
                () -> KeyProtobuf.decode(new byte[KeyProtobuf.MAX_ENCODED_BYTES + 1], "private key"));
    }

    @Test
    void truncationsAreMalformedKeyExceptions() {
        for (int length = 0; length < ED25519_PRIVATE.length; length++) {
            byte[] in = Arrays.copyOf(ED25519_PRIVATE, length);
            assertThrows(MalformedKeyException.class, () -> KeyProtobuf.decode(in, "private key"), "length " + length);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
