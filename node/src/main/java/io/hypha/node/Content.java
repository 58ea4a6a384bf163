package io.hypha.node;

import io.hypha.block.Block;
import io.hypha.block.BlockNotFoundException;
import io.hypha.block.BlockSource;
import io.hypha.crypto.KeyType;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multicodec;
import io.hypha.multiformats.Multihash;
import io.hypha.node.car.CarExport;
import io.hypha.node.car.CarImport;
import io.hypha.node.car.CarReader;
import io.hypha.node.dag.DagPath;
import io.hypha.node.dag.DagStat;
import io.hypha.node.dag.DagTraversal;
import io.hypha.node.dag.Refs;
import io.hypha.node.ipld.IpldCodec;
import io.hypha.node.internal.Futures;
import io.hypha.node.repo.GarbageCollector;
import io.hypha.node.repo.GcLock;
import io.hypha.node.repo.Keystore;
import io.hypha.node.repo.Pins;
import io.hypha.node.repo.Repo;
import io.hypha.node.repo.RepoConfig;
import io.hypha.node.repo.RepoStat;
import io.hypha.node.repo.RepoVerifier;
import io.hypha.node.store.BlockService;
import io.hypha.node.unixfs.BlockSink;
import io.hypha.node.unixfs.Chunker;
import io.hypha.node.unixfs.DirectoryEntry;
import io.hypha.node.unixfs.Exporter;
import io.hypha.node.unixfs.ImportListener;
import io.hypha.node.unixfs.ImportOptions;
import io.hypha.node.unixfs.ImportResult;
import io.hypha.node.unixfs.Importer;
import io.hypha.node.unixfs.TarExport;
import io.hypha.peer.PeerId;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * What a node does with content, in one place: add (then pin), cat, ls, get, pins, garbage collection, DAG
 * import and export, blocks, keys, repo statistics and verification. The command line's offline path, the daemon's RPC API and embedding
 * applications all call it, so each rule lives here once: an add or a pin holds the repo's GC lock shared, so a
 * collection never removes blocks of an add that has not pinned them yet; a pin needs the whole DAG, fetched
 * through the block service when the node has an exchange.
 *
 * <p>Every operation returns a future and runs its blocking work (disk, DAG walks) on threads this object owns
 * (virtual threads), never on the caller's thread nor on an event loop. Streams handed in ({@code in},
 * {@code out}) are read or written on those threads and not closed.
 */
