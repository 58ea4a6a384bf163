package io.hypha.protocol.kad.store;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.crypto.PublicKey;
import io.hypha.peer.PeerId;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordValidatorsTest {
    private final RecordValidators validators = RecordValidators.defaults();

    @Test
    void namespacesAreBetweenTheFirstTwoSlashes() {
        assertEquals(Optional.of("pk"), RecordValidators.namespace("/pk/abc".getBytes()));
        assertEquals(Optional.of("ipns"), RecordValidators.namespace("/ipns/".getBytes()));
        for (String k : List.of("", "/", "pk/x", "/pk", "//x")) {
            assertEquals(Optional.empty(), RecordValidators.namespace(k.getBytes()), k);
        }
    }

    @Test
    void aPublicKeyIsValidUnderItsOwnPeerId() {
        for (KeyType type : List.of(KeyType.ED25519, KeyType.SECP256K1, KeyType.ECDSA)) {
            PublicKey key = PrivateKey.generate(type).publicKey();
            byte[] recordKey = PublicKeyValidator.keyOf(PeerId.fromPublicKey(key));
            assertDoesNotThrow(() -> validators.validate(recordKey, key.encode()), type.toString());
        }
    }

    @Test
    void aKnownKeyIsValidUnderItsKnownPeerId() throws Exception {
        // the Ed25519 public key and peer id of libp2p/specs peer-ids/peer-ids.md, "Test vectors"
        byte[] key = HexFormat.of()
                .parseHex("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
        PeerId id = PeerId.parse("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
        validators.validate(PublicKeyValidator.keyOf(id), key);
    }

    @Test
    void anythingElseIsInvalid() {
        PublicKey key = PrivateKey.generate(KeyType.ED25519).publicKey();
        PeerId other = PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519).publicKey());
        byte[] otherKey = PublicKeyValidator.keyOf(other);
        assertThrows(InvalidRecordException.class, () -> validators.validate(otherKey, key.encode()));
        assertThrows(InvalidRecordException.class, () -> validators.validate("/pk/".getBytes(), key.encode()));
        assertThrows(InvalidRecordException.class, () -> validators.validate(otherKey, new byte[] {1, 2, 3}));
        assertThrows(InvalidRecordException.class, () -> validators.validate(otherKey, new byte[0]));
        assertThrows(InvalidRecordException.class,
                () -> validators.validate("/example/data".getBytes(), key.encode()));
        assertThrows(InvalidRecordException.class, () -> validators.validate("nothing".getBytes(), key.encode()));
        // the /pk/ validator checks its own prefix too, whoever calls it
        assertThrows(InvalidRecordException.class,
                () -> new PublicKeyValidator().validate("/pq/abc".getBytes(), key.encode()));
    }

    @Test
    void publicKeysAreNeverChosenBetween() {
        byte[] k = "/pk/x".getBytes();
        assertEquals(0, validators.select(k, List.of(new byte[] {1}, new byte[] {2})));
        assertThrows(IllegalArgumentException.class, () -> validators.select("/x/y".getBytes(), List.of(new byte[1])));
    }

    @Test
    void withAddsANamespace() throws Exception {
        RecordValidator accepting = new RecordValidator() {
            @Override
            public void validate(byte[] key, byte[] value) {}

            @Override
            public int select(byte[] key, List<byte[]> values) {
                return values.size() - 1;
            }
        };
        RecordValidators more = validators.with("ipns", accepting);
        more.validate("/ipns/x".getBytes(), new byte[] {1});
        assertEquals(1, more.select("/ipns/x".getBytes(), List.of(new byte[1], new byte[1])));
        assertThrows(InvalidRecordException.class, () -> validators.validate("/ipns/x".getBytes(), new byte[] {1}),
                "the original is unchanged");
    }
}
