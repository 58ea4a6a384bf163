package io.hypha.bench;

import io.hypha.host.Host;
import io.hypha.host.HostEvent;
import io.hypha.interop.JsHelia;
import io.hypha.interop.Kubo;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.dag.DagStat;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import io.hypha.node.repo.RoutingConfig;
import io.hypha.node.unixfs.ImportListener;
import io.hypha.node.unixfs.ImportOptions;
import io.hypha.node.unixfs.Profile;
import io.hypha.node.unixfs.TreeImport;
import io.hypha.peer.PeerId;
import io.hypha.protocol.bitswap.Bitswap;
import io.hypha.protocol.bitswap.BitswapStats;
import io.hypha.protocol.perf.Perf;
import io.hypha.protocol.perf.PerfResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Bitswap benchmark, all on loopback TCP (Noise, yamux), in one run:
 * <ol>
 *   <li>a large UnixFS file (Kubo's default profile, unixfs-v0-2015; 1 GiB by default) fetched whole by a fresh node
 *       (empty store) from a node that holds it, for the four pairs Hypha/Helia fetching from Hypha/Helia and the
 *       three Hypha/Kubo pairs (Hypha ← Kubo, Kubo ← Hypha, Kubo ← Kubo): MB/s of file bytes and the ratio to Helia
 *       fetching from Helia. Hypha reads it with {@code content().cat} into a sha256 digest, Helia with its
 *       {@code cat}, Kubo with {@code ipfs cat}; every run's sha256 is checked;</li>
 *   <li>a directory of many small files (10,000 files of 1 KiB by default, unixfs-v0-2015, so one dag-pb block per
 *       file under a HAMT-sharded directory) fetched whole, the same four pairs: Hypha pins it recursively
 *       ({@code content().pinAdd}), Helia pins it ({@code helia.pins.add}); blocks/s and MB/s of block bytes;</li>
 *   <li>the large file fetched by a fresh Hypha node from four Hypha providers at once, with how many blocks each
 *       provider sent (its Bitswap ledger of the fetcher) and how many arrived twice;</li>
 *   <li>beside them, the perf protocol downloading the same bytes between two Hypha nodes: the wire's ceiling.</li>
 * </ol>
 * Hypha nodes keep their blocks in real flatfs repos under a temporary directory, deleted at the end; Helia nodes
 * (js, {@link JsHelia}) keep theirs in memory; Kubo daemons ({@link Kubo}) in their own flatfs repos there. Every pair with a Hypha node runs once unmeasured (the JIT compiles
 * Hypha's hot paths) and then a given number of measured runs, each with a new fetcher. Prints figures and a Markdown
 * summary; asserts nothing but the data's integrity.
 * Run: {@code ./mvnw -B -q -Pbench-bitswap -pl interop-tests -am verify -DskipTests} (arguments:
 * {@code -Dbench.bitswap.args="<file MiB> <small files> <small file bytes> <measured runs> [parts]"}, default
 * {@code 1024 10000 1024 2 file,providers,dir}; {@code 64 1000 1024 2} is a quick look). A run that fails or outlasts
 * its timeout is reported and ends its pair; the others still run.
 */
public final class BitswapBenchmark {
    private BitswapBenchmark() {}

    private static final long MIB = 1024 * 1024;
    /**
     * Whether the Hypha repos flush each block to disk (Kubo's default, flatfs {@code sync: true}; the property
     * {@code bench.bitswap.sync=false} turns it off). Helia's stores here are in memory: with sync on, a Hypha fetcher
     * runs at the disk's synchronous-write rate, not the protocol's.
     */
    private static final boolean SYNC = !"false".equals(System.getProperty("bench.bitswap.sync"));
    /** Unmeasured runs per pair before the measured ones. */
    private static final int WARM_UP_RUNS = 1;
    /** Providers in the many-providers part. */
    private static final int PROVIDERS = 4;
    private static final long FILE_SEED = 20_260_001;
    /** Small file i is the data of seed SMALL_SEED + i. */
    private static final long SMALL_SEED = 30_000_000;
    private static final Profile PROFILE = Profile.UNIXFS_V0_2015;
    /** Long enough for a gibibyte at a few MB/s: a slower run is a finding, a hang is stopped. */
    private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(15);
    /** A small-files fetch: Helia ← Helia needs about five minutes for 10,000 files here. */
    private static final Duration DIR_TIMEOUT = Duration.ofMinutes(8);
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /** A Hypha node on its own flatfs repo. */
    record HyphaNode(Path dir, Repo repo, Node node) implements AutoCloseable {
        static HyphaNode start(Path dir) throws Exception {
            Repo repo = Repo.init(dir, Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
            if (!SYNC) {
                // Datastore.Spec's flatfs "sync": false, as a user sets it in the config
                repo.close();
                Path config = dir.resolve(Repo.CONFIG_FILE);
                java.nio.file.Files.writeString(config, java.nio.file.Files.readString(config)
                        .replaceFirst("\"sync\"\\s*:\\s*true", "\"sync\" : false"));
                repo = Repo.open(dir);
                if (repo.config().datastore().flatfsSync()) {
                    throw new IllegalStateException("the repo still syncs");
                }
            }
            Node node = Node.builder().repo(repo).routing(RoutingConfig.Type.NONE).enablePerf(true).start()
                    .get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new HyphaNode(dir, repo, node);
        }

        Multiaddr address() {
            return node.host().listenAddresses().get(0).withPeerId(node.peerId());
        }

        Bitswap bitswap() {
            return node.bitswap().orElseThrow();
        }

        /** Connects to every address and waits until identify has told this node what each peer speaks. */
        void connectAll(List<Multiaddr> addresses) throws Exception {
            Map<PeerId, CompletableFuture<Void>> identified = new LinkedHashMap<>();
            for (Multiaddr a : addresses) {
                identified.put(a.peerId().orElseThrow(), new CompletableFuture<>());
            }
            Host.Subscription sub = node.host().subscribe(HostEvent.PeerIdentified.class, e -> {
                CompletableFuture<Void> f = identified.get(e.peer());
                if (f != null) {
                    f.complete(null);
                }
            });
            try {
                for (Multiaddr a : addresses) {
                    node.host().connect(a).get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
                CompletableFuture.allOf(identified.values().toArray(CompletableFuture[]::new))
                        .get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } finally {
                sub.cancel();
            }
        }

        /** Stops the node and deletes its repo. */
        @Override
        public void close() throws IOException {
            node.close();
            repo.close();
            deleteTree(dir);
        }
    }

    /** One run: seconds, what the fetcher's Bitswap counted (Hypha fetchers only, else -1), and a remark. */
    record Sample(double seconds, long blocksReceived, long dupBlocks, String note) {}

    /** A pair's measured runs, and the bytes and blocks each moved. */
    record Row(String part, String pair, long bytes, long blocks, List<Sample> samples) {
        double meanSeconds() {
            return samples.stream().mapToDouble(Sample::seconds).average().orElse(Double.NaN);
        }

        double mbPerSecond() {
            return bytes / 1e6 / meanSeconds();
        }

        double blocksPerSecond() {
            return blocks / meanSeconds();
        }

        String runs() {
            return samples.stream().map(s -> mb(bytes / 1e6 / s.seconds())).toList().toString();
        }
    }

    /** MB/s with two decimals when small, so slow paths still show a figure. */
    static String mb(double v) {
        return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.0f", v);
    }

    interface Run {
        Sample run() throws Exception;
    }

    private static int nextDir;

    public static void main(String[] args) throws Exception {
        long fileMib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        int smallFiles = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int smallBytes = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        // which parts run, in this order: file (the four pairs), providers (four Hypha providers), dir (small files)
        List<String> parts = List.of((args.length > 4 ? args[4] : "file,providers,dir").split(","));
        long fileBytes = fileMib * MIB;
        System.out.printf(Locale.ROOT, "Hypha Bitswap benchmark: a %d MiB file, %d files of %d B in one directory"
                + " (both %s), loopback TCP + Noise + yamux; each pair %d unmeasured run, then the mean of %d measured"
                + " runs, each by a fresh fetcher with an empty store%n", fileMib, smallFiles, smallBytes, PROFILE.id(),
                WARM_UP_RUNS, runs);
        System.out.println("machine: " + machine() + "; Java " + Runtime.version() + ", max heap "
                + Runtime.getRuntime().maxMemory() / MIB + " MiB; Hypha: flatfs repos; Helia: Node 22.23.3, helia"
                + " 7.1.15, @helia/bitswap 4.0.19, @helia/unixfs 8.0.5, memory blockstore; Kubo " + Kubo.VERSION
                + " (flatfs, its default sync)");

        Path tmp = Files.createTempDirectory("hypha-bitswap-bench");
        List<Row> rows = new ArrayList<>();
        double perfMbs;
        try (HyphaNode holder = HyphaNode.start(tmp.resolve("holder"));
                JsHelia heliaHolder = JsHelia.start();
                Kubo kuboHolder = Kubo.start(tmp.resolve("kubo-holder"))) {
            // the large file, on both holders: same bytes, same profile, so the same CID
            long t0 = System.nanoTime();
            JsHelia.Added heliaFile = heliaHolder.add(FILE_SEED, fileBytes, PROFILE);
            System.out.printf(Locale.ROOT, "Helia added the file in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9,
                    heliaFile.cid());
            Cid file = addFile(holder, fileBytes);
            String sha256 = heliaFile.sha256();
            if (!file.equals(heliaFile.cid())) {
                System.out.println("WARNING: Hypha and Helia made different CIDs for the same file: " + file + " vs "
                        + heliaFile.cid());
            }
            t0 = System.nanoTime();
            Cid kuboFile = kuboHolder.add(JsHelia.stream(FILE_SEED, fileBytes));
            System.out.printf(Locale.ROOT, "Kubo added the file in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9,
                    kuboFile);
            if (!file.equals(kuboFile)) {
                System.out.println("WARNING: Hypha and Kubo made different CIDs for the same file: " + file + " vs "
                        + kuboFile);
            }
            Multiaddr kuboAddress = kuboHolder.swarmAddress().withPeerId(kuboHolder.peerId());
            DagStat fileDag = holder.node.content().dagStat(List.of(file)).get(SETUP_TIMEOUT.toSeconds(),
                    TimeUnit.SECONDS);
            System.out.printf(Locale.ROOT, "file DAG: %d blocks, %d bytes of blocks%n", fileDag.uniqueBlocks(),
                    fileDag.totalSize());

            // the directory of small files
            List<JsHelia.DirFile> files = new ArrayList<>();
            for (int i = 0; i < smallFiles; i++) {
                files.add(new JsHelia.DirFile(String.format(Locale.ROOT, "f%06d", i), smallBytes, SMALL_SEED + i));
            }
            t0 = System.nanoTime();
            Cid heliaDir = heliaHolder.addDir(files, PROFILE);
            System.out.printf(Locale.ROOT, "Helia added the directory in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9,
                    heliaDir);
            Cid dir = addDir(holder, files);
            if (!dir.equals(heliaDir)) {
                System.out.println("WARNING: Hypha and Helia made different CIDs for the same directory: " + dir
                        + " vs " + heliaDir);
            }
            DagStat dirDag = holder.node.content().dagStat(List.of(dir)).get(SETUP_TIMEOUT.toSeconds(),
                    TimeUnit.SECONDS);
            System.out.printf(Locale.ROOT, "directory DAG: %d blocks, %d bytes of blocks%n", dirDag.uniqueBlocks(),
                    dirDag.totalSize());

            // the wire's ceiling: perf between two Hypha nodes, the same bytes as the file
            perfMbs = perf(tmp, holder, fileBytes, runs);

            String fileName = fileMib + " MiB file";
            Map<String, Run> filePairs = new LinkedHashMap<>();
            filePairs.put("Hypha ← Hypha", () -> hyphaCat(tmp, List.of(holder.address()), file, fileBytes, sha256,
                    List.of()));
            filePairs.put("Hypha ← Helia", () -> hyphaCat(tmp, heliaHolder.addresses().subList(0, 1), file, fileBytes,
                    sha256, List.of()));
            filePairs.put("Helia ← Hypha", () -> heliaCat(holder.address(), heliaFile.cid(), fileBytes, sha256));
            filePairs.put("Helia ← Helia", () -> heliaCat(heliaHolder.addresses().get(0), heliaFile.cid(), fileBytes,
                    sha256));
            filePairs.put("Hypha ← Kubo", () -> hyphaCat(tmp, List.of(kuboAddress), kuboFile, fileBytes, sha256,
                    List.of()));
            filePairs.put("Kubo ← Hypha", () -> kuboCat(tmp, holder.address(), file, fileBytes, sha256));
            filePairs.put("Kubo ← Kubo", () -> kuboCat(tmp, kuboAddress, kuboFile, fileBytes, sha256));
            if (parts.contains("file")) {
                for (var e : filePairs.entrySet()) {
                    rows.add(measure(fileName, e.getKey(), fileBytes, fileDag.uniqueBlocks(), runs, FETCH_TIMEOUT,
                            e.getValue()));
                }
                summary(rows, perfMbs, fileMib);
            }

            String dirName = smallFiles + " × " + smallBytes + " B files";
            Map<String, Run> dirPairs = new LinkedHashMap<>();
            dirPairs.put("Hypha ← Hypha", () -> hyphaPin(tmp, holder.address(), dir, dirDag.uniqueBlocks()));
            dirPairs.put("Hypha ← Helia", () -> hyphaPin(tmp, heliaHolder.addresses().get(0), heliaDir,
                    dirDag.uniqueBlocks()));
            dirPairs.put("Helia ← Hypha", () -> heliaPin(holder.address(), dir, dirDag.uniqueBlocks()));
            dirPairs.put("Helia ← Helia", () -> heliaPin(heliaHolder.addresses().get(0), heliaDir,
                    dirDag.uniqueBlocks()));

            // many providers: the holder and three more Hypha nodes, each importing the file itself
            List<HyphaNode> providers = new ArrayList<>();
            providers.add(holder);
            try {
                for (int i = 1; i < PROVIDERS && parts.contains("providers"); i++) {
                    HyphaNode p = HyphaNode.start(tmp.resolve("provider-" + i));
                    providers.add(p);
                    addFile(p, fileBytes);
                }
                List<Multiaddr> addrs = providers.stream().map(HyphaNode::address).toList();
                if (parts.contains("providers")) {
                    rows.add(measure(fileName + ", " + PROVIDERS + " providers", "Hypha ← " + PROVIDERS + " × Hypha",
                            fileBytes, fileDag.uniqueBlocks(), runs, FETCH_TIMEOUT,
                            () -> hyphaCat(tmp, addrs, file, fileBytes, sha256, providers)));
                    summary(rows, perfMbs, fileMib);
                }
            } finally {
                for (HyphaNode p : providers.subList(1, providers.size())) {
                    p.close();
                }
            }
            if (parts.contains("dir")) {
                for (var e : dirPairs.entrySet()) {
                    rows.add(measure(dirName, e.getKey(), dirDag.totalSize(), dirDag.uniqueBlocks(), runs,
                            DIR_TIMEOUT, e.getValue()));
                }
                summary(rows, perfMbs, fileMib);
            }
        } finally {
            deleteTree(tmp);
        }
        System.exit(0); // a stuck fetcher's event loops would keep the JVM alive
    }

    private static Path freshDir(Path tmp) {
        return tmp.resolve("fetcher-" + nextDir++);
    }

    private static Cid addFile(HyphaNode node, long bytes) throws Exception {
        long t0 = System.nanoTime();
        Cid root = node.node.content().add("file", JsHelia.stream(FILE_SEED, bytes),
                new Content.AddOptions(ImportOptions.profile(PROFILE), true), ImportListener.NONE)
                .get(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).root();
        System.out.printf(Locale.ROOT, "Hypha %s added the file in %.1f s: %s%n", node.dir.getFileName(),
                (System.nanoTime() - t0) / 1e9, root);
        return root;
    }

    /** The files wrapped in one directory, as Helia's {@code addAll} with {@code wrapWithDirectory} makes it. */
    private static Cid addDir(HyphaNode node, List<JsHelia.DirFile> files) throws Exception {
        long t0 = System.nanoTime();
        Cid root = node.node.content().addAll(new Content.AddOptions(ImportOptions.profile(PROFILE), true),
                ImportListener.NONE, importer -> {
                    TreeImport tree = importer.tree("");
                    for (JsHelia.DirFile f : files) {
                        tree.file(f.path(), JsHelia.stream(f.seed(), f.size()));
                    }
                    return List.of(tree.finish());
                }).get(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(0).root();
        System.out.printf(Locale.ROOT, "Hypha added the directory in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9,
                root);
        return root;
    }

    /**
     * One unmeasured run when a JVM takes part (Helia ← Helia has none: each Helia fetcher is a new process, so a
     * run before cannot warm it, and the Helia holder has already served the Hypha ← Helia runs), then the measured
     * runs.
     */
    private static Row measure(String part, String pair, long bytes, long blocks, int runs, Duration timeout,
            Run run) {
        System.out.printf("%s, %s:", part, pair);
        System.out.flush();
        int warmUps = pair.contains("Hypha") ? WARM_UP_RUNS : 0;
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < warmUps + runs; i++) {
            if (i == warmUps) {
                System.out.print(" measured");
            }
            long t0 = System.nanoTime();
            Sample s;
            try {
                CompletableFuture<Sample> f = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> {
                    try {
                        f.complete(run.run());
                    } catch (Exception | Error e) {
                        f.completeExceptionally(e);
                    }
                });
                s = f.get(timeout.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                // a failed or stuck run ends the pair (its fetcher is left behind if stuck): the rest still runs
                System.out.printf(Locale.ROOT, " FAILED after %.0f s: %s%n", (System.nanoTime() - t0) / 1e9,
                        e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e);
                return new Row(part, pair + " (FAILED)", bytes, blocks, samples);
            }
            System.out.printf(Locale.ROOT, " %s%s MB/s%s", i < warmUps ? "warm-up " : "",
                    mb(bytes / 1e6 / s.seconds()), counters(s));
            System.out.flush();
            if (i >= warmUps) {
                samples.add(s);
            }
        }
        System.out.println();
        return new Row(part, pair, bytes, blocks, samples);
    }

    private static String counters(Sample s) {
        return (s.blocksReceived() < 0 ? "" : " (" + s.blocksReceived() + " blocks received, " + s.dupBlocks()
                + " duplicates)") + s.note();
    }

    /**
     * A fresh Hypha node connects to {@code holders}, reads the file into a sha256 digest and checks it; with
     * {@code providers} given, prints how many blocks each of them sent this fetcher.
     */
    private static Sample hyphaCat(Path tmp, List<Multiaddr> holders, Cid file, long size, String sha256,
            List<HyphaNode> providers) throws Exception {
        try (HyphaNode fetcher = HyphaNode.start(freshDir(tmp))) {
            fetcher.connectAll(holders);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long t0 = System.nanoTime();
            long n;
            try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
                n = fetcher.node.content().cat(file, 0, -1, out).get(FETCH_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            check(file, size, sha256, n, HexFormat.of().formatHex(sha.digest()));
            BitswapStats stats = fetcher.bitswap().stats();
            String note = "";
            if (!providers.isEmpty()) {
                List<String> sent = new ArrayList<>();
                for (HyphaNode p : providers) {
                    sent.add(p.dir.getFileName() + " " + p.bitswap().ledger(fetcher.node.peerId()).blocksSent());
                }
                note = " [blocks sent by " + String.join(", ", sent) + "]";
            }
            return new Sample(seconds, stats.blocksReceived(), stats.dupBlocksReceived(), note);
        }
    }

    /** A fresh Hypha node connects to {@code holder} and pins {@code root} recursively, fetching its whole DAG. */
    private static Sample hyphaPin(Path tmp, Multiaddr holder, Cid root, long blocks) throws Exception {
        try (HyphaNode fetcher = HyphaNode.start(freshDir(tmp))) {
            fetcher.connectAll(List.of(holder));
            long t0 = System.nanoTime();
            fetcher.node.content().pinAdd(root, true).get(FETCH_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            BitswapStats stats = fetcher.bitswap().stats();
            long distinct = stats.blocksReceived() - stats.dupBlocksReceived();
            String note = distinct == blocks ? "" : " [WARNING: " + distinct + " distinct blocks received of " + blocks
                    + "]";
            return new Sample(seconds, stats.blocksReceived(), stats.dupBlocksReceived(), note);
        }
    }

    /**
     * A fresh Kubo daemon dials {@code holder} and reads the file with {@code ipfs cat} into a sha256 digest; timed
     * around the command (a process start included, tens of milliseconds).
     */
    private static Sample kuboCat(Path tmp, Multiaddr holder, Cid file, long size, String sha256) throws Exception {
        try (Kubo fetcher = Kubo.start(freshDir(tmp))) {
            fetcher.run("swarm", "connect", holder.toString());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long t0 = System.nanoTime();
            long[] n = {0};
            try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    super.write(b, off, len);
                    n[0] += len;
                }
            }) {
                fetcher.stream(out, "cat", file.toString());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            check(file, size, sha256, n[0], HexFormat.of().formatHex(sha.digest()));
            return new Sample(seconds, -1, -1, "");
        }
    }

    /** A fresh Helia node dials {@code holder} and reads the file ({@code cat}); timed by Helia itself. */
    private static Sample heliaCat(Multiaddr holder, Cid file, long size, String sha256) throws Exception {
        try (JsHelia fetcher = JsHelia.start()) {
            fetcher.connect(holder, CONNECT_TIMEOUT);
            JsHelia.Fetched f = fetcher.cat(file, FETCH_TIMEOUT);
            check(file, size, sha256, f.size(), f.sha256());
            return new Sample(f.millis() / 1e3, -1, -1, "");
        }
    }

    /** A fresh Helia node dials {@code holder} and pins {@code root} ({@code helia.pins.add}); timed by Helia. */
    private static Sample heliaPin(Multiaddr holder, Cid root, long blocks) throws Exception {
        try (JsHelia fetcher = JsHelia.start()) {
            fetcher.connect(holder, CONNECT_TIMEOUT);
            JsHelia.Pinned p = fetcher.pin(root, FETCH_TIMEOUT);
            String note = p.blocks() == blocks ? "" : " [WARNING: Helia's walk yielded " + p.blocks() + " blocks of "
                    + blocks + "]";
            return new Sample(p.millis() / 1e3, -1, -1, note);
        }
    }

    private static void check(Cid file, long size, String sha256, long gotSize, String gotSha256) {
        if (gotSize != size || !gotSha256.equals(sha256)) {
            throw new IllegalStateException(file + ": read " + gotSize + " bytes with sha256 " + gotSha256
                    + ", expected " + size + " bytes with sha256 " + sha256);
        }
    }

    /** perf downloads between the holder and a fresh Hypha node: one unmeasured run, then the mean of the others. */
    private static double perf(Path tmp, HyphaNode holder, long bytes, int runs) throws Exception {
        try (HyphaNode client = HyphaNode.start(freshDir(tmp))) {
            client.connectAll(List.of(holder.address()));
            List<Double> mbs = new ArrayList<>();
            for (int i = 0; i < WARM_UP_RUNS + runs; i++) {
                PerfResult r = Perf.run(client.node.host(), holder.node.peerId(), 0, bytes)
                        .get(FETCH_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (i >= WARM_UP_RUNS) {
                    mbs.add(bytes / 1e6 / (r.download().toNanos() / 1e9));
                }
            }
            double mean = mbs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            System.out.printf(Locale.ROOT, "perf download, Hypha ← Hypha, %d MiB: %s MB/s, mean %.0f MB/s%n",
                    bytes / MIB, mbs.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList(), mean);
            return mean;
        }
    }

    private static void summary(List<Row> rows, double perfMbs, long fileMib) {
        System.out.println();
        System.out.println("| transfer | fetcher ← holder | MB/s | blocks/s | measured runs (MB/s) | vs Helia ← Helia"
                + " | vs perf |");
        System.out.println("|---|---|---|---|---|---|---|");
        Map<String, Row> baseline = new LinkedHashMap<>();
        rows.stream().filter(r -> r.pair().equals("Helia ← Helia")).forEach(r -> baseline.put(r.part(), r));
        for (Row r : rows) {
            Row base = baseline.get(r.part());
            if (base == null) {
                // many providers: against the single-holder file's baseline, when that part ran
                base = baseline.values().stream().filter(x -> x.part().endsWith(" MiB file")).findFirst().orElse(null);
            }
            String ratio = base == null ? "—"
                    : String.format(Locale.ROOT, "%.2fx", r.mbPerSecond() / base.mbPerSecond());
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.0f | %s | %s | %.3f |%n", r.part(), r.pair(),
                    mb(r.mbPerSecond()), r.blocksPerSecond(), r.runs(), ratio, r.mbPerSecond() / perfMbs);
        }
        System.out.printf(Locale.ROOT, "| %d MiB, perf protocol (reference) | Hypha ← Hypha | %.0f | | | | 1.00 |%n",
                fileMib, perfMbs);
        System.out.println();
        System.out.println("MB = 10^6 bytes. File rows count the file's bytes; directory rows count the bytes of all"
                + " its blocks (dag-pb framing included); blocks/s counts every block of the DAG. Hypha fetchers are"
                + " timed around content().cat or content().pinAdd, Helia fetchers by Helia around its cat or"
                + " pins.add; node start, connect and identify are outside the timing.");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (IOException e) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu;
    }
}
