package io.hypha.peer;

import io.hypha.crypto.PublicKey;
import io.hypha.multiaddr.Multiaddr;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link PeerStore} in memory. Bounded: at most {@link #MAX_PEERS} peers (the least recently updated is
 * evicted), {@link #MAX_ADDRESSES_PER_PEER} addresses per peer (the soonest to expire is dropped),
 * {@link #MAX_PROTOCOLS_PER_PEER} protocols and {@link #MAX_METADATA_PER_PEER} metadata entries of at most
 * {@link #MAX_METADATA_VALUE_LENGTH} characters (the rest is ignored). Thread-safe.
 */
public final class MemoryPeerStore implements PeerStore {
    public static final int MAX_PEERS = 10_000;
    public static final int MAX_ADDRESSES_PER_PEER = 64;
    public static final int MAX_PROTOCOLS_PER_PEER = 256;
    public static final int MAX_METADATA_PER_PEER = 16;
    public static final int MAX_METADATA_VALUE_LENGTH = 1024;

    private final Clock clock;
    private final int maxPeers;
    private final LinkedHashMap<PeerId, Record> records = new LinkedHashMap<>(16, 0.75f, true);

    public MemoryPeerStore(Clock clock) {
        this(clock, MAX_PEERS);
    }

    public MemoryPeerStore(Clock clock, int maxPeers) {
        this.clock = clock;
        if (maxPeers <= 0) {
            throw new IllegalArgumentException("maxPeers must be positive");
        }
        this.maxPeers = maxPeers;
    }

    private static final class Record {
        final LinkedHashMap<Multiaddr, Instant> addresses = new LinkedHashMap<>();
        PublicKey key;
        Set<String> protocols = Set.of();
        final Map<String, String> metadata = new HashMap<>();
    }

    private Record record(PeerId peer) {
        Record r = records.get(peer);
        if (r == null) {
            r = new Record();
            records.put(peer, r);
            if (records.size() > maxPeers) {
                PeerId eldest = records.keySet().iterator().next();
                records.remove(eldest);
            }
        }
        return r;
    }

    @Override
    public synchronized void addAddresses(PeerId peer, Collection<Multiaddr> addresses, Duration ttl) {
        Instant expiry = expiry(ttl);
        Record r = record(peer);
        for (Multiaddr a : addresses) {
            Multiaddr bare = a.withoutPeerId();
            if (bare.isEmpty()) {
                continue;
            }
            Instant old = r.addresses.remove(bare);
            r.addresses.put(bare, old != null && old.isAfter(expiry) ? old : expiry);
        }
        trimAddresses(r);
    }

    @Override
    public synchronized void setAddresses(PeerId peer, Collection<Multiaddr> addresses, Duration ttl) {
        record(peer).addresses.clear();
        addAddresses(peer, addresses, ttl);
    }

    @Override
    public synchronized List<Multiaddr> addresses(PeerId peer) {
        Record r = records.get(peer);
        if (r == null) {
            return List.of();
        }
        Instant now = clock.instant();
        r.addresses.values().removeIf(exp -> !exp.isAfter(now));
        List<Multiaddr> out = new ArrayList<>(r.addresses.keySet());
        java.util.Collections.reverse(out);
        return out;
    }

    @Override
    public synchronized void putPublicKey(PeerId peer, PublicKey key) {
        if (!peer.matches(key)) {
            throw new IllegalArgumentException("public key does not match peer id " + peer);
        }
        record(peer).key = key;
    }

    @Override
    public synchronized Optional<PublicKey> publicKey(PeerId peer) {
        Record r = records.get(peer);
        if (r != null && r.key != null) {
            return Optional.of(r.key);
        }
        return peer.extractPublicKey();
    }

    @Override
    public synchronized void setProtocols(PeerId peer, Collection<String> protocols) {
        Set<String> set = new LinkedHashSet<>();
        for (String p : protocols) {
            if (set.size() >= MAX_PROTOCOLS_PER_PEER) {
                break;
            }
            set.add(p);
        }
        record(peer).protocols = Set.copyOf(set);
    }

    @Override
    public synchronized Set<String> protocols(PeerId peer) {
        Record r = records.get(peer);
        return r == null ? Set.of() : r.protocols;
    }

    @Override
    public synchronized void putMetadata(PeerId peer, String key, String value) {
        Record r = record(peer);
        if (r.metadata.size() >= MAX_METADATA_PER_PEER && !r.metadata.containsKey(key)) {
            return;
        }
        r.metadata.put(key, value.length() > MAX_METADATA_VALUE_LENGTH ? value.substring(0, MAX_METADATA_VALUE_LENGTH) : value);
    }

    @Override
    public synchronized Optional<String> metadata(PeerId peer, String key) {
        Record r = records.get(peer);
        return r == null ? Optional.empty() : Optional.ofNullable(r.metadata.get(key));
    }

    @Override
    public synchronized Set<PeerId> peers() {
        return Set.copyOf(records.keySet());
    }

    @Override
    public synchronized void remove(PeerId peer) {
        records.remove(peer);
    }

    private Instant expiry(Duration ttl) {
        Instant now = clock.instant();
        return ttl.compareTo(Duration.between(now, Instant.MAX)) >= 0 ? Instant.MAX : now.plus(ttl);
    }

    /** Drops expired addresses, then the soonest to expire while over the limit. */
    private void trimAddresses(Record r) {
        Instant now = clock.instant();
        r.addresses.values().removeIf(exp -> !exp.isAfter(now));
        while (r.addresses.size() > MAX_ADDRESSES_PER_PEER) {
            Multiaddr soonest = null;
            Instant min = Instant.MAX;
            for (Map.Entry<Multiaddr, Instant> e : r.addresses.entrySet()) {
                if (soonest == null || e.getValue().isBefore(min)) {
                    soonest = e.getKey();
                    min = e.getValue();
                }
            }
            r.addresses.remove(soonest);
        }
    }
}
