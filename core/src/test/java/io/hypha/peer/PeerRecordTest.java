package io.hypha.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.internal.proto.ProtoWriter;
import io.hypha.multiaddr.Multiaddr;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signed peer records (libp2p RFC 0002 envelopes, RFC 0003 records). */
class PeerRecordTest {
    private final PrivateKey key = PrivateKey.generate(KeyType.ED25519);
    private final PeerId peer = PeerId.fromPublicKey(key.publicKey());
    private final PeerRecord record = new PeerRecord(peer, 1_700_000_000_000_000_000L,
            List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"), Multiaddr.parse("/ip6/::1/tcp/4001")));

    @Test
    void signsAndOpens() {
        byte[] envelope = record.sign(key).encode();
        assertEquals(record, PeerRecord.fromEnvelope(envelope));
        assertEquals(record, PeerRecord.decode(record.encode()));
    }

    @Test
    void payloadTypeIsTheMulticodecBytesGoUses() {
        SignedEnvelope env = SignedEnvelope.decodeAndVerify(record.sign(key).encode(), PeerRecord.DOMAIN);
        assertArrayEquals(new byte[] {0x03, 0x01}, env.payloadType());
    }

    @Test
    void rejectsTamperingAnotherSignerAndAnotherDomain() {
        byte[] envelope = record.sign(key).encode();
        for (int i = 0; i < envelope.length; i += 7) {
            byte[] bad = envelope.clone();
            bad[i] ^= 0x01;
            int at = i;
            assertThrows(IllegalArgumentException.class, () -> PeerRecord.fromEnvelope(bad), "flip at " + at);
        }
        PrivateKey other = PrivateKey.generate(KeyType.ED25519);
        assertThrows(IllegalArgumentException.class, () -> record.sign(other));
        byte[] signedByOther = SignedEnvelope.sign(other, PeerRecord.DOMAIN, new byte[] {0x03, 0x01}, record.encode()).encode();
        assertThrows(IllegalArgumentException.class, () -> PeerRecord.fromEnvelope(signedByOther));
        byte[] otherDomain = SignedEnvelope.sign(key, "not-a-peer-record", new byte[] {0x03, 0x01}, record.encode()).encode();
        assertThrows(IllegalArgumentException.class, () -> PeerRecord.fromEnvelope(otherDomain));
    }

    @Test
    void rejectsOversizedAndMalformedEnvelopes() {
        byte[] huge = new ProtoWriter().bytes(3, new byte[SignedEnvelope.MAX_ENCODED_LENGTH]).toByteArray();
        assertThrows(IllegalArgumentException.class, () -> SignedEnvelope.decodeAndVerify(huge, PeerRecord.DOMAIN));
        assertThrows(IllegalArgumentException.class, () -> SignedEnvelope.decodeAndVerify(new byte[] {0x0a, 0x05, 1}, PeerRecord.DOMAIN));
        assertThrows(IllegalArgumentException.class, () -> PeerRecord.decode(new ProtoWriter().varint(2, 5).toByteArray()));
    }
}
