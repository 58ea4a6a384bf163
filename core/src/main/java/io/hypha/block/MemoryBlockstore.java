package io.hypha.block;

import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multihash;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A {@link Blockstore} in a concurrent hash map, for tests and ephemeral nodes. Operations do no I/O and
 * complete before they return. The map key is the multihash; values are private copies.
 */
public final class MemoryBlockstore implements Blockstore {
    private final ConcurrentMap<Multihash, byte[]> blocks = new ConcurrentHashMap<>();
    private volatile boolean closed;

    @Override
    public CompletableFuture<Boolean> has(Cid cid) {
        return run(() -> Blocks.isIdentity(cid) || blocks.containsKey(key(cid)));
    }

    @Override
    public CompletableFuture<Optional<Block>> get(Cid cid) {
        return run(() -> {
            if (Blocks.isIdentity(cid)) {
                return Blocks.inline(cid);
            }
            byte[] data = blocks.get(key(cid));
            return data == null ? Optional.empty() : Optional.of(new Block(cid, data));
        });
    }

    @Override
    public CompletableFuture<OptionalInt> size(Cid cid) {
        return run(() -> {
            if (Blocks.isIdentity(cid)) {
                return OptionalInt.of(cid.multihash().digest().length);
            }
            byte[] data = blocks.get(key(cid));
            return data == null ? OptionalInt.empty() : OptionalInt.of(data.length);
        });
    }

    @Override
    public CompletableFuture<Void> put(Cid cid, byte[] data) {
        return run(() -> {
            Blocks.verifyForPut(cid, data);
            if (!Blocks.isIdentity(cid)) {
                blocks.putIfAbsent(key(cid), data.clone());
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> putAll(Collection<Block> toStore) {
        return run(() -> {
            Blocks.verifyAllForPut(toStore);
            for (Block b : toStore) {
                if (!Blocks.isIdentity(b.cid())) {
                    blocks.putIfAbsent(key(b.cid()), b.data());
                }
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Boolean> delete(Cid cid) {
        return run(() -> !Blocks.isIdentity(cid) && blocks.remove(key(cid)) != null);
    }

    /** A weakly consistent view of the map's keys: nothing is copied. */
    @Override
    public Stream<Multihash> keys() {
        if (closed) {
            throw new BlockstoreClosedException();
        }
        return blocks.keySet().stream();
    }

    @Override
    public void close() {
        closed = true;
    }

    private static Multihash key(Cid cid) {
        return cid.multihash();
    }

    private <T> CompletableFuture<T> run(Supplier<T> op) {
        if (closed) {
            return CompletableFuture.failedFuture(new BlockstoreClosedException());
        }
        try {
            return CompletableFuture.completedFuture(op.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
