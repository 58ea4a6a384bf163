package io.hypha.node.store;

import io.hypha.block.Block;
import io.hypha.block.BlockTooLargeException;
import io.hypha.block.Blocks;
import io.hypha.block.Blockstore;
import io.hypha.block.BlockstoreClosedException;
import io.hypha.block.BlockstoreException;
import io.hypha.block.CorruptBlockException;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.MultiformatException;
import io.hypha.multiformats.Multihash;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A {@link Blockstore} on disk in Kubo's flatfs layout ({@code <shard>/<KEY>.data}, see {@link FlatfsLayout}),
 * so it can open the {@code blocks} directory of a Kubo repository and Kubo can open ours.
 *
 * <p>Writes are atomic: the bytes go to a temporary file in the shard directory, which is flushed to disk,
 * renamed over the final name, and the directory flushed, so a crash leaves either the whole block or none
 * (at worst a stray {@code put-*} file, which is ignored). Reads verify the hash and never serve a corrupt
 * block ({@link CorruptBlockException}). All disk work runs on the store's own bounded pool of I/O threads;
 * futures complete on those threads, so chain heavy work with the {@code *Async} methods.
 */
public final class FileBlockstore implements Blockstore {
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private final Path root;
    private final FileBlockstoreConfig config;
    private final ThreadPoolExecutor executor;
    private volatile boolean closed;

