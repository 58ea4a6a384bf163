package io.hypha.node.repo.bench;

import io.hypha.node.repo.Datastore;
import io.hypha.node.repo.DatastoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/** RocksDB JNI behind {@link Datastore}, for {@code DatastoreBenchmark} only: every write synced (WAL fsync). */
public final class RocksDbDatastore implements Datastore {
    private final Options options;
    private final WriteOptions sync;
    private final RocksDB db;

    private RocksDbDatastore(Options options, RocksDB db) {
        this.options = options;
        this.db = db;
        this.sync = new WriteOptions().setSync(true);
    }

    public static RocksDbDatastore open(Path dir) throws IOException {
        RocksDB.loadLibrary();
        Files.createDirectories(dir);
        Options options = new Options().setCreateIfMissing(true);
        try {
            return new RocksDbDatastore(options, RocksDB.open(options, dir.toString()));
        } catch (RocksDBException e) {
            options.close();
            throw new IOException(e);
        }
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        try {
            return Optional.ofNullable(db.get(key));
        } catch (RocksDBException e) {
            throw new DatastoreException(e.getMessage(), e);
        }
    }

    @Override
    public void put(byte[] key, byte[] value) {
        try {
            db.put(sync, key, value);
        } catch (RocksDBException e) {
            throw new DatastoreException(e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(byte[] key) {
        try {
            boolean present = db.get(key) != null;
            db.delete(sync, key);
            return present;
        } catch (RocksDBException e) {
            throw new DatastoreException(e.getMessage(), e);
        }
    }

    @Override
    public Stream<Entry> scan(byte[] prefix) {
        Snapshot snapshot = db.getSnapshot();
        List<Entry> out = new ArrayList<>();
        try (ReadOptions ro = new ReadOptions().setSnapshot(snapshot); RocksIterator it = db.newIterator(ro)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key.length < prefix.length || !java.util.Arrays.equals(key, 0, prefix.length, prefix, 0,
                        prefix.length)) {
                    break;
                }
                out.add(new Entry(key, it.value()));
            }
        } finally {
            db.releaseSnapshot(snapshot);
        }
        return out.stream();
    }

    @Override
    public void write(List<Mutation> batch) {
        try (WriteBatch wb = new WriteBatch()) {
            for (Mutation m : batch) {
                switch (m) {
                    case Put p -> wb.put(p.key(), p.value());
                    case Delete d -> wb.delete(d.key());
                }
            }
            db.write(sync, wb);
        } catch (RocksDBException e) {
            throw new DatastoreException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        db.close();
        sync.close();
        options.close();
    }
}
