package io.hypha.node.routing;

import io.hypha.crypto.PrivateKey;
import io.hypha.node.ipns.Ipns;
import io.hypha.node.ipns.IpnsName;
import io.hypha.node.ipns.IpnsRecord;
import io.hypha.node.ipns.IpnsValidator;
import io.hypha.node.repo.Datastore;
import io.hypha.protocol.kad.Kad;
import io.hypha.protocol.kad.KadException;
import io.hypha.protocol.kad.store.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * IPNS over the DHT (ipfs/specs {@code ipns/ipns-record.md}, "Routing record"): {@link #publish} signs a record
 * with one of the node's keys and stores it under {@code /ipns/<peer id>} with PUT_VALUE; {@link #resolve}
 * fetches the best valid record with GET_VALUE and follows {@code /ipns/} values to an {@code /ipfs/} path.
 * The sequence number continues from the last record this node published for the key (kept in the datastore),
 * or from the best one the DHT holds, whichever is higher.
 */
public final class Names {
    /** How many {@code /ipns/} hops a resolution follows (Kubo's DefaultDepthLimit). */
    public static final int MAX_DEPTH = 32;
    private static final String PUBLISHED = "/ipns-published/";

    /** What {@link #publish} stored. */
    public record Published(IpnsName name, String value, long sequence) {}

    private final Kad kad;
    private final Datastore datastore;
    private final IpnsValidator validator;
    private final Clock clock;
    private final Executor storage;

    /** {@code datastore} keeps the last record published per key (null: none kept). */
    public Names(Kad kad, Datastore datastore, IpnsValidator validator, Clock clock, Executor storage) {
        this.kad = kad;
        this.datastore = datastore;
        this.validator = validator;
        this.clock = clock;
        this.storage = storage;
    }

    private static byte[] publishedKey(IpnsName name) {
        byte[] prefix = PUBLISHED.getBytes(StandardCharsets.US_ASCII);
        byte[] id = name.peerId().bytes();
        byte[] out = new byte[prefix.length + id.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(id, 0, out, prefix.length, id.length);
        return out;
    }

    /**
     * Publishes {@code value} (an {@code /ipfs/} or {@code /ipns/} path) under {@code key}'s name, valid for
     * {@code lifetime}, cached by resolvers for {@code ttl}. With {@code allowOffline} a node that finds no DHT
     * server keeps the record locally instead of failing.
     */
    public CompletableFuture<Published> publish(PrivateKey key, String value, Duration lifetime, Duration ttl,
            boolean allowOffline) {
        IpnsName name = IpnsName.of(key.publicKey());
        byte[] routingKey = name.routingKey();
        return previousSequence(name).thenCompose(previous -> {
            long seq = previous.map(s -> s + 1).orElse(0L);
            IpnsRecord record = Ipns.create(key, value, seq, clock.instant().plus(lifetime), ttl);
            byte[] bytes = record.encode();
            return CompletableFuture.runAsync(() -> {
                if (datastore != null) {
                    datastore.put(publishedKey(name), bytes);
                }
            }, storage)
                    .thenCompose(v -> kad.putValue(routingKey, bytes))
                    .handle((n, err) -> {
                        if (err != null) {
                            Throwable c = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                            if (!allowOffline) {
                                throw new CompletionException(new KadException("can't publish " + name + ": "
                                        + c.getMessage() + (c.getMessage() != null && c.getMessage().contains("any peer")
                                                ? " (pass allow-offline to keep it here)" : ""), c));
                            }
                        }
                        return new Published(name, value, seq);
                    });
        });
    }

    /** The highest sequence known for {@code name}: ours from the datastore, or the DHT's best record. */
    private CompletableFuture<Optional<Long>> previousSequence(IpnsName name) {
        CompletableFuture<Optional<Long>> local = CompletableFuture.supplyAsync(() -> datastore == null
                ? Optional.<Long>empty() : datastore.get(publishedKey(name)).flatMap(this::sequenceOf), storage);
        CompletableFuture<Optional<Long>> remote = kad.getValue(name.routingKey())
                .thenApply(this::sequenceOf)
                .exceptionally(e -> Optional.empty());
        return local.thenCombine(remote, (a, b) -> a.isEmpty() ? b : b.isEmpty() ? a : Optional.of(Math.max(a.get(), b.get())));
    }

    private Optional<Long> sequenceOf(byte[] bytes) {
        try {
            return Optional.of(IpnsRecord.parse(bytes).sequence());
        } catch (InvalidRecordException e) {
            return Optional.empty();
        }
    }

    /**
     * Resolves {@code name} ({@code /ipns/<name>} or the bare name) to its value, following {@code /ipns/} values
     * up to {@link #MAX_DEPTH} hops when {@code recursive}.
     */
    public CompletableFuture<String> resolve(String name, boolean recursive) {
        IpnsName parsed;
        try {
            parsed = IpnsName.parse(name);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return resolve(parsed, recursive ? MAX_DEPTH : 1);
    }

    private CompletableFuture<String> resolve(IpnsName name, int hops) {
        return kad.getValue(name.routingKey()).thenCompose(bytes -> {
            IpnsRecord record;
            try {
                record = validator.verify(name, bytes);
            } catch (InvalidRecordException e) {
                return CompletableFuture.failedFuture(new KadException("invalid record for " + name + ": "
                        + e.getMessage(), e));
            }
            String value = record.value();
            if (value.startsWith(IpnsName.PREFIX) && hops > 1) {
                String rest = value.substring(IpnsName.PREFIX.length());
                int slash = rest.indexOf('/');
                String next = slash < 0 ? rest : rest.substring(0, slash);
                String tail = slash < 0 ? "" : rest.substring(slash);
                IpnsName nextName;
                try {
                    nextName = IpnsName.parse(next);
                } catch (IllegalArgumentException e) {
                    return CompletableFuture.completedFuture(value);
                }
                return resolve(nextName, hops - 1).thenApply(v -> v + tail);
            }
            if (value.startsWith(IpnsName.PREFIX) && hops <= 1) {
                return CompletableFuture.completedFuture(value);
            }
            return CompletableFuture.completedFuture(value);
        });
    }
}
