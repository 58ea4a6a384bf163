package io.hypha.node.routing;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Varint;
import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.KadProtocol;
import io.hypha.protocol.kad.store.ProviderRecord;
import io.hypha.protocol.kad.store.ProviderStore;
import io.hypha.node.repo.Datastore;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Provider records kept in the node's {@link Datastore}, so they survive a restart (go-libp2p-kad-dht keeps them
 * in the datastore too). One entry per (key, provider): datastore key {@code /providers/} + key length + key +
 * provider id bytes; value = received time (ms) + the provider's addresses. Bounded by
 * {@link #MAX_PROVIDERS_PER_KEY} and {@link #MAX_RECORDS}: past a bound a new record is refused (a renewal of a
 * held one is always accepted), so a flood of ADD_PROVIDER cannot push out records the node already holds.
 * Records older than the TTL are not returned and are deleted by {@link #sweep}.
 */
public final class DatastoreProviderStore implements ProviderStore {
    /** Providers kept per key: a popular key has more, but 64 are plenty to fetch from. */
    public static final int MAX_PROVIDERS_PER_KEY = 64;
    /** Provider records kept in all (about 150 bytes each on disk). */
    public static final long MAX_RECORDS = 1_000_000;
    private static final byte[] PREFIX = "/providers/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Datastore datastore;
    private final Duration ttl;
    private final int maxPerKey;
    private final long maxRecords;
    private final AtomicLong count = new AtomicLong();

    public DatastoreProviderStore(Datastore datastore) {
        this(datastore, KadProtocol.PROVIDER_RECORD_TTL, MAX_PROVIDERS_PER_KEY, MAX_RECORDS);
    }

    public DatastoreProviderStore(Datastore datastore, Duration ttl, int maxPerKey, long maxRecords) {
        this.datastore = datastore;
        this.ttl = ttl;
        this.maxPerKey = maxPerKey;
        this.maxRecords = maxRecords;
        try (Stream<Datastore.Entry> all = datastore.scan(PREFIX)) {
            count.set(all.count());
        }
    }

    private static byte[] keyPrefix(byte[] key) {
        ByteBuffer b = ByteBuffer.allocate(PREFIX.length + 1 + key.length);
        return b.put(PREFIX).put((byte) key.length).put(key).array();
    }

    private static byte[] entryKey(byte[] key, PeerId provider) {
        byte[] prefix = keyPrefix(key);
        byte[] id = provider.bytes();
        byte[] out = new byte[prefix.length + id.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(id, 0, out, prefix.length, id.length);
        return out;
    }

    private static byte[] encode(ProviderRecord r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).putLong(r.received().toEpochMilli()).array());
        for (Multiaddr a : r.addresses()) {
            byte[] bytes = a.bytes();
            out.writeBytes(Varint.encode(bytes.length));
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static ProviderRecord decode(PeerId provider, byte[] value) {
        Instant received = Instant.ofEpochMilli(ByteBuffer.wrap(value).getLong());
        List<Multiaddr> addrs = new ArrayList<>();
        int at = Long.BYTES;
        while (at < value.length) {
            Varint.Decoded len = Varint.decode(value, at);
            at += len.length();
            int end = Math.addExact(at, (int) len.value());
            addrs.add(Multiaddr.decode(java.util.Arrays.copyOfRange(value, at, end)));
            at = end;
        }
        return new ProviderRecord(provider, addrs, received);
    }

    @Override
    public synchronized boolean put(byte[] key, ProviderRecord record) {
        if (key.length == 0 || key.length > KadProtocol.MAX_PROVIDER_KEY_BYTES) {
            return false;
        }
        byte[] entry = entryKey(key, record.provider());
        boolean held = datastore.has(entry);
        if (!held) {
            if (count.get() >= maxRecords) {
                return false;
            }
            try (Stream<Datastore.Entry> same = datastore.scan(keyPrefix(key))) {
                if (same.limit(maxPerKey).count() >= maxPerKey) {
                    return false;
                }
            }
        }
        datastore.put(entry, encode(record));
        if (!held) {
            count.incrementAndGet();
        }
        return true;
    }

    @Override
    public List<ProviderRecord> get(byte[] key, Instant now, int max) {
        if (key.length == 0 || key.length > KadProtocol.MAX_PROVIDER_KEY_BYTES) {
            return List.of();
        }
        byte[] prefix = keyPrefix(key);
        List<ProviderRecord> out = new ArrayList<>();
        try (Stream<Datastore.Entry> entries = datastore.scan(prefix)) {
            entries.forEach(e -> {
                ProviderRecord r = read(e, prefix.length);
                if (r != null && r.received().plus(ttl).isAfter(now)) {
                    out.add(r);
                }
            });
        }
        out.sort(Comparator.comparing(ProviderRecord::received).reversed());
        return out.size() > max ? List.copyOf(out.subList(0, max)) : out;
    }

    private static ProviderRecord read(Datastore.Entry e, int prefixLength) {
        byte[] k = e.key();
        try {
            PeerId provider = PeerId.fromBytes(java.util.Arrays.copyOfRange(k, prefixLength, k.length));
            return decode(provider, e.value());
        } catch (RuntimeException ex) {
            return null;
        }
    }

    @Override
    public synchronized int sweep(Instant now) {
        List<byte[]> expired = new ArrayList<>();
        try (Stream<Datastore.Entry> all = datastore.scan(PREFIX)) {
            all.forEach(e -> {
                byte[] v = e.value();
                boolean stale = v.length < 8 || Instant.ofEpochMilli(ByteBuffer.wrap(v).getLong()).plus(ttl).isBefore(now);
                if (stale) {
                    expired.add(e.key());
                }
            });
        }
        if (!expired.isEmpty()) {
            datastore.write(expired.stream().<Datastore.Mutation>map(Datastore.Mutation::delete).toList());
            count.addAndGet(-expired.size());
        }
        return expired.size();
    }

    @Override
    public long size() {
        return count.get();
    }

    @Override
    public void close() {
        // the datastore is the repo's
    }
}
