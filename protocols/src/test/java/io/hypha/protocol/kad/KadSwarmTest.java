package io.hypha.protocol.kad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.host.Host;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multihash;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerInfo;
import io.hypha.protocol.kad.store.PublicKeyValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two hundred DHT servers in one JVM over the in-memory transport, joined through bootstrap: lookups find the true
 * closest peers, peers find each other, providers and records are found from any node, and servers that never
 * answer cost their timeout but do not stop a lookup.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KadSwarmTest {
    static final int NODES = 200;
    /** Hosts that serve the protocol (so they enter routing tables) and never answer. */
    static final int SILENT = 10;
    static final long TIMEOUT_S = 120;
    static final Duration RPC_TIMEOUT = Duration.ofSeconds(2);

    private KadSwarm swarm;
    private final List<Host> silent = new ArrayList<>();
    private final Random random = new Random(42);

    private io.netty.util.ResourceLeakDetector.Level leakLevel;

    @BeforeAll
    void start() throws Exception {
        // Paranoid leak tracking records a stack trace per buffer: across 200 nodes it multiplies the run time
        // several times over. The swarm samples leaks as production does; the codec and handler tests stay paranoid.
        leakLevel = io.netty.util.ResourceLeakDetector.getLevel();
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.SIMPLE);
        long t0 = System.nanoTime();
        swarm = new KadSwarm(2, KadSwarm.testConfig(RPC_TIMEOUT));
        swarm.start(NODES, TIMEOUT_S);
        System.out.printf("swarm of %d joined in %d ms%n", NODES, (System.nanoTime() - t0) / 1_000_000);
        // black holes: they advertise the protocol through identify, accept streams and never write a byte
        for (int i = 0; i < SILENT; i++) {
            Host h = swarm.host("silent" + i).get(TIMEOUT_S, TimeUnit.SECONDS);
            h.setStreamHandler(KadProtocol.ID, stream -> stream.channel().config().setAutoRead(false));
            silent.add(h);
            for (int j = 0; j < 5; j++) {
                Host target = swarm.hosts.get(random.nextInt(NODES));
                h.connect(KadSwarm.info(target).peerId(), target.listenAddresses()).get(TIMEOUT_S, TimeUnit.SECONDS);
            }
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (Host h : silent) {
            h.closeAsync().get(TIMEOUT_S, TimeUnit.SECONDS);
        }
        swarm.close();
        io.netty.util.ResourceLeakDetector.setLevel(leakLevel);
    }

    private Kad anyNode() {
        return swarm.kads.get(random.nextInt(NODES));
    }

    @Test
    void everyRoutingTableIsPopulated() {
        int min = Integer.MAX_VALUE;
        long total = 0;
        for (Kad k : swarm.kads) {
            min = Math.min(min, k.routingTableSize());
            total += k.routingTableSize();
        }
        System.out.printf("routing tables: min %d, mean %.1f peers%n", min, (double) total / NODES);
        assertTrue(min >= KadProtocol.K, "a node knows only " + min + " servers");
    }

    @Test
    void lookupsFindTheTrulyClosestPeers() throws Exception {
        int exact = 0;
        int found = 0;
        int lookups = 20;
        for (int i = 0; i < lookups; i++) {
            byte[] key = Multihash.digest(HashAlgorithm.SHA2_256, ("key " + i).getBytes()).bytes();
            List<PeerId> result = anyNode().getClosestPeers(key).get(TIMEOUT_S, TimeUnit.SECONDS);
            List<PeerId> truth = swarm.trulyClosest(key, KadProtocol.K);
            Set<PeerId> common = new HashSet<>(result);
            common.retainAll(truth);
            found += common.size();
            exact += result.equals(truth) ? 1 : 0;
            for (PeerId p : result) {
                assertFalse(silent.stream().anyMatch(h -> h.peerId().equals(p)), "a silent peer answered?");
            }
        }
        System.out.printf("closest peers: %d of %d lookups exact, %.2f of %d true closest found on average%n",
                exact, lookups, (double) found / lookups, KadProtocol.K);
        assertTrue(found >= lookups * (KadProtocol.K - 1), "lookups found " + found + " of " + lookups * KadProtocol.K);
    }

    @Test
    void everyNodeCanBeFound() throws Exception {
        for (int i = 0; i < 20; i++) {
            Host target = swarm.hosts.get(random.nextInt(NODES));
            Kad from = anyNode();
            if (from.equals(swarm.kads.get(swarm.hosts.indexOf(target)))) {
                continue;
            }
            PeerInfo info = from.findPeer(target.peerId()).get(TIMEOUT_S, TimeUnit.SECONDS);
            assertEquals(target.peerId(), info.peerId());
            assertTrue(info.addresses().containsAll(target.listenAddresses()), info + " vs " + target.listenAddresses());
        }
    }

    @Test
    void providersAreFoundFromAnyNode() throws Exception {
        for (int i = 0; i < 5; i++) {
            byte[] key = Multihash.digest(HashAlgorithm.SHA2_256, ("content " + i).getBytes()).bytes();
            int providerIndex = random.nextInt(NODES);
            Kad provider = swarm.kads.get(providerIndex);
            int stored = provider.provide(key).get(TIMEOUT_S, TimeUnit.SECONDS);
            assertTrue(stored >= KadProtocol.K - 2, "only " + stored + " servers took the record");
            Kad seeker = swarm.kads.get((providerIndex + 1 + random.nextInt(NODES - 1)) % NODES);
            Set<PeerId> providers = ConcurrentHashMap.newKeySet();
            int n = seeker.findProviders(key, 5, p -> providers.add(p.peerId())).get(TIMEOUT_S, TimeUnit.SECONDS);
            assertEquals(1, n);
            assertEquals(Set.of(swarm.hosts.get(providerIndex).peerId()), providers);
        }
    }

    @Test
    void findProvidersStopsAtTheNumberAskedFor() throws Exception {
        byte[] key = Multihash.digest(HashAlgorithm.SHA2_256, "popular".getBytes()).bytes();
        for (int i = 0; i < 4; i++) {
            swarm.kads.get(i * 7).provide(key).get(TIMEOUT_S, TimeUnit.SECONDS);
        }
        AtomicInteger seen = new AtomicInteger();
        int n = swarm.kads.get(NODES - 1).findProviders(key, 3, p -> seen.incrementAndGet())
                .get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(3, n);
        assertEquals(3, seen.get());
    }

    @Test
    void aPublicKeyRecordIsStoredAndFound() throws Exception {
        PrivateKey key = PrivateKey.generate(KeyType.RSA);
        PeerId owner = PeerId.fromPublicKey(key.publicKey());
        byte[] recordKey = PublicKeyValidator.keyOf(owner);
        byte[] value = key.publicKey().encode();
        int stored = anyNode().putValue(recordKey, value).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertTrue(stored >= KadProtocol.K - 2, "only " + stored + " servers stored the record");
        assertArrayEquals(value, anyNode().getValue(recordKey).get(TIMEOUT_S, TimeUnit.SECONDS));
    }

    @Test
    void aMissingRecordIsNotFound() throws Exception {
        PeerId nobody = PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519).publicKey());
        var f = anyNode().getValue(PublicKeyValidator.keyOf(nobody));
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                () -> f.get(TIMEOUT_S, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof NotFoundException, String.valueOf(e.getCause()));
    }

    /**
     * Announcing many keys region by region takes a few lookups per region, not one per key, and puts almost every
     * record on the key's true closest servers.
     */
    @Test
    void aSweepAnnouncesManyKeysWithFewLookups() throws Exception {
        int keys = 2000;
        List<byte[]> multihashes = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            multihashes.add(Multihash.digest(HashAlgorithm.SHA2_256, ("swept " + i).getBytes()).bytes());
        }
        int providerIndex = 17;
        PeerId provider = swarm.hosts.get(providerIndex).peerId();
        ProvideSweep.Result r = new ProvideSweep(swarm.kads.get(providerIndex), swarm.hosts.get(providerIndex).clock())
                .provide(multihashes);
        System.out.printf("sweep: %d keys, %d lookups, %d ADD_PROVIDER to %d peers (%d accepted) in %d ms%n",
                r.keys(), r.lookups(), r.messages(), r.peers(), r.accepted(), r.took().toMillis());
        assertEquals(keys, r.keys());
        assertTrue(r.lookups() < keys / 10, r.lookups() + " lookups for " + keys + " keys");
        assertEquals(r.messages(), r.accepted());
        // where did the records land? compare with each key's true k closest, for a sample
        int onTrueClosest = 0;
        int sample = 50;
        for (int i = 0; i < sample; i++) {
            byte[] key = multihashes.get(i * (keys / sample));
            for (PeerId p : swarm.trulyClosest(key, KadProtocol.K)) {
                if (p.equals(provider)) {
                    onTrueClosest++;
                    continue;
                }
                Kad holder = swarm.kads.get(swarm.hosts.stream().map(Host::peerId).toList().indexOf(p));
                if (holder.localProviders(key).get(TIMEOUT_S, TimeUnit.SECONDS).stream()
                        .anyMatch(info -> info.peerId().equals(provider))) {
                    onTrueClosest++;
                }
            }
        }
        double share = (double) onTrueClosest / (sample * KadProtocol.K);
        System.out.printf("sweep: %.1f%% of the sampled keys' true closest servers hold the record%n", share * 100);
        assertTrue(share >= 0.9, "only " + share + " of the true closest hold the record");
        // and a lookup from elsewhere finds the provider
        Set<PeerId> found = ConcurrentHashMap.newKeySet();
        anyNode().findProviders(multihashes.get(keys - 1), 1, p -> found.add(p.peerId())).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(Set.of(provider), found);
    }
}