    private FileBlockstore(Path root, FileBlockstoreConfig config) {
        this.root = root;
        this.config = config;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(config.ioThreads(), config.ioThreads(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.maxPendingOperations()), r -> {
                    Thread t = new Thread(r, "hypha-blockstore-io-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** The settings this store was opened with. */
    public FileBlockstoreConfig config() {
        return config;
    }

    /** Opens (creating if needed) a store in {@code dir} with {@link FileBlockstoreConfig#DEFAULTS}. */
    public static FileBlockstore open(Path dir) throws IOException {
        return open(dir, FileBlockstoreConfig.DEFAULTS);
    }

    /**
     * Opens the store in {@code dir}, creating the directory, its {@code SHARDING} file and {@code _README}
     * when it is new or empty. Blocking: call it at start-up, not on an event loop.
     *
     * @throws IOException if {@code dir} holds files but no {@code SHARDING} file, or uses another shard function
     */
    public static FileBlockstore open(Path dir, FileBlockstoreConfig config) throws IOException {
        Files.createDirectories(dir);
        Path sharding = dir.resolve(FlatfsLayout.SHARDING_FILE);
        if (Files.exists(sharding)) {
            String function = Files.readString(sharding, StandardCharsets.UTF_8);
            if (!FlatfsLayout.isSupportedShardFunction(function)) {
                throw new IOException("flatfs store " + dir + " uses shard function '" + function.strip()
                        + "'; only " + FlatfsLayout.SHARD_FUNCTION + " is supported");
            }
        } else {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException("directory " + dir + " is not empty but has no "
                            + FlatfsLayout.SHARDING_FILE + " file, so it is not a flatfs block store");
                }
            }
            writeAtomically(dir, sharding, (FlatfsLayout.SHARD_FUNCTION + "\n").getBytes(StandardCharsets.UTF_8),
                    config.sync());
            writeAtomically(dir, dir.resolve(FlatfsLayout.README_FILE),
                    FlatfsLayout.README.getBytes(StandardCharsets.UTF_8), config.sync());
        }
        return new FileBlockstore(dir, config);
    }

    /** The directory this store lives in. */
    public Path directory() {
        return root;
    }

    @Override
    public CompletableFuture<Boolean> has(Cid cid) {
        if (Blocks.isIdentity(cid)) {
            return completed(true);
        }
        return submit(() -> Files.isRegularFile(fileOf(cid)));
    }

    @Override
    public CompletableFuture<Optional<Block>> get(Cid cid) {
        if (Blocks.isIdentity(cid)) {
            return completed(Blocks.inline(cid));
        }
        return submit(() -> read(cid));
    }

    private Optional<Block> read(Cid cid) throws IOException {
        Path file = fileOf(cid);
        byte[] data;
        try (InputStream in = Files.newInputStream(file)) {
            data = in.readNBytes(MAX_BLOCK_SIZE + 1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (data.length > MAX_BLOCK_SIZE) {
            throw new BlockTooLargeException(cid, Files.size(file));
        }
        boolean matches;
        try {
            matches = cid.multihash().verify(data);
        } catch (MultiformatException e) {
            throw new BlockstoreException("cannot verify block " + cid + ": " + e.getMessage(), e);
        }
        if (!matches) {
            throw new CorruptBlockException(cid, file.toString(), "its " + data.length + " bytes do not hash to "
                    + FlatfsLayout.key(cid.multihash()));
        }
        return Optional.of(new Block(cid, data));
    }

    @Override
    public CompletableFuture<OptionalInt> size(Cid cid) {
        if (Blocks.isIdentity(cid)) {
            return completed(OptionalInt.of(cid.multihash().digest().length));
        }
        return submit(() -> {
            try {
                long size = Files.size(fileOf(cid));
                return OptionalInt.of((int) Math.min(size, Integer.MAX_VALUE));
            } catch (NoSuchFileException e) {
                return OptionalInt.empty();
            }
        });
    }

    @Override
    public CompletableFuture<Void> put(Cid cid, byte[] data) {
        byte[] copy = data.clone();
        return submit(() -> {
            Blocks.verifyForPut(cid, copy);
            if (!Blocks.isIdentity(cid)) {
                store(cid.multihash(), copy);
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> putAll(Collection<Block> blocks) {
        List<Block> copy = List.copyOf(blocks);
        return submit(() -> {
            Blocks.verifyAllForPut(copy);
            Set<Path> dirs = new LinkedHashSet<>();
            boolean newDir = false;
            for (Block b : copy) {
                if (Blocks.isIdentity(b.cid())) {
                    continue;
                }
                String key = FlatfsLayout.key(b.cid().multihash());
                Path dir = FlatfsLayout.shardDir(root, key);
                if (isStored(dir.resolve(key + FlatfsLayout.EXTENSION), b.size())) {
                    continue;
                }
                newDir |= ensureDir(dir);
                writeAtomically(dir, FlatfsLayout.file(root, key), b.data(), false);
                dirs.add(dir);
            }
            if (config.sync()) {
                for (Path dir : dirs) {
                    syncDirectory(dir);
                }
                if (newDir) {
                    syncDirectory(root);
                }
            }
            return null;
        });
    }

    private void store(Multihash mh, byte[] data) throws IOException {
        String key = FlatfsLayout.key(mh);
        Path dir = FlatfsLayout.shardDir(root, key);
        Path file = dir.resolve(key + FlatfsLayout.EXTENSION);
        // Content addressing: a present file of the right length already holds these bytes (a damaged one
        // of another length is replaced). Reads still verify, so a same-length corruption is never served.
        if (isStored(file, data.length)) {
            return;
        }
        boolean newDir = ensureDir(dir);
        writeAtomically(dir, file, data, config.sync());
        if (newDir && config.sync()) {
            syncDirectory(root);
        }
    }

    private static boolean isStored(Path file, int length) throws IOException {
        try {
            return Files.size(file) == length;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public CompletableFuture<Boolean> delete(Cid cid) {
        if (Blocks.isIdentity(cid)) {
            return completed(false);
        }
        return submit(() -> {
            Path file = fileOf(cid);
            boolean deleted = Files.deleteIfExists(file);
            if (deleted && config.sync()) {
                syncDirectory(file.getParent());
            }
            return deleted;
        });
    }

    /**
     * Walks the shard directories lazily, one directory handle at a time; files that are not block files
     * ({@code SHARDING}, {@code _README}, temporary {@code put-*} files, names that do not decode to a
     * multihash) are skipped. Blocking: consume it on a worker thread and close it.
     *
     * @throws UncheckedIOException from the stream's operations when a directory cannot be read
     */
    @Override
    public Stream<Multihash> keys() {
        if (closed) {
            throw new BlockstoreClosedException();
        }
        return FlatfsKeys.stream(root);
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdown();
    }

    private Path fileOf(Cid cid) {
        return FlatfsLayout.file(root, FlatfsLayout.key(cid.multihash()));
    }

    /** Creates {@code dir} if absent; returns whether it was created (so its parent needs a flush). */
    private static boolean ensureDir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return false;
        }
        try {
            Files.createDirectory(dir);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        }
    }

    /** Temp file in {@code dir}, write, flush file, atomic rename, flush directory (when {@code sync}). */
    private static void writeAtomically(Path dir, Path target, byte[] data, boolean sync) throws IOException {
        Path tmp = Files.createTempFile(dir, FlatfsLayout.TEMP_PREFIX, "");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (sync) {
                    ch.force(true);
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (sync) {
            syncDirectory(dir);
        }
    }

    /** Makes a directory's entries durable; Windows cannot open a directory for this and does not need to. */
    private static void syncDirectory(Path dir) throws IOException {
        if (WINDOWS) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @FunctionalInterface
    private interface IoTask<T> {
        T run() throws IOException;
    }

    private <T> CompletableFuture<T> submit(IoTask<T> task) {
        if (closed) {
            return CompletableFuture.failedFuture(new BlockstoreClosedException());
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(task.run());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(closed || executor.isShutdown()
                    ? new BlockstoreClosedException()
                    : new BlockstoreException("blockstore overloaded: " + config.maxPendingOperations()
                            + " operations already pending", e));
        }
        return result;
    }

    /** An answer known without disk work (identity CIDs), still refused once closed. */
    private <T> CompletableFuture<T> completed(T value) {
        return closed ? CompletableFuture.failedFuture(new BlockstoreClosedException())
                : CompletableFuture.completedFuture(value);
    }
}
