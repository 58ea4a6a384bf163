package io.hypha.protocol.kad.query;

import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multihash;
import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.routing.KadKey;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * A DHT in memory for lookup tests: random peers, each knowing the others as a k-bucket table would (at most
 * {@code bucketSize} per common-prefix length with its own key, picked at random), and answering a FIND_NODE with
 * the closest it knows. The oracle, {@link #trueClosest}, sorts the whole network by XOR distance as numbers.
 */
final class SimulatedNetwork {
    private final List<PeerId> peers = new ArrayList<>();
    private final Map<PeerId, Integer> index = new HashMap<>();
    private final KadKey[] keys;
    private final BigInteger[] numbers;
    private final int[][] known;

    SimulatedNetwork(int size, int bucketSize, Random random) {
        keys = new KadKey[size];
        numbers = new BigInteger[size];
        for (int i = 0; i < size; i++) {
            PeerId p = randomPeer(random);
            peers.add(p);
            index.put(p, i);
            keys[i] = KadKey.ofPeer(p);
            numbers[i] = new BigInteger(1, keys[i].bytes());
        }
        known = new int[size][];
        List<Integer> order = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            order.add(i);
        }
        for (int i = 0; i < size; i++) {
            Collections.shuffle(order, random);
            int[] perBucket = new int[257];
            List<Integer> mine = new ArrayList<>();
            for (int j : order) {
                if (j != i && perBucket[keys[i].commonPrefixLength(keys[j])]++ < bucketSize) {
                    mine.add(j);
                }
            }
            known[i] = mine.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    static PeerId randomPeer(Random random) {
        byte[] digest = new byte[32];
        random.nextBytes(digest);
        return PeerId.fromMultihash(Multihash.of(HashAlgorithm.SHA2_256, digest));
    }

    List<PeerId> peers() {
        return peers;
    }

    /** What {@code server} answers to a FIND_NODE for {@code target}: the {@code count} closest it knows but the asker. */
    List<PeerId> answer(PeerId server, KadKey target, int count, PeerId asker) {
        List<Integer> mine = new ArrayList<>();
        for (int j : known[index.get(server)]) {
            if (!peers.get(j).equals(asker)) {
                mine.add(j);
            }
        }
        mine.sort((a, b) -> keys[a].compareDistance(target, keys[b]));
        List<PeerId> out = new ArrayList<>();
        for (int i = 0; i < Math.min(count, mine.size()); i++) {
            out.add(peers.get(mine.get(i)));
        }
        return out;
    }

    /** The {@code count} peers of the whole network closest to {@code target} among those {@code include} accepts. */
    List<PeerId> trueClosest(KadKey target, int count, Predicate<PeerId> include) {
        BigInteger t = new BigInteger(1, target.bytes());
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            if (include.test(peers.get(i))) {
                all.add(i);
            }
        }
        all.sort(Comparator.comparing(i -> numbers[i].xor(t)));
        return all.subList(0, Math.min(count, all.size())).stream().map(peers::get).toList();
    }
}
