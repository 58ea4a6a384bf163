package io.hypha.node.repo;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The repository's small-record store (pins, and later the DHT's and IPNS's records): byte-string keys
 * to byte-string values, ordered by key as unsigned bytes, as go-datastore's batching datastore is used
 * by Kubo. Every write is durable when it returns (the commit is flushed to disk), and a crash leaves
 * the store at the last completed write: a {@link #write batch} is applied whole or not at all.
 *
 * <p>All methods are blocking disk operations: call them on a worker thread, never on an event loop.
 * Implementations are safe for concurrent use.
 */
public interface Datastore extends AutoCloseable {
    /** Largest key accepted: keys are short paths such as {@code /pins/recursive/<cid>}. */
    int MAX_KEY_BYTES = 1024;
    /** Largest value accepted: this store is for metadata; blocks live in the blockstore. */
    int MAX_VALUE_BYTES = 1024 * 1024;

    /** The value under {@code key}, empty if there is none. */
    Optional<byte[]> get(byte[] key);

    /** Whether a value is stored under {@code key}. */
    default boolean has(byte[] key) {
        return get(key).isPresent();
    }

    /** Stores {@code value} under {@code key}, replacing any value there, durably. */
    void put(byte[] key, byte[] value);

    /** Removes {@code key} durably; returns whether it was present. */
    boolean delete(byte[] key);

    /**
     * The entries whose keys start with {@code prefix}, in key order. The stream reads a snapshot taken
     * when it is created (writes made while it is consumed are not seen); close it.
     */
    Stream<Entry> scan(byte[] prefix);

    /** Applies every mutation of {@code batch} atomically and durably: after a crash, all or none are there. */
    void write(List<Mutation> batch);

    /** Flushes and closes the store; later calls fail with {@link DatastoreException}. Idempotent. */
    @Override
    void close();

    /** One stored key and its value (arrays copied in and out). */
    record Entry(byte[] key, byte[] value) {
        public Entry {
            key = key.clone();
            value = value.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && Arrays.equals(key, e.key) && Arrays.equals(value, e.value);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Entry[" + key.length + "-byte key, " + value.length + "-byte value]";
        }
    }

    /** One change in a {@link #write batch}. */
    sealed interface Mutation {
        /** The key changed. */
        byte[] key();

        /** Sets {@code key} to {@code value}. */
        static Mutation put(byte[] key, byte[] value) {
            return new Put(key, value);
        }

        /** Removes {@code key}. */
        static Mutation delete(byte[] key) {
            return new Delete(key);
        }
    }

    /** Sets a key. */
    record Put(byte[] key, byte[] value) implements Mutation {
        public Put {
            key = checkKey(key).clone();
            value = checkValue(value).clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Put p && Arrays.equals(key, p.key) && Arrays.equals(value, p.value);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Put[" + key.length + "-byte key, " + value.length + "-byte value]";
        }
    }

    /** Removes a key. */
    record Delete(byte[] key) implements Mutation {
        public Delete {
            key = checkKey(key).clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Delete d && Arrays.equals(key, d.key);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(key);
        }

        @Override
        public String toString() {
            return "Delete[" + key.length + "-byte key]";
        }
    }

    /** Throws {@link IllegalArgumentException} unless {@code key} is non-empty and at most {@link #MAX_KEY_BYTES}. */
    static byte[] checkKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0 || key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("datastore key must be 1 to " + MAX_KEY_BYTES + " bytes, got " + key.length);
        }
        return key;
    }

    /** Throws {@link IllegalArgumentException} if {@code value} is over {@link #MAX_VALUE_BYTES}. */
    static byte[] checkValue(byte[] value) {
        Objects.requireNonNull(value, "value");
        if (value.length > MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("datastore value must be at most " + MAX_VALUE_BYTES + " bytes, got "
                    + value.length);
        }
        return value;
    }
}