public final class Content implements AutoCloseable {
    private final Repo repo;
    private final BlockService blocks;
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("hypha-content-", 0).factory());

    private volatile java.util.function.BiConsumer<Cid, Boolean> onPinned = (c, r) -> { };

    /**
     * Tells {@code listener} about every pin added (the CID, and whether the pin is recursive), after it is
     * stored: how the node's provider announces pinned content. Called on a worker thread; must not block long.
     */
    public void onPinned(java.util.function.BiConsumer<Cid, Boolean> listener) {
        this.onPinned = Objects.requireNonNull(listener, "listener");
    }

    private void announcePin(Cid cid, boolean recursive) {
        try {
            onPinned.accept(cid, recursive);
        } catch (RuntimeException e) {
            System.getLogger(Content.class.getName()).log(System.Logger.Level.WARNING, "a pin listener failed", e);
        }
    }

    private Content(Repo repo, BlockService blocks) {
        this.repo = Objects.requireNonNull(repo, "repo");
        this.blocks = Objects.requireNonNull(blocks, "blocks");
    }

    /** The content of {@code repo}, offline: its own blocks only. The caller keeps the repo and closes it. */
    public static Content offline(Repo repo) {
        return new Content(repo, BlockService.offline(repo.blocks()));
    }

    /**
     * The content of {@code repo}, reading through {@code blocks} (which may fetch from peers) and writing to its
     * store (a node's: the repo's store as the node counts it in its metrics).
     */
    public static Content of(Repo repo, BlockService blocks) {
        return new Content(repo, blocks);
    }

    /** How {@link #add} imports and whether it pins. */
    public record AddOptions(ImportOptions importOptions, boolean pin) {
        public AddOptions {
            Objects.requireNonNull(importOptions, "importOptions");
        }

        /** Kubo's defaults: the default import profile, pinned. */
        public static AddOptions defaults() {
            return new AddOptions(ImportOptions.defaults(), true);
        }
    }

    /** What {@link #dagImport} stored and pinned. */
    public record DagImportResult(List<Cid> roots, long blocks, long bytes, List<Cid> pinned) {
        public DagImportResult {
            roots = List.copyOf(roots);
            pinned = List.copyOf(pinned);
        }
    }

    /** The repo's import settings ({@code Import.*} in the config) over Kubo's defaults. */
    public ImportOptions importDefaults() {
        return importOptions(repo.config().importSettings());
    }

    /** Whether the repo's config chooses raw leaves ({@code Import.UnixFSRawLeaves} set). */
    public boolean rawLeavesConfigured() {
        return repo.config().importSettings().unixfsRawLeaves() != null;
    }

    /**
     * {@code base} with {@code --cid-version=version}, by Kubo's rule: CID version 1 implies raw leaves (and 0 turns
     * them off) only when nothing chose them; where the profile or the config's {@code Import.UnixFSRawLeaves} did
     * ({@code leavesChosen}), that choice stands. An explicit {@code --raw-leaves} is applied after this.
     */
    public static ImportOptions withCidVersion(ImportOptions base, int version, boolean leavesChosen) {
        ImportOptions o = base.withCidVersion(version);
        return leavesChosen ? o.withRawLeaves(base.rawLeaves()) : o;
    }

    /** Kubo's default import options with the config's {@code Import.*} settings applied ({@code null}: none). */
    public static ImportOptions importOptions(RepoConfig.ImportSettings config) {
        ImportOptions o = ImportOptions.defaults();
        if (config == null) {
            return o;
        }
        if (config.cidVersion() != null) {
            o = o.withCidVersion(config.cidVersion());
        }
        if (config.unixfsRawLeaves() != null) {
            o = o.withRawLeaves(config.unixfsRawLeaves());
        }
        if (config.unixfsChunker() != null) {
            o = o.withChunker(Chunker.parse(config.unixfsChunker()));
        }
        if (config.unixfsFileMaxLinks() != null) {
            o = o.withMaxLinks(config.unixfsFileMaxLinks());
        }
        return o;
    }

    /**
     * Imports a file, or a directory tree, as UnixFS and pins the root unless told not to;
     * see {@link #addAll(AddOptions, ImportListener, AddJob)}.
     */
    public CompletableFuture<ImportResult> add(Path path, AddOptions options, ImportListener listener) {
        return addAll(options, listener, importer -> List.of(importer.importPath(path))).thenApply(r -> r.get(0));
    }

    /**
     * Imports several files or directory trees as {@code ipfs add PATH...} does: each its own root, or, with
     * {@link ImportOptions#wrapWithDirectory()}, all of them in one directory (named by their file names) whose
     * root is the only one; see {@link #addAll(AddOptions, ImportListener, AddJob)}.
     */
    public CompletableFuture<List<ImportResult>> add(List<Path> paths, AddOptions options, ImportListener listener) {
        return addAll(options, listener, importer -> importPaths(importer, paths));
    }

    /** {@link #add(List, AddOptions, ImportListener)} with {@code --only-hash}: needs no repo, stores nothing. */
    public static List<ImportResult> onlyHash(List<Path> paths, ImportOptions options, ImportListener listener)
            throws IOException {
        return importPaths(new Importer(BlockSink.discard(), options.withOnlyHash(true), listener), paths);
    }

    /** Each path its own root, or all of them in one directory under wrapping. */
    private static List<ImportResult> importPaths(Importer importer, List<Path> paths) throws IOException {
        if (!importer.options().wrapWithDirectory()) {
            List<ImportResult> results = new ArrayList<>();
            for (Path p : paths) {
                results.add(importer.importPath(p));
            }
            return results;
        }
        io.hypha.node.unixfs.TreeImport wrapper = importer.tree("");
        for (Path p : paths) {
            Path name = p.toAbsolutePath().normalize().getFileName();
            if (name == null) {
                throw new IllegalArgumentException(p + " has no name to wrap it under");
            }
            wrapper.path(name.toString(), p);
        }
        return List.of(wrapper.finish());
    }

    /** Imports one stream as a file named {@code name}; see {@link #addAll(AddOptions, ImportListener, AddJob)}. */
    public CompletableFuture<ImportResult> add(String name, InputStream in, AddOptions options, ImportListener listener) {
        return addAll(options, listener, importer -> List.of(importer.importStream(name, in))).thenApply(r -> r.get(0));
    }

    /** An import of several roots: it runs with the importer {@link #addAll} gives it and returns each root. */
    @FunctionalInterface
    public interface AddJob {
        List<ImportResult> run(Importer importer) throws IOException;
    }

    /**
     * Runs {@code job} (on the content executor) with an importer into the repo, then pins each root it returns
     * unless told not to; all under the GC lock, so a collection cannot take the new blocks before they are pinned.
     * If the job fails (bad input, a client gone), nothing is pinned and its blocks are left for the next
     * collection. With {@link ImportOptions#onlyHash()} nothing is stored, locked or pinned.
     */
    public CompletableFuture<List<ImportResult>> addAll(AddOptions options, ImportListener listener, AddJob job) {
        return run(() -> {
            Importer importer = new Importer(BlockSink.of(blocks.store()), options.importOptions(), listener);
            if (options.importOptions().onlyHash()) {
                return job.run(importer);
            }
            try (GcLock.Unlocker held = lockShared()) {
                List<ImportResult> results = job.run(importer);
                if (options.pin()) {
                    for (ImportResult r : results) {
                        repo.pins().pinRecursive(r.root());
                        announcePin(r.root(), true);
                    }
                }
                return results;
            }
        });
    }

    /** Writes a UnixFS file's bytes from {@code offset}, at most {@code length} ({@code < 0}: to the end). */
    public CompletableFuture<Long> cat(Cid cid, long offset, long length, OutputStream out) {
        return run(() -> {
            try (BlockService.Session session = blocks.session()) {
                return new Exporter(session).cat(cid, offset, length, out);
            }
        });
    }

    /** The entries of a UnixFS directory (flat or HAMT-sharded). */
    public CompletableFuture<List<DirectoryEntry>> ls(Cid cid) {
        return run(() -> {
            try (BlockService.Session session = blocks.session()) {
                return new Exporter(session).ls(cid);
            }
        });
    }

    /** Writes a file, directory tree or symlink to {@code target}, which must not exist. */
    public CompletableFuture<Void> get(Cid cid, Path target) {
        return run(() -> {
            try (BlockService.Session session = blocks.session()) {
                new Exporter(session).get(cid, target);
            }
            return null;
        });
    }

    /** Pins {@code cid}: recursively (its whole DAG must be readable) or directly (the block alone). */
    public CompletableFuture<Void> pinAdd(Cid cid, boolean recursive) {
        return run(() -> {
            try (GcLock.Unlocker held = lockShared()) {
                if (recursive) {
                    fetchDag(cid);
                    repo.pins().pinRecursive(cid);
                    announcePin(cid, true);
                } else {
                    repo.pins().pinDirect(cid);
                    announcePin(cid, false);
                }
                return null;
            }
        });
    }

    /** The pins of the given modes (indirect ones found by walking the recursive pins). */
    public CompletableFuture<List<Pins.Pin>> pinLs(Set<Pins.Mode> modes) {
        return run(() -> repo.pins().list(modes));
    }

    /** How {@code cid} is pinned, if it is. */
    public CompletableFuture<Optional<Pins.Mode>> pinned(Cid cid) {
        return run(() -> repo.pins().pinned(cid));
    }

    /** Removes a pin (a recursive one only when {@code recursive}). */
    public CompletableFuture<Void> pinRm(Cid cid, boolean recursive) {
        return run(() -> {
            repo.pins().unpin(cid, recursive);
            return null;
        });
    }

    /** Removes every block no pin reaches, reporting each removed CID to {@code onRemoved} as it goes. */
    public CompletableFuture<GarbageCollector.Result> gc(Consumer<Cid> onRemoved) {
        return run(() -> {
            try {
                return repo.collectGarbage(onRemoved);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("garbage collection interrupted");
            }
        });
    }

    /** Writes the DAGs under {@code roots} as a CARv1 (Kubo's {@code dag export}). */
    public CompletableFuture<CarExport.Result> dagExport(List<Cid> roots, OutputStream out) {
        return inSession(session -> CarExport.export(session, roots, out));
    }

    /** Stores every block of a CARv1 (each verified against its CID) and pins its roots when asked. */
    public CompletableFuture<DagImportResult> dagImport(InputStream in, boolean pinRoots) {
        return run(() -> {
            try (GcLock.Unlocker held = lockShared(); CarReader car = CarReader.open(in)) {
                CarImport.Result r = CarImport.into(blocks.store(), car);
                List<Cid> pinned = new ArrayList<>();
                if (pinRoots) {
                    for (Cid root : r.roots()) {
                        repo.pins().pinRecursive(root);
                        announcePin(root, true);
                        pinned.add(root);
                    }
                }
                return new DagImportResult(r.roots(), r.blocks(), r.bytes(), pinned);
            }
        });
    }

    /** What {@link #blockRm} did with one block. */
    public record BlockRemoval(Cid cid, boolean removed, Optional<Pins.Mode> pinned) {}

    /** Stores one block (verified against its CID) and pins it directly when asked, under the GC lock. */
    public CompletableFuture<Cid> blockPut(Block block, boolean pin) {
        return run(() -> {
            try (GcLock.Unlocker held = lockShared()) {
                Futures.await(blocks.store().put(block), "storing " + block.cid());
                if (pin) {
                    repo.pins().pinDirect(block.cid());
                    announcePin(block.cid(), false);
                }
                return block.cid();
            }
        });
    }

    /**
     * The block (verified), read through the block service; fails with {@link BlockNotFoundException} when
     * neither the store nor (online) a peer has it.
     */
    public CompletableFuture<Block> blockGet(Cid cid) {
        String where = blocks.isOnline()
                ? "not in the local repo, and no peer provided it"
                : "offline: only the local repo is searched";
        return blocks.get(cid).thenApply(found -> found.orElseThrow(() -> new BlockNotFoundException(cid, where)));
    }

    /** Removes a block from the local store, unless it is pinned (then nothing is removed). */
    public CompletableFuture<BlockRemoval> blockRm(Cid cid) {
        return run(() -> {
            Optional<Pins.Mode> pinned = repo.pins().pinned(cid);
            if (pinned.isPresent()) {
                return new BlockRemoval(cid, false, pinned);
            }
            boolean removed = Futures.await(blocks.store().delete(cid), "removing " + cid);
            return new BlockRemoval(cid, removed, Optional.empty());
        });
    }

    /** Re-hashes every stored block, reporting each corrupt one to {@code onCorrupt} as it is found. */
    public CompletableFuture<RepoVerifier.Result> repoVerify(Consumer<RepoVerifier.Corrupt> onCorrupt) {
        return run(() -> RepoVerifier.verify(repo.blocks(), onCorrupt));
    }

    /** A key: its name in the keystore ({@value io.hypha.node.repo.Keystore#SELF} for the node's own) and id. */
    public record Key(String name, PeerId id) {}

    /** Generates a key in the repo's keystore; {@code bits} for RSA only ({@code null}: the default). */
    public CompletableFuture<Key> keyGen(String name, KeyType type, Integer bits) {
        return run(() -> new Key(name, PeerId.fromPublicKey(repo.keystore().generate(name, type, bits).publicKey())));
    }

    /** {@code self} (the node's identity) first, then the keystore's keys by name. */
    public CompletableFuture<List<Key>> keyList() {
        return run(() -> {
            List<Key> keys = new ArrayList<>();
            keys.add(new Key(Keystore.SELF, repo.peerId()));
            for (String name : repo.keystore().names()) {
                repo.keystore().get(name).ifPresent(k -> keys.add(new Key(name, PeerId.fromPublicKey(k.publicKey()))));
            }
            return keys;
        });
    }

    /**
     * The private key named {@code nameOrId}: {@code self}, a keystore name, or the peer id of one of them (as
     * Kubo's {@code --key} takes it); fails with {@link IllegalArgumentException} when there is none.
     */
    public CompletableFuture<io.hypha.crypto.PrivateKey> privateKey(String nameOrId) {
        return run(() -> {
            if (nameOrId.equals(Keystore.SELF) || nameOrId.equals(repo.peerId().toString())) {
                return repo.privateKey();
            }
            Optional<io.hypha.crypto.PrivateKey> named = repo.keystore().names().contains(nameOrId)
                    ? repo.keystore().get(nameOrId) : Optional.empty();
            if (named.isPresent()) {
                return named.get();
            }
            for (String name : repo.keystore().names()) {
                Optional<io.hypha.crypto.PrivateKey> k = repo.keystore().get(name);
                if (k.isPresent() && PeerId.fromPublicKey(k.get().publicKey()).toString().equals(nameOrId)) {
                    return k.get();
                }
            }
            throw new IllegalArgumentException("no key named " + nameOrId);
        });
    }

    /** Removes a key from the keystore (never {@code self}). */
    public CompletableFuture<Key> keyRm(String name) {
        return run(() -> new Key(name, PeerId.fromPublicKey(repo.keystore().remove(name).publicKey())));
    }

    /** Renames a key (never {@code self}); replaces an existing {@code to} only with {@code force}. */
    public CompletableFuture<Key> keyRename(String from, String to, boolean force) {
        return run(() -> new Key(to, PeerId.fromPublicKey(repo.keystore().rename(from, to, force).publicKey())));
    }

    /** Block count and sizes, as {@code repo stat} prints them. */
    public CompletableFuture<RepoStat> repoStat() {
        return run(repo::stat);
    }

    /**
     * Kubo's {@code dag get}: the node at {@code path} under {@code cid} (through maps, lists, dag-pb link names and
     * the links met on the way, across blocks; a path ending on a link gives the linked block), encoded with
     * {@code outputCodec} ({@code dag-json} when null; {@code dag-cbor}, or {@code raw} for a bytes node).
     */
    public CompletableFuture<byte[]> dagGet(Cid cid, String path, String outputCodec) {
        IpldCodec output = IpldCodec.forName(outputCodec == null ? "dag-json" : outputCodec);
        return run(() -> {
            try (BlockService.Session session = blocks.session()) {
                return output.encode(DagPath.resolve(session, cid, path).node());
            }
        });
    }

    /**
     * The CID an IPFS path names, as Kubo's {@code cat} and {@code ls} take one: {@code /ipfs/<cid>/a/b},
     * {@code <cid>/a/b} or a bare CID, its names looked up in UnixFS directories (HAMT shards included).
     *
     * @throws IllegalArgumentException when the path does not start with a valid CID
     */
    public CompletableFuture<Cid> resolvePath(String path) {
        String p = path.startsWith("/ipfs/") ? path.substring("/ipfs/".length()) : path;
        int slash = p.indexOf('/');
        Cid root = Cid.decode(slash < 0 ? p : p.substring(0, slash));
        String rest = slash < 0 ? "" : p.substring(slash + 1).replaceAll("/+$", "");
        return rest.isEmpty() ? CompletableFuture.completedFuture(root) : resolve(root, rest);
    }

    /** The CID of the block {@code path} under {@code cid} names, resolved as {@link #dagGet} resolves it. */
    public CompletableFuture<Cid> resolve(Cid cid, String path) {
        return run(() -> {
            try (BlockService.Session session = blocks.session()) {
                return DagPath.resolveCid(session, cid, path);
            }
        });
    }

    /**
     * Kubo's {@code dag put}: decodes {@code data} with {@code inputCodec} ({@code dag-json}, {@code dag-cbor} or
     * {@code raw}), encodes it with {@code storeCodec} ({@code dag-cbor}, {@code dag-json}, {@code dag-pb},
     * {@code raw}), hashes it with {@code hash} (a multihash name such as {@code sha2-256}) and stores the block
     * under the GC lock as a CIDv1, then pins it recursively when asked (its links must then be stored).
     */
    public CompletableFuture<Cid> dagPut(byte[] data, String inputCodec, String storeCodec, String hash, boolean pin) {
        IpldCodec input = IpldCodec.forName(inputCodec);
        IpldCodec store = IpldCodec.forName(storeCodec);
        HashAlgorithm algorithm = HashAlgorithm.forName(hash);
        return run(() -> {
            Block block = Block.of(store.multicodec(), algorithm, store.encode(input.decode(data)));
            try (GcLock.Unlocker held = lockShared()) {
                Futures.await(blocks.store().put(block), "storing " + block.cid());
                if (pin) {
                    repo.pins().pinRecursive(block.cid());
                    announcePin(block.cid(), true);
                }
                return block.cid();
            }
        });
    }

    /** Kubo's {@code dag stat}: blocks and bytes per root and over all of them (see {@link DagStat}). */
    public CompletableFuture<DagStat> dagStat(List<Cid> roots) {
        return inSession(session -> DagStat.of(session, roots));
    }

    /** {@link #dagStat(List)}, passing {@code progress} the running figures after each block (Kubo's progress). */
    public CompletableFuture<DagStat> dagStat(List<Cid> roots, Consumer<DagStat> progress) {
        return inSession(session -> DagStat.of(onWorkers(session), roots, progress));
    }

    /** Kubo's {@code refs}: the links under {@code roots}, each passed to {@code onRef} as it is found. */
    public CompletableFuture<Void> refs(List<Cid> roots, Refs.Options options, Consumer<Refs.Ref> onRef) {
        return inSession(session -> Refs.walk(onWorkers(session), roots, options, onRef));
    }

    /** Kubo's {@code refs local}: every stored block, as a CIDv1 raw (the store knows multihashes only). */
    public CompletableFuture<Long> refsLocal(Consumer<Cid> onRef) {
        return run(() -> {
            try (var keys = repo.blocks().keys()) {
                long[] n = {0};
                keys.forEach(mh -> {
                    onRef.accept(Cid.v1(Multicodec.RAW, mh));
                    n[0]++;
                });
                return n[0];
            }
        });
    }

    /**
     * Kubo's {@code get} archive: the file, directory tree or symlink at {@code cid} as a tar stream on
     * {@code tarOut}, its root entry named {@code name} (Kubo names it by the last element of the path asked
     * for, so the CID); files stream block by block (see {@link TarExport}).
     */
    public CompletableFuture<Void> get(Cid cid, String name, OutputStream tarOut) {
        return run(() -> {
            try (BlockService.Session session = blocks.session()) {
                TarExport.write(session, cid, name, tarOut, System.currentTimeMillis() / 1000);
            }
            return null;
        });
    }

    /** Stops taking work; what runs finishes. The repo stays open (it is the caller's). */
    @Override
    public void close() {
        workers.shutdown();
    }

    /** Reads the whole DAG under {@code root} through the block service, so a pin fetches what it lacks. */
    private void fetchDag(Cid root) throws IOException {
        if (!blocks.isOnline()) {
            return; // the pin's own walk reports a missing block
        }
        Set<Multihash> seen = new HashSet<>();
        try (BlockService.Session session = blocks.session()) {
            fetchDag(session, root, seen);
        }
    }

    private static void fetchDag(BlockSource session, Cid root, Set<Multihash> seen) throws IOException {
        Futures.await(DagTraversal.walk(session, List.of(root), c -> seen.add(c.multihash()), "the root",
                (block, parent) -> CarExport.links(block)), "fetching " + root);
    }

    /**
     * The block service, each block handed over on this object's threads: a walk whose visitor writes to a slow
     * reader (a streamed answer) then holds one of ours, never a thread of the block store.
     */
    private BlockSource onWorkers(BlockSource source) {
        return cid -> source.get(cid).thenApplyAsync(found -> found, workers);
    }

    /**
     * Runs {@code operation} on a session of the block service of its own (one DAG, one set of peers), closed when
     * the operation's future completes, however it completes.
     */
    private <T> CompletableFuture<T> inSession(java.util.function.Function<BlockSource, CompletableFuture<T>> operation) {
        BlockService.Session session = blocks.session();
        CompletableFuture<T> done;
        try {
            done = operation.apply(session);
        } catch (RuntimeException e) {
            session.close();
            return CompletableFuture.failedFuture(e);
        }
        return done.whenComplete((v, e) -> session.close());
    }

    private GcLock.Unlocker lockShared() throws InterruptedIOException {
        try {
            return repo.gcLock().lockShared();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while a garbage collection runs");
        }
    }

    private interface Work<T> {
        T call() throws IOException;
    }

    private <T> CompletableFuture<T> run(Work<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (UncheckedIOException e) {
                throw new CompletionException(e.getCause());
            }
        }, workers);
    }
}
