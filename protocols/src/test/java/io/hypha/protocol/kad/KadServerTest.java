package io.hypha.protocol.kad;

import static io.hypha.protocol.kad.KadTestPeers.addresses;
import static io.hypha.protocol.kad.KadTestPeers.peer;
import static io.hypha.protocol.kad.KadTestPeers.randomPeer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.routing.KadKey;
import io.hypha.protocol.kad.store.InvalidRecordException;
import io.hypha.protocol.kad.store.MemoryProviderStore;
import io.hypha.protocol.kad.store.MemoryRecordStore;
import io.hypha.protocol.kad.store.ProviderRecord;
import io.hypha.protocol.kad.store.PublicKeyValidator;
import io.hypha.protocol.kad.store.RecordValidator;
import io.hypha.protocol.kad.store.RecordValidators;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class KadServerTest {
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.089Z");

    private final PeerId self = randomPeer();
    private final PeerId from = randomPeer();
    private final List<KadPeer> known = List.of(peer(2), peer(1));
    private final List<Object[]> closestCalls = new ArrayList<>();
    private final MemoryProviderStore providers = new MemoryProviderStore();
    private final MemoryRecordStore records = new MemoryRecordStore();
    private KadServer server = server(RecordValidators.defaults());

    private KadServer server(RecordValidators validators) {
        ClosestPeers closest = (target, count, exclude) -> {
            closestCalls.add(new Object[] {target, count, exclude});
            return known;
        };
        return new KadServer(self, closest, providers, records, validators, Clock.fixed(NOW, ZoneOffset.UTC),
                Runnable::run);
    }

    private KadMessage answer(KadMessage request) throws Exception {
        return server.handle(from, request).get().orElseThrow();
    }

    private KadException refusal(KadMessage request) {
        CompletableFuture<Optional<KadMessage>> f = server.handle(from, request);
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        return assertInstanceOf(KadException.class, e.getCause());
    }

    @Test
    void findNodeAnswersTheClosestPeersButNotTheAsker() throws Exception {
        PeerId target = randomPeer();
        KadMessage response = answer(KadMessage.request(MessageType.FIND_NODE, target.bytes()));
        assertEquals(new KadMessage(MessageType.FIND_NODE, null, null, known, List.of()), response);
        Object[] call = closestCalls.get(0);
        assertEquals(KadKey.ofPeer(target), call[0]);
        assertEquals(KadProtocol.K, call[1]);
        assertEquals(from, call[2]);
    }

    @Test
    void keysOutsideTheirLimitsAreRefused() {
        for (MessageType t : List.of(MessageType.FIND_NODE, MessageType.GET_VALUE, MessageType.GET_PROVIDERS,
                MessageType.ADD_PROVIDER, MessageType.PUT_VALUE)) {
            refusal(KadMessage.request(t, new byte[0]));
        }
        refusal(KadMessage.request(MessageType.FIND_NODE, new byte[KadProtocol.MAX_RECORD_KEY_BYTES + 1]));
        refusal(KadMessage.request(MessageType.GET_VALUE, new byte[KadProtocol.MAX_RECORD_KEY_BYTES + 1]));
        byte[] longKey = pkKeyOfLength(KadProtocol.MAX_RECORD_KEY_BYTES + 1);
        refusal(new KadMessage(MessageType.PUT_VALUE, longKey, new KadRecord(longKey, new byte[1]), List.of(),
                List.of()));
        refusal(KadMessage.request(MessageType.GET_PROVIDERS, new byte[KadProtocol.MAX_PROVIDER_KEY_BYTES + 1]));
        refusal(new KadMessage(MessageType.ADD_PROVIDER, new byte[KadProtocol.MAX_PROVIDER_KEY_BYTES + 1], null,
                List.of(), List.of(new KadPeer(from, addresses(1, 4001)))));
        assertEquals(0, providers.size());
    }

    @Test
    void keysAtTheirLimitsAreAnswered() throws Exception {
        byte[] longest = new byte[KadProtocol.MAX_PROVIDER_KEY_BYTES];
        assertEquals(MessageType.GET_PROVIDERS, answer(KadMessage.request(MessageType.GET_PROVIDERS, longest)).type());
        assertEquals(MessageType.GET_VALUE,
                answer(KadMessage.request(MessageType.GET_VALUE, new byte[KadProtocol.MAX_RECORD_KEY_BYTES])).type());
    }

    @Test
    void aProviderAnnouncedIsAnsweredWithCloserPeers() throws Exception {
        byte[] key = multihash(1);
        List<Multiaddr> addrs = addresses(2, 4001);
        KadMessage add = new KadMessage(MessageType.ADD_PROVIDER, key, null, List.of(),
                List.of(new KadPeer(from, addrs)));
        assertEquals(Optional.empty(), server.handle(from, add).get());
        KadMessage response = answer(KadMessage.request(MessageType.GET_PROVIDERS, key));
        assertEquals(new KadMessage(MessageType.GET_PROVIDERS, key, null, known, List.of(new KadPeer(from, addrs))),
                response);
        assertEquals(List.of(new ProviderRecord(from, addrs, NOW)), providers.get(key, NOW, 10));
        // another key has none
        assertEquals(List.of(), answer(KadMessage.request(MessageType.GET_PROVIDERS, multihash(2))).providerPeers());
    }

    @Test
    void addProviderForAnotherPeerIsIgnored() throws Exception {
        PeerId other = randomPeer();
        KadMessage add = new KadMessage(MessageType.ADD_PROVIDER, multihash(1), null, List.of(),
                List.of(new KadPeer(other, addresses(1, 4001))));
        assertEquals(Optional.empty(), server.handle(from, add).get());
        assertEquals(0, providers.size());
    }

    @Test
    void addProviderWithoutAddressIsIgnored() throws Exception {
        KadMessage add = new KadMessage(MessageType.ADD_PROVIDER, multihash(1), null, List.of(),
                List.of(new KadPeer(from, List.of())));
        assertEquals(Optional.empty(), server.handle(from, add).get());
        assertEquals(0, providers.size());
    }

    @Test
    void addProviderKeepsAtMostSixteenAddresses() throws Exception {
        List<Multiaddr> many = addresses(KadProtocol.MAX_ADDRESSES_PER_PEER + 4, 4001);
        KadMessage add = new KadMessage(MessageType.ADD_PROVIDER, multihash(1), null, List.of(),
                List.of(new KadPeer(from, many)));
        server.handle(from, add).get();
        assertEquals(many.subList(0, KadProtocol.MAX_ADDRESSES_PER_PEER),
                providers.get(multihash(1), NOW, 1).get(0).addresses());
    }

    @Test
    void putValueOfAPublicKeyIsStoredStampedAndEchoed() throws Exception {
        PrivateKey key = PrivateKey.generate(KeyType.ECDSA); // hashed peer id: the case /pk/ records exist for
        PeerId owner = PeerId.fromPublicKey(key.publicKey());
        byte[] recordKey = PublicKeyValidator.keyOf(owner);
        KadMessage put = new KadMessage(MessageType.PUT_VALUE, recordKey,
                new KadRecord(recordKey, key.publicKey().encode()), List.of(), List.of());
        assertEquals(put, answer(put));
        KadMessage got = answer(KadMessage.request(MessageType.GET_VALUE, recordKey));
        assertEquals(MessageType.GET_VALUE, got.type());
        assertArrayEquals(recordKey, got.key());
        assertEquals(known, got.closerPeers());
        assertArrayEquals(key.publicKey().encode(), got.record().value());
        assertEquals("2026-03-04T05:06:07.089Z", got.record().timeReceived());
        // putting it again is fine (select says they are equal, ties go to the new one)
        assertEquals(put, answer(put));
    }

    @Test
    void getValueOfAnUnknownKeyHasNoRecord() throws Exception {
        KadMessage got = answer(KadMessage.request(MessageType.GET_VALUE, "/pk/none".getBytes()));
        assertNull(got.record());
        assertEquals(known, got.closerPeers());
    }

    @Test
    void putValueOfAnInvalidPublicKeyIsRefused() {
        PrivateKey key = PrivateKey.generate(KeyType.ED25519);
        byte[] someoneElses = PublicKeyValidator.keyOf(randomPeer());
        KadException e = refusal(new KadMessage(MessageType.PUT_VALUE, someoneElses,
                new KadRecord(someoneElses, key.publicKey().encode()), List.of(), List.of()));
        assertInstanceOf(InvalidRecordException.class, e.getCause());
        byte[] own = PublicKeyValidator.keyOf(PeerId.fromPublicKey(key.publicKey()));
        refusal(new KadMessage(MessageType.PUT_VALUE, own, new KadRecord(own, new byte[] {8, 1, 18, 1, 0}),
                List.of(), List.of()));
        assertEquals(0, records.size());
    }

    @Test
    void putValueInAnUnknownNamespaceIsRefused() {
        for (String k : List.of("/example/data", "nonamespace", "/", "//x", "/pk")) {
            byte[] key = k.getBytes();
            refusal(new KadMessage(MessageType.PUT_VALUE, key, new KadRecord(key, new byte[] {1}), List.of(),
                    List.of()));
        }
        assertEquals(0, records.size());
    }

    @Test
    void putValueMustCarryARecordForItsOwnKey() throws Exception {
        PrivateKey key = PrivateKey.generate(KeyType.ED25519);
        byte[] recordKey = PublicKeyValidator.keyOf(PeerId.fromPublicKey(key.publicKey()));
        refusal(KadMessage.request(MessageType.PUT_VALUE, recordKey));
        refusal(new KadMessage(MessageType.PUT_VALUE, "/pk/other".getBytes(),
                new KadRecord(recordKey, key.publicKey().encode()), List.of(), List.of()));
        assertEquals(0, records.size());
    }

    @Test
    void putValueKeepsTheBetterRecord() throws Exception {
        // a namespace whose validator prefers the larger first byte
        RecordValidator larger = new RecordValidator() {
            @Override
            public void validate(byte[] key, byte[] value) throws InvalidRecordException {
                if (value.length != 1) {
                    throw new InvalidRecordException("one byte please");
                }
            }

            @Override
            public int select(byte[] key, List<byte[]> values) {
                int best = 0;
                for (int i = 1; i < values.size(); i++) {
                    if (values.get(i)[0] > values.get(best)[0]) {
                        best = i;
                    }
                }
                return best;
            }
        };
        server = server(RecordValidators.defaults().with("t", larger));
        byte[] key = "/t/x".getBytes();
        answer(put(key, 2));
        KadException e = refusal(put(key, 1));
        assertTrue(e.getMessage().contains("older"), e.getMessage());
        assertArrayEquals(new byte[] {2}, records.get(key, NOW).orElseThrow().value());
        answer(put(key, 3));
        assertArrayEquals(new byte[] {3}, records.get(key, NOW).orElseThrow().value());
    }

    @Test
    void putValueIsRefusedWhenTheStoreIsFull() throws Exception {
        MemoryRecordStore tiny = new MemoryRecordStore(Duration.ofHours(1), 1, 1 << 20);
        server = new KadServer(self, (t, c, x) -> List.of(), providers, tiny, RecordValidators.defaults(),
                Clock.fixed(NOW, ZoneOffset.UTC), Runnable::run);
        answer(pkPut(PrivateKey.generate(KeyType.ED25519)));
        KadException e = refusal(pkPut(PrivateKey.generate(KeyType.ED25519)));
        assertTrue(e.getMessage().contains("full"), e.getMessage());
    }

    @Test
    void aRecordTooLargeToServeIsRefused() throws Exception {
        RecordValidator any = new RecordValidator() {
            @Override
            public void validate(byte[] key, byte[] value) {}

            @Override
            public int select(byte[] key, List<byte[]> values) {
                return 0;
            }
        };
        server = server(RecordValidators.defaults().with("t", any));
        byte[] key = "/t/x".getBytes();
        refusal(new KadMessage(MessageType.PUT_VALUE, key,
                new KadRecord(key, new byte[KadProtocol.MAX_OUTBOUND_MESSAGE_SIZE]), List.of(), List.of()));
        // one whose echo just fits, but not with the time it was received added, as GET_VALUE would send it
        int v = KadProtocol.MAX_OUTBOUND_MESSAGE_SIZE;
        while (KadCodec.encodeDelimited(put(key, new byte[v])).length > KadProtocol.MAX_OUTBOUND_MESSAGE_SIZE) {
            v--;
        }
        assertEquals(KadProtocol.MAX_OUTBOUND_MESSAGE_SIZE, KadCodec.encodeDelimited(put(key, new byte[v])).length);
        refusal(put(key, new byte[v]));
        assertEquals(0, records.size());
        refusal(put(key, new byte[v - 20])); // the time takes 26 bytes
        assertEquals(0, records.size());
        assertEquals(MessageType.PUT_VALUE, answer(put(key, new byte[v - 40])).type());
        assertEquals(1, records.size());
    }

    @Test
    void pingIsAnsweredWithAnEmptyPing() throws Exception {
        assertEquals(KadMessage.request(MessageType.PING, null),
                answer(new KadMessage(MessageType.PING, new byte[] {1, 2}, null, List.of(peer(1)), List.of())));
    }

    @Test
    void aBusyStorageFailsTheRequest() {
        server = new KadServer(self, (t, c, x) -> List.of(), providers, records, RecordValidators.defaults(),
                Clock.fixed(NOW, ZoneOffset.UTC), r -> {
                    throw new RejectedExecutionException("full");
                });
        KadException e = refusal(KadMessage.request(MessageType.GET_PROVIDERS, multihash(1)));
        assertInstanceOf(RejectedExecutionException.class, e.getCause());
    }

    private static KadMessage put(byte[] key, byte[] value) {
        return new KadMessage(MessageType.PUT_VALUE, key, new KadRecord(key, value), List.of(), List.of());
    }

    private static KadMessage put(byte[] key, int value) {
        return new KadMessage(MessageType.PUT_VALUE, key, new KadRecord(key, new byte[] {(byte) value}), List.of(),
                List.of());
    }

    private static KadMessage pkPut(PrivateKey key) {
        byte[] recordKey = PublicKeyValidator.keyOf(PeerId.fromPublicKey(key.publicKey()));
        return new KadMessage(MessageType.PUT_VALUE, recordKey, new KadRecord(recordKey, key.publicKey().encode()),
                List.of(), List.of());
    }

    private static byte[] pkKeyOfLength(int n) {
        byte[] k = new byte[n];
        Arrays.fill(k, (byte) 'a');
        System.arraycopy("/pk/".getBytes(), 0, k, 0, 4);
        return k;
    }

    /** A sha2-256 multihash whose digest is {@code n} repeated. */
    static byte[] multihash(int n) {
        byte[] mh = new byte[34];
        mh[0] = 0x12;
        mh[1] = 0x20;
        Arrays.fill(mh, 2, 34, (byte) n);
        return mh;
    }
}
