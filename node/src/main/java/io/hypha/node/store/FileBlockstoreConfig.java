package io.hypha.node.store;

/**
 * Settings of a {@link FileBlockstore}.
 *
 * @param ioThreads threads doing disk work (default {@value #DEFAULT_IO_THREADS}); disk parallelism, not CPU count
 * @param maxPendingOperations operations queued for those threads before new ones fail fast with a
 *     {@link BlockstoreException} (default {@value #DEFAULT_MAX_PENDING_OPERATIONS})
 * @param sync whether writes are made durable (fsync of the file and of its directory) before a put or delete
 *     completes, as Kubo's {@code Datastore.Spec} {@code sync: true} (default {@code true}); turn off only for
 *     throw-away stores
 */
public record FileBlockstoreConfig(int ioThreads, int maxPendingOperations, boolean sync) {
    public static final int DEFAULT_IO_THREADS = 16;
    public static final int DEFAULT_MAX_PENDING_OPERATIONS = 4096;
    public static final FileBlockstoreConfig DEFAULTS =
            new FileBlockstoreConfig(DEFAULT_IO_THREADS, DEFAULT_MAX_PENDING_OPERATIONS, true);

    public FileBlockstoreConfig {
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1, got " + ioThreads);
        }
        if (maxPendingOperations < 1) {
            throw new IllegalArgumentException("maxPendingOperations must be at least 1, got " + maxPendingOperations);
        }
    }
}
