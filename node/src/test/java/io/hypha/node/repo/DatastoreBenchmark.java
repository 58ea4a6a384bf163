package io.hypha.node.repo;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Measures the datastore candidates on the node's workload: keys like {@code /pins/recursive/<cid>}
 * (about 75 bytes), values of 40 to 100 bytes; durable single puts and deletes (one fsync'd commit
 * each, as pin add/rm do), durable batches, random gets and prefix scans; plus re-open time, file size
 * and jar size. Not a unit test: run it by hand.
 *
 * <pre>
 * ./mvnw -q -B -pl node -am -Pdatastore-bench test-compile -DskipTests
 * java -cp "node/target/test-classes:node/target/classes:$(cat cp.txt)" io.hypha.node.repo.DatastoreBenchmark [mvstore rocksdb lmdb]
 * </pre>
 * (the RocksDB and LMDB adapters compile only with {@code -Pdatastore-bench}; LMDB on JDK 22+ needs
 * {@code --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED}).
 */
public final class DatastoreBenchmark {
    static final int SINGLE_OPS = 2_000;
    static final int BATCHES = 100;
    static final int BATCH_SIZE = 1_000;
    static final int GETS = 200_000;
    static final int SCANS = 5;
    static final int ROUNDS = 2;

    private DatastoreBenchmark() {}

    @FunctionalInterface
    interface Opener {
        Datastore open(Path dir) throws IOException;
    }

    public static void main(String[] args) throws Exception {
        List<String> names = args.length == 0 ? List.of("mvstore", "rocksdb", "lmdb") : List.of(args);
        System.out.printf("%-8s %12s %12s %12s %12s %12s %12s %10s %10s %10s%n", "store", "put us/op", "del us/op",
                "batch op/s", "get op/s", "scan ent/s", "reopen ms", "disk KiB", "jar KiB", "round");
        for (String name : names) {
            Opener opener;
            Class<?> type;
            try {
                type = switch (name) {
                    case "mvstore" -> MvStoreDatastore.class;
                    case "rocksdb" -> Class.forName("io.hypha.node.repo.bench.RocksDbDatastore");
                    case "lmdb" -> Class.forName("io.hypha.node.repo.bench.LmdbDatastore");
                    default -> throw new IllegalArgumentException("unknown store " + name);
                };
            } catch (ClassNotFoundException e) {
                System.out.println(name + ": not compiled (build with -Pdatastore-bench)");
                continue;
            }
            var open = type.getMethod("open", Path.class);
            opener = dir -> {
                try {
                    return (Datastore) open.invoke(null, dir);
                } catch (InvocationTargetException e) {
                    throw new IOException(e.getCause());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            };
            for (int round = 1; round <= ROUNDS; round++) {
                run(name, opener, jarKiB(name, type), round);
            }
        }
    }

    private static long jarKiB(String name, Class<?> adapter) throws URISyntaxException, IOException {
        Class<?> library = switch (name) {
            case "mvstore" -> org.h2.mvstore.MVStore.class;
            default -> {
                try {
                    yield Class.forName(name.equals("rocksdb") ? "org.rocksdb.RocksDB" : "org.lmdbjava.Env");
                } catch (ClassNotFoundException e) {
                    yield adapter;
                }
            }
        };
        Path jar = Path.of(library.getProtectionDomain().getCodeSource().getLocation().toURI());
        return Files.isRegularFile(jar) ? Files.size(jar) / 1024 : -1;
    }

    private static void run(String name, Opener opener, long jarKiB, int round) throws IOException {
        Path dir = Files.createTempDirectory("hypha-ds-bench-" + name);
        SplittableRandom random = new SplittableRandom(round);
        try {
            double putUs;
            double delUs;
            double batchRate;
            double getRate;
            double scanRate;
            try (Datastore ds = opener.open(dir.resolve("db"))) {
                long t0 = System.nanoTime();
                for (int i = 0; i < SINGLE_OPS; i++) {
                    ds.put(key("/pins/recursive/", i), value(random));
                }
                putUs = (System.nanoTime() - t0) / 1e3 / SINGLE_OPS;

                t0 = System.nanoTime();
                for (int b = 0; b < BATCHES; b++) {
                    List<Datastore.Mutation> batch = new ArrayList<>(BATCH_SIZE);
                    for (int i = 0; i < BATCH_SIZE; i++) {
                        batch.add(Datastore.Mutation.put(key("/pins/direct/", b * BATCH_SIZE + i), value(random)));
                    }
                    ds.write(batch);
                }
                batchRate = (double) BATCHES * BATCH_SIZE / ((System.nanoTime() - t0) / 1e9);

                t0 = System.nanoTime();
                long found = 0;
                for (int i = 0; i < GETS; i++) {
                    found += ds.get(key("/pins/direct/", random.nextInt(BATCHES * BATCH_SIZE))).isPresent() ? 1 : 0;
                }
                getRate = GETS / ((System.nanoTime() - t0) / 1e9);
                check(found == GETS, "gets found " + found);

                t0 = System.nanoTime();
                long scanned = 0;
                for (int i = 0; i < SCANS; i++) {
                    try (Stream<Datastore.Entry> s = ds.scan("/pins/direct/".getBytes(StandardCharsets.UTF_8))) {
                        scanned += s.count();
                    }
                }
                scanRate = scanned / ((System.nanoTime() - t0) / 1e9);
                check(scanned == (long) SCANS * BATCHES * BATCH_SIZE, "scanned " + scanned);

                t0 = System.nanoTime();
                for (int i = 0; i < SINGLE_OPS; i++) {
                    check(ds.delete(key("/pins/recursive/", i)), "delete " + i);
                }
                delUs = (System.nanoTime() - t0) / 1e3 / SINGLE_OPS;
            }
            long t0 = System.nanoTime();
            try (Datastore ds = opener.open(dir.resolve("db"))) {
                check(ds.get(key("/pins/direct/", 7)).isPresent(), "reopened store lost data");
            }
            double reopenMs = (System.nanoTime() - t0) / 1e6;
            System.out.printf(Locale.ROOT, "%-8s %12.1f %12.1f %12.0f %12.0f %12.0f %12.1f %10d %10d %10d%n", name,
                    putUs, delUs, batchRate, getRate, scanRate, reopenMs, diskKiB(dir), jarKiB, round);
        } finally {
            deleteTree(dir);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark self-check failed: " + what);
        }
    }

    private static byte[] key(String prefix, int i) {
        // a base32 CIDv1's length (59 characters), distinct per i
        String id = String.format(Locale.ROOT, "bafybeig%051d", i);
        return (prefix + id).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] value(SplittableRandom random) {
        byte[] v = new byte[40 + random.nextInt(61)];
        random.nextBytes(v);
        return v;
    }

    private static long diskKiB(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum() / 1024;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
