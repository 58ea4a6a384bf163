package io.hypha.node.repo.bench;

import io.hypha.node.repo.Datastore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/** LMDB (lmdbjava) behind {@link Datastore}, for {@code DatastoreBenchmark} only: each commit is fsynced (LMDB's default). */
public final class LmdbDatastore implements Datastore {
    /** LMDB maps its whole file: the size is fixed up front. */
    private static final long MAP_SIZE = 1L << 30;

    private final Env<ByteBuffer> env;
    private final Dbi<ByteBuffer> dbi;

    private LmdbDatastore(Env<ByteBuffer> env) {
        this.env = env;
        this.dbi = env.openDbi("data", DbiFlags.MDB_CREATE);
    }

    public static LmdbDatastore open(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new LmdbDatastore(Env.create().setMapSize(MAP_SIZE).setMaxDbs(1).open(dir.toFile()));
    }

    private static ByteBuffer direct(byte[] bytes) {
        ByteBuffer b = ByteBuffer.allocateDirect(Math.max(1, bytes.length));
        b.put(bytes).flip();
        return b;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            ByteBuffer v = dbi.get(txn, direct(key));
            return Optional.ofNullable(v).map(LmdbDatastore::bytes);
        }
    }

    @Override
    public void put(byte[] key, byte[] value) {
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
            dbi.put(txn, direct(key), direct(value));
            txn.commit();
        }
    }

    @Override
    public boolean delete(byte[] key) {
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
            boolean present = dbi.delete(txn, direct(key));
            txn.commit();
            return present;
        }
    }

    @Override
    public Stream<Entry> scan(byte[] prefix) {
        List<Entry> out = new ArrayList<>();
        try (Txn<ByteBuffer> txn = env.txnRead(); Cursor<ByteBuffer> c = dbi.openCursor(txn)) {
            boolean ok = prefix.length == 0 ? c.first() : c.get(direct(prefix), org.lmdbjava.GetOp.MDB_SET_RANGE);
            while (ok) {
                byte[] key = bytes(c.key());
                if (key.length < prefix.length || !java.util.Arrays.equals(key, 0, prefix.length, prefix, 0,
                        prefix.length)) {
                    break;
                }
                out.add(new Entry(key, bytes(c.val())));
                ok = c.next();
            }
        }
        return out.stream();
    }

    @Override
    public void write(List<Mutation> batch) {
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
            for (Mutation m : batch) {
                switch (m) {
                    case Put p -> dbi.put(txn, direct(p.key()), direct(p.value()));
                    case Delete d -> dbi.delete(txn, direct(d.key()));
                }
            }
            txn.commit();
        }
    }

    @Override
    public void close() {
        env.close();
    }
}
