package io.hypha.node.repo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.node.store.FileBlockstore;
import io.hypha.node.store.FileBlockstoreConfig;
import io.hypha.peer.PeerId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A Hypha repository on disk, laid out as Kubo's fsrepo:
 * <pre>
 * $HYPHA_PATH/            (default ~/.hypha; mode 700)
 *   config                JSON, Kubo's shape: Identity, Addresses, Datastore, Bootstrap, Import (mode 600)
 *   version               the repo format version, {@value #VERSION}
 *   repo.lock             held (an OS file lock) by the process that has the repo open
 *   blocks/               the blockstore, Kubo's flatfs layout ({@link FileBlockstore})
 *   datastore/            pins and other records ({@link MvStoreDatastore})
 * </pre>
 * An open repo holds the lock until {@link #close()}; a second open, from any process, fails with
 * {@link RepoException.Locked}. Opening and closing are blocking: not on an event loop.
 */
public final class Repo implements AutoCloseable {
    /** The environment variable naming the repository directory, as Kubo's {@code IPFS_PATH}. */
    public static final String PATH_ENV = "HYPHA_PATH";
    /** The repository directory under the user's home when {@link #PATH_ENV} is unset. */
    public static final String DEFAULT_DIR = ".hypha";
    /** The repository format this build reads and writes. */
    public static final int VERSION = 1;
    public static final String CONFIG_FILE = "config";
    public static final String VERSION_FILE = "version";
    public static final String BLOCKS_DIR = "blocks";
    public static final String DATASTORE_DIR = "datastore";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final String OWNER_ONLY_DIR = "rwx------";
    private static final String OWNER_ONLY_FILE = "rw-------";

    private final Path path;
    private final RepoConfig config;
    private final PrivateKey privateKey;
    private final PeerId peerId;
    private final RepoLock lock;
    private final FileBlockstore blocks;
    private final MvStoreDatastore datastore;
    private final Pins pins;
    private final GcLock gcLock = new GcLock();
    private final ConfigFile configFile;

    private Repo(Path path, RepoConfig config, PrivateKey privateKey, RepoLock lock, FileBlockstore blocks,
            MvStoreDatastore datastore) {
        this.path = path;
        this.config = config;
        this.configFile = new ConfigFile(path);
        this.privateKey = privateKey;
        this.peerId = PeerId.fromPublicKey(privateKey.publicKey());
        this.lock = lock;
        this.blocks = blocks;
        this.datastore = datastore;
        this.pins = new Pins(datastore, blocks);
    }

    /** {@code $HYPHA_PATH} from {@code env} if set and not blank, else {@code $HOME/.hypha} ({@code userHome} when {@code HOME} is unset). */
    public static Path defaultPath(Map<String, String> env, String userHome) {
        String fromEnv = env.get(PATH_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        // ~ is $HOME when set, as for Kubo's ~/.ipfs (the JVM's user.home comes from the password database)
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : userHome, DEFAULT_DIR);
    }

    /** {@link #defaultPath(Map, String)} of this process's environment and home directory. */
    public static Path defaultPath() {
        return defaultPath(System.getenv(), System.getProperty("user.home"));
    }

    /** Whether a repository exists at {@code path} (its config file is written last by {@link #init}). */
    public static boolean isInitialized(Path path) {
        return Files.isRegularFile(path.resolve(CONFIG_FILE));
    }

    /**
     * Creates a repository at {@code path} with a new Ed25519 identity and opens it. The directory may exist
     * if it holds no repository. The config file is written last, atomically, so an interrupted init leaves
     * no half repository behind that {@link #open} would accept.
     *
     * @throws RepoException.AlreadyExists if there is a repository at {@code path}
     * @throws RepoException.Locked if another process is initialising it
     */
    public static Repo init(Path path, RepoInitOptions options) throws IOException {
        Path dir = path.toAbsolutePath();
        if (isInitialized(dir)) {
            throw new RepoException.AlreadyExists(dir);
        }
        createPrivateDirectory(dir);
        RepoLock lock = RepoLock.acquire(dir);
        try {
            if (isInitialized(dir)) {
                throw new RepoException.AlreadyExists(dir);
            }
            PrivateKey key = options.identity().orElseGet(() -> PrivateKey.generate(KeyType.ED25519));
            RepoConfig config = new RepoConfig(
                    new RepoConfig.Identity(PeerId.fromPublicKey(key.publicKey()).toBase58(),
                            Base64.getEncoder().encodeToString(key.encode())),
                    RepoConfig.DatastoreSettings.DEFAULTS, RepoConfig.Addresses.DEFAULTS,
                    RepoConfig.DEFAULT_BOOTSTRAP, RepoConfig.ImportSettings.UNSET);
            for (ConfigProfile profile : options.profiles()) {
                config = profile.apply(config);
            }
            FileBlockstore.open(dir.resolve(BLOCKS_DIR)).close();
            MvStoreDatastore.open(dir.resolve(DATASTORE_DIR)).close();
            writeAtomically(dir, dir.resolve(VERSION_FILE), (VERSION + "\n").getBytes(StandardCharsets.US_ASCII));
            writeAtomically(dir, dir.resolve(CONFIG_FILE), JSON.writeValueAsBytes(config));
            return openLocked(dir, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Opens the repository at {@code path}, taking its lock.
     *
     * @throws RepoException.NotInitialized if there is none
     * @throws RepoException.Locked if another process (or another {@code Repo} here) has it open
     * @throws RepoException.BadVersion if its version is not {@value #VERSION}
     * @throws RepoException.BadConfig if the config file cannot be read
     */
    public static Repo open(Path path) throws IOException {
        Path dir = path.toAbsolutePath();
        if (!isInitialized(dir)) {
            throw new RepoException.NotInitialized(dir);
        }
        RepoLock lock = RepoLock.acquire(dir);
        try {
            return openLocked(dir, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static Repo openLocked(Path dir, RepoLock lock) throws IOException {
        checkVersion(dir);
        RepoConfig config = readConfig(dir);
        PrivateKey key;
        try {
            key = PrivateKey.decode(Base64.getDecoder().decode(config.identity().privKey()));
        } catch (IllegalArgumentException e) {
            throw new RepoException.BadConfig(dir.resolve(CONFIG_FILE), "Identity.PrivKey: " + e.getMessage(), e);
        }
        PeerId peerId = PeerId.fromPublicKey(key.publicKey());
        if (!peerId.toBase58().equals(config.identity().peerId())) {
            throw new RepoException.BadConfig(dir.resolve(CONFIG_FILE), "Identity.PeerID " + config.identity().peerId()
                    + " does not match the private key's peer id " + peerId, null);
        }
        FileBlockstoreConfig blockConfig = FileBlockstoreConfig.DEFAULTS;
        if (!config.datastore().flatfsSync()) {
            blockConfig = new FileBlockstoreConfig(blockConfig.ioThreads(), blockConfig.maxPendingOperations(), false);
        }
        FileBlockstore blocks = FileBlockstore.open(dir.resolve(BLOCKS_DIR), blockConfig);
        MvStoreDatastore datastore;
        try {
            datastore = MvStoreDatastore.open(dir.resolve(DATASTORE_DIR));
        } catch (IOException | RuntimeException e) {
            blocks.close();
            throw e;
        }
        return new Repo(dir, config, key, lock, blocks, datastore);
    }

    private static void checkVersion(Path dir) throws IOException {
        String text;
        try {
            text = Files.readString(dir.resolve(VERSION_FILE), StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new RepoException.BadVersion(dir, "the version file is missing");
        }
        int version;
        try {
            version = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new RepoException.BadVersion(dir, "the version file holds '" + text + "', not a number");
        }
        if (version != VERSION) {
            throw new RepoException.BadVersion(dir, "repo version " + version + " is not supported; this Hypha reads "
                    + "version " + VERSION);
        }
    }

    /**
     * The config of the repo at {@code dir}, read without opening (and locking) the repo, as commands that need only
     * settings do while a daemon holds it; empty when {@code dir} holds no config.
     */
    public static java.util.Optional<RepoConfig> peekConfig(Path dir) throws IOException {
        return Files.isRegularFile(dir.resolve(CONFIG_FILE)) ? java.util.Optional.of(readConfig(dir))
                : java.util.Optional.empty();
    }

    private static RepoConfig readConfig(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG_FILE);
        try {
            return JSON.readValue(file.toFile(), RepoConfig.class);
        } catch (JsonProcessingException e) {
            throw new RepoException.BadConfig(file, e.getOriginalMessage(), e);
        }
    }

    /** The repository directory (absolute). */
    /** The repo's named keys ({@code keystore/}, Kubo's layout). */
    public Keystore keystore() {
        return new Keystore(path().resolve(Keystore.DIR));
    }

    public Path path() {
        return path;
    }

    /** The configuration read when the repo was opened. */
    public RepoConfig config() {
        return config;
    }

    /** The config file, to read and change by key; changes apply when the repo is next opened. */
    public ConfigFile configFile() {
        return configFile;
    }

    /** The node's private key. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The node's peer id. */
    public PeerId peerId() {
        return peerId;
    }

    /** The blockstore in {@code blocks/}. */
    public FileBlockstore blocks() {
        return blocks;
    }

    /** The datastore in {@code datastore/}. */
    public Datastore datastore() {
        return datastore;
    }

    /** The pins, kept in {@link #datastore()}. */
    public Pins pins() {
        return pins;
    }

    /** The lock adds hold shared and garbage collection exclusively. */
    public GcLock gcLock() {
        return gcLock;
    }

    /** Garbage collection over this repo's blocks and pins; see {@link GarbageCollector}. */
    public GarbageCollector.Result collectGarbage(java.util.function.Consumer<io.hypha.multiformats.Cid> onRemoved)
            throws IOException, InterruptedException {
        return GarbageCollector.collect(blocks, pins, gcLock, onRemoved);
    }

    /** Statistics as {@code repo stat} prints them: counts the blocks and sizes the whole directory. Blocking. */
    public RepoStat stat() throws IOException {
        long objects;
        try (Stream<?> keys = blocks.keys()) {
            objects = keys.count();
        }
        return new RepoStat(objects, directorySize(path), config.datastore().storageMaxBytes(), path,
                "fs-repo@" + VERSION);
    }

    private static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.mapToLong(p -> {
                try {
                    return Files.isRegularFile(p) ? Files.size(p) : 0;
                } catch (NoSuchFileException e) {
                    return 0; // removed while walking (a temporary file)
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Closes the stores and releases the lock. Idempotent. */
    @Override
    public void close() throws IOException {
        try {
            blocks.close();
            datastore.close();
        } finally {
            lock.close();
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        FileAttribute<?>[] attrs = posix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY_DIR))}
                : new FileAttribute<?>[0];
        Files.createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir, attrs);
        } catch (FileAlreadyExistsException e) {
            // created concurrently: the lock decides who initialises it
        }
    }

    /** Writes {@code data} to a mode-600 temporary file, syncs it, renames it over {@code target}, syncs {@code dir}. */
    static void writeAtomically(Path dir, Path target, byte[] data) throws IOException {
        FileAttribute<?>[] attrs = posix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY_FILE))}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + "-", ".tmp", attrs);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (posix(dir)) {
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            }
        }
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Options of {@link #init}.
     *
     * @param profiles config profiles applied in order
     * @param identity a key to use instead of a new Ed25519 one (tests, key import)
     */
    public record RepoInitOptions(List<ConfigProfile> profiles, java.util.Optional<PrivateKey> identity) {
        /** No profile, a new Ed25519 key. */
        public static final RepoInitOptions DEFAULTS = new RepoInitOptions(List.of(), java.util.Optional.empty());

        public RepoInitOptions {
            profiles = List.copyOf(profiles);
            Objects.requireNonNull(identity, "identity");
        }

        /** The given profiles and a new Ed25519 key. */
        public static RepoInitOptions withProfiles(List<ConfigProfile> profiles) {
            return new RepoInitOptions(profiles, java.util.Optional.empty());
        }
    }
}
